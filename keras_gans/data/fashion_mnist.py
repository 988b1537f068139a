"""Fashion-MNIST (Xiao et al. 2017), scaled for a tanh generator."""

import os

import numpy as np

from keras_gans.data.idx import read_idx
from keras_gans.data.images import scale_to_tanh_range

# Where Debian's `dataset-fashion-mnist` package puts the IDX files.
DEBIAN_DIR = "/usr/share/datasets/fashion-mnist"

_FILES = {
    "train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}

CLASS_NAMES = (
    "T-shirt/top", "trouser", "pullover", "dress", "coat",
    "sandal", "shirt", "sneaker", "bag", "ankle boot",
)


def scale_images(images):
    """uint8 images in [0, 255] → float32 in [-1, 1] with a channel axis."""
    return scale_to_tanh_range(_with_channel_axis(images))


def fashion_mnist(data_dir=None, scaled=True):
    """Loads Fashion-MNIST's train and test splits.

    Looks for the IDX files (plain or gzipped) in `data_dir` when given,
    else in Debian's package directory (`apt-get install
    dataset-fashion-mnist`), else downloads them with `keras.datasets`, else
    with TensorFlow Datasets.

    Args:
        data_dir: directory holding the four IDX files. When given, no other
            source is tried.
        scaled: return float32 images in [-1, 1]; False returns the uint8
            pixels.

    Returns:
        `((x_train, y_train), (x_test, y_test))`: images of shape
        `(n, 28, 28, 1)`, labels as int32 in [0, 9].

    Example:

    >>> (x_train, y_train), (x_test, y_test) = fashion_mnist()
    >>> x_train.shape, float(x_train.min()), float(x_train.max())
    ((60000, 28, 28, 1), -1.0, 1.0)
    """
    splits = _load_uint8(data_dir)
    convert = scale_images if scaled else _with_channel_axis
    return tuple((convert(images), labels.astype("int32")) for images, labels in splits)


def _with_channel_axis(images):
    images = np.asarray(images, dtype="uint8")
    return images[..., None] if images.ndim == 3 else images


def _load_uint8(data_dir):
    if data_dir is not None:
        return _from_idx_dir(data_dir)
    if _find(DEBIAN_DIR, _FILES["train"][0]):
        return _from_idx_dir(DEBIAN_DIR)
    errors = []
    for loader in (_from_keras_datasets, _from_tfds):
        try:
            (x_train, y_train), (x_test, y_test) = loader()
        except Exception as error:  # Offline, or the package is missing.
            errors.append(f"{loader.__doc__.strip()}: {type(error).__name__}: {error}")
            continue
        return (x_train, y_train), (x_test, y_test)
    raise FileNotFoundError(
        "Fashion-MNIST was not found. Install it with `apt-get install "
        f"dataset-fashion-mnist` (files in {DEBIAN_DIR}), pass "
        "data_dir=<folder with the four IDX files>, or go online so that "
        "keras.datasets can download it. Tried:\n  " + "\n  ".join(errors)
    )


def _find(directory, stem):
    for name in (stem, stem + ".gz"):
        path = os.path.join(directory, name)
        if os.path.isfile(path):
            return path
    return None


def _from_idx_dir(directory):
    splits = []
    for split, stems in _FILES.items():
        paths = [_find(directory, stem) for stem in stems]
        missing = [stem for stem, path in zip(stems, paths) if path is None]
        if missing:
            raise FileNotFoundError(
                f"No Fashion-MNIST {split} files in {directory}: missing "
                f"{', '.join(missing)} (or .gz). Point data_dir at the folder "
                "with all four IDX files."
            )
        images, labels = (read_idx(path) for path in paths)
        if images.ndim != 3 or images.shape[1:] != (28, 28) or len(images) != len(labels):
            raise ValueError(
                f"{paths[0]} holds images of shape {images.shape} with {len(labels)} "
                "labels; Fashion-MNIST has 28×28 images, one label each."
            )
        splits.append((images, labels))
    return tuple(splits)


def _from_keras_datasets():
    """keras.datasets.fashion_mnist"""
    import keras

    return keras.datasets.fashion_mnist.load_data()


def _from_tfds():
    """tensorflow_datasets 'fashion_mnist'"""
    import tensorflow_datasets as tfds

    train, test = tfds.as_numpy(
        tfds.load("fashion_mnist", split=["train", "test"], batch_size=-1, as_supervised=True)
    )
    return (train[0][..., 0], train[1]), (test[0][..., 0], test[1])
