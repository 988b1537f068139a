"""Shared fixtures. The suite runs once per backend: `KERAS_BACKEND` is set to
tensorflow, jax or torch by `make test` before Keras is imported."""

import functools
import http.server
import os
import threading

import keras
import numpy as np
import pytest

BACKENDS = ("tensorflow", "jax", "torch")


def pytest_report_header(config):
    return f"keras backend: {keras.backend.backend()} (the suite runs under {', '.join(BACKENDS)})"


@pytest.fixture(autouse=True)
def _seeded():
    keras.utils.set_random_seed(1234)
    yield
    keras.backend.clear_session()


def tiny_dcgan(seed=0, **kwargs):
    """An 8×8 DCGAN small enough for fast tests."""
    from keras_gans.models import DCGAN

    options = dict(image_shape=(8, 8, 1), latent_dim=4, generator_filters=4, discriminator_filters=4, seed=seed)
    options.update(kwargs)
    return DCGAN(**options)


def tiny_images(n=32, shape=(8, 8, 1), seed=0):
    return np.random.default_rng(seed).uniform(-1, 1, (n, *shape)).astype("float32")


def run_python(code, backend, env=None):
    """Runs `code` in a fresh interpreter with `KERAS_BACKEND=backend`."""
    import subprocess
    import sys

    full_env = {**os.environ, "KERAS_BACKEND": backend, **(env or {})}
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    full_env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, full_env.get("PYTHONPATH")]))
    result = subprocess.run([sys.executable, "-c", code], env=full_env, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise AssertionError(f"{backend} subprocess failed:\n{result.stderr[-4000:]}")
    return result.stdout


class LocalServer:
    """A static file server on 127.0.0.1 for download tests: `folder`, `url`, `stop()`."""

    def __init__(self, folder):
        self.folder = folder
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
        handler.log_message = lambda *args: None
        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()

    def stop(self):
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None


@pytest.fixture
def server(tmp_path):
    """A LocalServer serving tmp_path/served."""
    served = tmp_path / "served"
    served.mkdir()
    local = LocalServer(served)
    yield local
    local.stop()
