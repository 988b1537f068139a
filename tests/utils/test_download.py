import functools
import hashlib
import http.server
import os
import threading

import pytest

from keras_gans.utils.download import fetch


@pytest.fixture
def server(tmp_path):
    """A file server on 127.0.0.1 serving tmp_path/served."""
    served = tmp_path / "served"
    served.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(served))
    handler.log_message = lambda *args: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield served, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_fetch_downloads_once_and_checks_the_hash(server, tmp_path):
    served, url = server
    payload = os.urandom(5000)
    (served / "weights.h5").write_bytes(payload)
    cache = tmp_path / "cache"
    path = fetch(f"{url}/weights.h5", hashlib.sha256(payload).hexdigest(), cache_dir=str(cache))
    assert open(path, "rb").read() == payload
    (served / "weights.h5").unlink()  # a second call must not need the server
    assert fetch(f"{url}/weights.h5", hashlib.md5(payload).hexdigest(), cache_dir=str(cache)) == path


def test_a_download_with_the_wrong_hash_is_not_kept(server, tmp_path):
    served, url = server
    (served / "weights.h5").write_bytes(b"tampered")
    cache = tmp_path / "cache"
    with pytest.raises(ValueError, match="not the expected"):
        fetch(f"{url}/weights.h5", "0" * 64, cache_dir=str(cache))
    assert not cache.exists() or not os.listdir(cache)


def test_a_corrupted_cache_and_an_unreachable_server_are_explained(server, tmp_path):
    _, url = server
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "weights.h5").write_bytes(b"half a file")
    with pytest.raises(ValueError, match="Delete it to download it again"):
        fetch(f"{url}/weights.h5", "0" * 64, cache_dir=str(cache))
    with pytest.raises(ConnectionError, match="pass the local file's path"):
        fetch(f"{url}/missing.h5", "0" * 64, cache_dir=str(cache))
