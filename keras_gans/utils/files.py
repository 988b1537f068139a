"""Writing files so that a crash never leaves a half-written one behind."""

import contextlib
import os
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
