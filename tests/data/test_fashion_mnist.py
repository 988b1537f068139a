import gzip
import importlib
import os

import numpy as np
import pytest

from keras_gans.data import fashion_mnist, read_idx

# The function shadows its module in keras_gans.data.
fashion_mnist_module = importlib.import_module("keras_gans.data.fashion_mnist")


def write_idx(path, array, compress=False):
    codes = {np.dtype("uint8"): 0x08, np.dtype(">i4"): 0x0C}
    header = bytes([0, 0, codes[array.dtype], array.ndim]) + b"".join(
        int(n).to_bytes(4, "big") for n in array.shape
    )
    opener = gzip.open if compress else open
    with opener(path, "wb") as f:
        f.write(header + array.tobytes())


def write_split(directory, n, prefix, compress):
    suffix = ".gz" if compress else ""
    images = np.random.default_rng(0).integers(0, 256, (n, 28, 28), dtype="uint8")
    labels = np.arange(n, dtype="uint8") % 10
    write_idx(os.path.join(directory, f"{prefix}-images-idx3-ubyte{suffix}"), images, compress)
    write_idx(os.path.join(directory, f"{prefix}-labels-idx1-ubyte{suffix}"), labels, compress)
    return images, labels


@pytest.mark.parametrize("compress", [False, True])
def test_loads_idx_files_from_data_dir(tmp_path, compress):
    images, labels = write_split(tmp_path, 12, "train", compress)
    write_split(tmp_path, 5, "t10k", compress)
    (x_train, y_train), (x_test, y_test) = fashion_mnist(data_dir=tmp_path)
    assert x_train.shape == (12, 28, 28, 1) and x_test.shape == (5, 28, 28, 1)
    assert x_train.dtype == np.float32 and y_train.dtype == np.int32
    np.testing.assert_allclose(x_train[..., 0], images / 127.5 - 1.0, atol=1e-6)
    np.testing.assert_array_equal(y_train, labels)


def test_reads_the_real_debian_files():
    # `make test` installs Debian's dataset-fashion-mnist.
    (x_train, y_train), (x_test, y_test) = fashion_mnist()
    assert x_train.shape == (60000, 28, 28, 1) and x_test.shape == (10000, 28, 28, 1)
    assert x_train.min() == -1.0 and x_train.max() == 1.0
    assert np.bincount(y_train).tolist() == [6000] * 10
    assert np.bincount(y_test).tolist() == [1000] * 10


def test_truncated_file_is_reported(tmp_path):
    path = tmp_path / "x-idx1-ubyte"
    write_idx(path, np.arange(10, dtype="uint8"))
    path.write_bytes(path.read_bytes()[:-3])
    with pytest.raises(ValueError, match="truncated or corrupt"):
        read_idx(path)


def test_non_idx_file_is_reported(tmp_path):
    path = tmp_path / "x.png"
    path.write_bytes(b"\x89PNG\r\n")
    with pytest.raises(ValueError, match="not an IDX file"):
        read_idx(path)


def test_incomplete_data_dir_names_the_missing_files(tmp_path):
    write_split(tmp_path, 3, "train", False)
    with pytest.raises(FileNotFoundError, match="t10k-images-idx3-ubyte"):
        fashion_mnist(data_dir=tmp_path)


def test_offline_without_files_says_how_to_get_them(tmp_path, monkeypatch):
    def offline():
        """a download source"""
        raise OSError("network unreachable")

    monkeypatch.setattr(fashion_mnist_module, "DEBIAN_DIR", str(tmp_path))
    monkeypatch.setattr(fashion_mnist_module, "_from_keras_datasets", offline)
    monkeypatch.setattr(fashion_mnist_module, "_from_tfds", offline)
    with pytest.raises(FileNotFoundError, match="(?s)apt-get install dataset-fashion-mnist.*network unreachable"):
        fashion_mnist()
