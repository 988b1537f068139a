"""Fetching a file once, checked against its hash, written atomically."""

import hashlib
import os
import shutil
import urllib.request
import warnings

from keras_gans.utils.files import atomic_path



def default_cache():
    """`$KERAS_HOME/keras_gans` (`~/.keras/keras_gans` by default), read at call time."""
    keras_home = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    return os.path.join(keras_home, "keras_gans")


def file_hash(path, algorithm="sha256", chunk_size=1 << 20):
    """The hex digest of a file (`"sha256"` or `"md5"`)."""
    digest = hashlib.new(algorithm)
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(chunk_size), b""):
            digest.update(chunk)
    return digest.hexdigest()


def fetch(url, expected_hash, file_name=None, cache_dir=None, timeout=60):
    """Returns a local copy of `url`, downloading it on first use.

    The download goes to a temporary file beside the destination and is
    moved into place only once its hash matches, so an interrupted or
    tampered download never leaves a file that a later call would trust. A
    cached file is checked again on every call.

    Args:
        url: where to download from (`http(s)://` or `file://`).
        expected_hash: hex digest of the file; 32 characters are read as
            MD5, 64 as SHA-256.
        file_name: the cached file's name (default: the URL's last part).
        cache_dir: where to keep it (default `$KERAS_HOME/keras_gans`, where
            `KERAS_HOME` defaults to `~/.keras` as in Keras).
        timeout: seconds to wait for the server.

    Returns:
        The path of the verified local file.

    Raises:
        ConnectionError: the file could not be downloaded (offline); the
            message says how to give a local file instead.
        ValueError: the downloaded file has the wrong hash (it is not kept;
            a cached copy with the wrong hash is removed and downloaded
            again).
    """
    algorithm = {32: "md5", 64: "sha256"}.get(len(expected_hash))
    if algorithm is None:
        raise ValueError(f"expected_hash must be an MD5 or SHA-256 hex digest, got {expected_hash!r}.")
    path = os.path.join(cache_dir or default_cache(), file_name or os.path.basename(url.split("?")[0]))
    if os.path.exists(path):
        if file_hash(path, algorithm) == expected_hash:
            return path
        # A corrupted or replaced copy is never used: drop it and download
        # the file again.
        os.remove(path)
        warnings.warn(f"The cached file {path} did not match its {algorithm} hash; it was removed "
                      "and is downloaded again.", stacklevel=2)
    with atomic_path(path) as temporary:
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response, open(temporary, "wb") as file:
                shutil.copyfileobj(response, file)
        except OSError as error:
            raise ConnectionError(
                f"Could not download {url} ({type(error).__name__}: {error}). Without internet, "
                "download it elsewhere and pass the local file's path instead."
            ) from None
        actual = file_hash(temporary, algorithm)
        if actual != expected_hash:
            raise ValueError(
                f"The file downloaded from {url} has {algorithm} {actual}, not the expected "
                f"{expected_hash}; it was not kept. Try again, or check the URL."
            )
    return path
