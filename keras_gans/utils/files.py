"""Writing files so that a crash never leaves a half-written one behind."""

import contextlib
import os
import shutil
import tempfile


@contextlib.contextmanager
def atomic_path(path):
    """Yields a temporary path beside `path`, moved onto `path` on success.

    The temporary file keeps `path`'s extension, so writers that choose a
    format by extension (matplotlib, Keras, NumPy) behave as for `path`. On
    an exception the temporary file is removed and `path` is left as it was.
    """
    path = os.fspath(path)
    directory, name = os.path.split(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    stem, extension = _split_extension(name)
    fd, temporary = tempfile.mkstemp(prefix=f".{stem}.", suffix=f".tmp{extension}", dir=directory)
    os.close(fd)
    # mkstemp makes the file private (0600); give it the mode a plain open()
    # would have, so the finished file is as readable as any other.
    os.chmod(temporary, 0o666 & ~_umask())
    try:
        yield temporary
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


@contextlib.contextmanager
def atomic_directory(path):
    """Yields a temporary directory beside `path`, moved onto `path` on success.

    A directory cannot be replaced in one step, so an existing `path` is
    first renamed aside and removed only once the new one is in place: at
    every moment `path` is either the old complete directory or the new one.
    On an exception the temporary directory is removed and `path` is left
    as it was.
    """
    path = os.path.abspath(os.fspath(path))
    parent, name = os.path.split(path)
    os.makedirs(parent, exist_ok=True)
    temporary = tempfile.mkdtemp(prefix=f".{name}.", suffix=".tmp", dir=parent)
    os.chmod(temporary, 0o777 & ~_umask())
    try:
        yield temporary
        if os.path.lexists(path):
            old = tempfile.mkdtemp(prefix=f".{name}.", suffix=".old", dir=parent)
            os.replace(path, os.path.join(old, name))
            os.replace(temporary, path)
            shutil.rmtree(old)
        else:
            os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            shutil.rmtree(temporary)


def _split_extension(name):
    # Keras needs the whole ".weights.h5" suffix, not just ".h5".
    for extension in (".weights.h5", ".weights.json"):
        if name.endswith(extension):
            return name[: -len(extension)], extension
    return os.path.splitext(name)


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask
