import hashlib
import os

import pytest

from keras_gans.utils.download import fetch


def test_fetch_downloads_once_and_checks_the_hash(server, tmp_path):
    served, url = server.folder, server.url
    payload = os.urandom(5000)
    (served / "weights.h5").write_bytes(payload)
    cache = tmp_path / "cache"
    path = fetch(f"{url}/weights.h5", hashlib.sha256(payload).hexdigest(), cache_dir=str(cache))
    assert open(path, "rb").read() == payload
    (served / "weights.h5").unlink()  # a second call must not need the server
    assert fetch(f"{url}/weights.h5", hashlib.md5(payload).hexdigest(), cache_dir=str(cache)) == path


def test_a_download_with_the_wrong_hash_is_not_kept(server, tmp_path):
    served, url = server.folder, server.url
    (served / "weights.h5").write_bytes(b"tampered")
    cache = tmp_path / "cache"
    with pytest.raises(ValueError, match="not the expected"):
        fetch(f"{url}/weights.h5", "0" * 64, cache_dir=str(cache))
    assert not cache.exists() or not os.listdir(cache)


def test_a_corrupted_cache_is_downloaded_again(server, tmp_path):
    served, url = server.folder, server.url
    payload = os.urandom(100)
    (served / "weights.h5").write_bytes(payload)
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "weights.h5").write_bytes(b"half a file")
    with pytest.warns(UserWarning, match="was removed and is downloaded again"):
        path = fetch(f"{url}/weights.h5", hashlib.sha256(payload).hexdigest(), cache_dir=str(cache))
    assert open(path, "rb").read() == payload


def test_a_corrupted_cache_and_an_unreachable_server_are_explained(server, tmp_path):
    url = server.url
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "weights.h5").write_bytes(b"half a file")
    with pytest.warns(UserWarning), pytest.raises(ConnectionError, match="pass the local file's path"):
        fetch(f"{url}/weights.h5", "0" * 64, cache_dir=str(cache))
    assert not (cache / "weights.h5").exists()
    with pytest.raises(ConnectionError, match="pass the local file's path"):
        fetch(f"{url}/missing.h5", "0" * 64, cache_dir=str(cache))
