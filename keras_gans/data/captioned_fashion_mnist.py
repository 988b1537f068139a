"""Captioned Fashion-MNIST: a TFDS dataset of images with five captions each.

Built locally from Fashion-MNIST's IDX files (no download): every image gets
its three attribute levels and five captions from `keras_gans.data.captions`.
The train split leaves out the images with a held-out combination
(`captions.HELD_OUT`); the test split keeps every test image.

Not imported by `keras_gans.data` (TensorFlow Datasets is slow to import).
The examples need the IDX files; the first call prepares the dataset (about
a minute), later ones read it back:

```python
from keras_gans.data import captioned_fashion_mnist

dataset = captioned_fashion_mnist.load("train", batch_size=64)
images, captions = next(iter(dataset))
```
"""

import os

import numpy as np
import tensorflow as tf
import tensorflow_datasets as tfds

from keras_gans.data import captions as captions_lib
from keras_gans.data.fashion_mnist import CLASS_NAMES, DEBIAN_DIR, _FILES, _find, fashion_mnist
from keras_gans.data.images import scale_to_tanh_range
from keras_gans.data.pipeline import CURSOR_ATTRIBUTE, batched_dataset, cursor_of

CAPTIONS_PER_IMAGE = 5
SPLITS = ("train", "test")

# Seeds of the caption writer, one per split, so every build is identical.
_CAPTION_SEEDS = {"train": 2016, "test": 2017}

_thresholds_cache = {}


def idx_dir(manual_dir=None):
    """The folder with Fashion-MNIST's four IDX files: `manual_dir` when it
    holds them, else Debian's package folder.

    Raises:
        FileNotFoundError: neither folder holds the files.
    """
    candidates = [os.fspath(manual_dir)] if manual_dir is not None else []
    candidates.append(DEBIAN_DIR)
    for directory in candidates:
        if all(_find(directory, stem) for stems in _FILES.values() for stem in stems):
            return directory
    raise FileNotFoundError(
        f"Fashion-MNIST's IDX files are not in {' nor '.join(candidates)}. Install them with "
        f"`apt-get install dataset-fashion-mnist` (into {DEBIAN_DIR}), or put "
        "train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and "
        "t10k-labels-idx1-ubyte (plain or .gz) in a folder and pass it as manual_dir."
    )


def thresholds(data_dir=None):
    """The attribute cut points of the dataset, from the IDX training images.

    Computed from the whole training split (held-out images included), as the
    dataset's levels are; an evaluation can measure generated images with
    `captions.measure_pixels` and cut them with these. Cached per folder.

    Args:
        data_dir: the folder with the IDX files (not a TFDS folder); None for
            Debian's package folder.

    Returns:
        float `(10, 3, 2)`, see `captions.attribute_thresholds`.
    """
    directory = os.path.realpath(idx_dir(data_dir))
    if directory not in _thresholds_cache:
        (images, labels), _ = fashion_mnist(directory, scaled=False)
        measurements = captions_lib.measure_pixels(images)
        cuts = captions_lib.attribute_thresholds(measurements, labels, len(CLASS_NAMES))
        _thresholds_cache[directory] = cuts
    return _thresholds_cache[directory].copy()


class CaptionedFashionMnist(tfds.core.GeneratorBasedBuilder):
    """Fashion-MNIST with measured tone, size and pattern levels and five
    generated captions per image, for text-to-image GANs."""

    VERSION = tfds.core.Version("1.0.0")
    RELEASE_NOTES = {
        "1.0.0": "First release: per-class tertile levels of tone, size and pattern; "
        "five captions per image; four held-out (class, attribute, level) combinations "
        "removed from train.",
    }
    MANUAL_DOWNLOAD_INSTRUCTIONS = f"""\
    Built from Fashion-MNIST's four IDX files (train-images-idx3-ubyte,
    train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte,
    plain or .gz). Put them in the manual folder, or install Debian's package
    (`apt-get install dataset-fashion-mnist`), which puts them in {DEBIAN_DIR};
    that folder is used when the manual folder does not hold them.
    """

    def _info(self):
        features = tfds.features.FeaturesDict(
            {
                "image": tfds.features.Image(shape=(28, 28, 1)),
                "label": tfds.features.ClassLabel(names=CLASS_NAMES),
                "attributes": tfds.features.Tensor(shape=(len(captions_lib.ATTRIBUTES),), dtype=np.int32),
                "measurements": tfds.features.Tensor(shape=(len(captions_lib.ATTRIBUTES),), dtype=np.float32),
                "captions": tfds.features.Tensor(shape=(CAPTIONS_PER_IMAGE,), dtype=tf.string),
            }
        )
        return tfds.core.DatasetInfo(
            builder=self,
            description=self.__doc__,
            features=features,
            supervised_keys=("image", "captions"),
            homepage="https://github.com/zalandoresearch/fashion-mnist",
        )

    def _split_generators(self, dl_manager):
        try:
            manual_dir = dl_manager.manual_dir
        except AssertionError:  # TFDS's way to say the manual folder is empty or absent.
            manual_dir = None
        directory = idx_dir(manual_dir)
        splits = dict(zip(SPLITS, fashion_mnist(directory, scaled=False)))
        cuts = thresholds(directory)
        return {split: self._generate_examples(split, *splits[split], cuts) for split in SPLITS}

    def _generate_examples(self, split, images, labels, cuts):
        measurements = captions_lib.measure_pixels(images)
        levels = captions_lib.attribute_levels(measurements, labels, cuts)
        keep = np.ones(len(labels), bool)
        if split == "train":
            keep = ~captions_lib.held_out_mask(labels, levels)
        rng = np.random.default_rng(_CAPTION_SEEDS[split])
        texts = captions_lib.write_captions(labels[keep], levels[keep], CAPTIONS_PER_IMAGE, rng)
        for index, image_captions in zip(np.flatnonzero(keep), texts):
            # The key is the image's index in the IDX file.
            yield int(index), {
                "image": images[index],
                "label": int(labels[index]),
                "attributes": levels[index],
                "measurements": measurements[index],
                "captions": np.array(image_captions, dtype=object),
            }


def builder(data_dir=None, manual_dir=None):
    """The prepared `CaptionedFashionMnist` builder.

    Args:
        data_dir: TFDS data folder (default: TFDS's own, `~/tensorflow_datasets`
            or `TFDS_DATA_DIR`).
        manual_dir: folder with the IDX files; Debian's package folder when it
            does not hold them. Not needed once the dataset is prepared.

    Raises:
        FileNotFoundError: the dataset is not prepared and no IDX files were
            found.
    """
    dataset_builder = CaptionedFashionMnist(data_dir=data_dir)
    if not dataset_builder.is_prepared():
        # Inside TFDS an empty manual folder reads as none: check here so
        # that the error names the folder the caller gave.
        idx_dir(manual_dir)
    dataset_builder.download_and_prepare(
        download_config=tfds.download.DownloadConfig(manual_dir=manual_dir, try_download_gcs=False)
    )
    return dataset_builder


def load_arrays(split="train", data_dir=None, manual_dir=None):
    """Reads a split into memory, preparing the dataset first when needed.

    Args:
        split: `"train"` or `"test"`, optionally sliced (`"test[:10%]"`).
        data_dir: TFDS data folder.
        manual_dir: folder with the IDX files.

    Returns:
        A dict of NumPy arrays: `image` uint8 `(n, 28, 28, 1)`, `label` int64
        `(n,)`, `attributes` int32 `(n, 3)`, `measurements` float32 `(n, 3)`,
        `captions` `(n, 5)` of Python `str`.

    Example:

    ```python
    arrays = load_arrays("test")
    arrays["image"].shape, arrays["captions"].shape  # ((10000, 28, 28, 1), (10000, 5))
    ```
    """
    _check_split(split)
    dataset = builder(data_dir, manual_dir).as_dataset(split=split, batch_size=-1, shuffle_files=False)
    arrays = tfds.as_numpy(dataset)
    captions = np.vectorize(lambda text: text.decode("utf-8"), otypes=[object])(arrays["captions"])
    return {
        "image": arrays["image"],
        "label": arrays["label"],
        "attributes": arrays["attributes"],
        "measurements": arrays["measurements"],
        "captions": captions.reshape(-1, CAPTIONS_PER_IMAGE),
    }


def load(
    split="train",
    batch_size=64,
    shuffle=True,
    seed=0,
    steps_per_epoch=None,
    data_dir=None,
    manual_dir=None,
    with_labels=False,
):
    """A resumable pipeline of `(images, captions)` batches.

    Each time an image is served, one of its five captions is picked: a pure
    function of `(seed, epoch, image)`, so a resumed run sees the captions an
    uninterrupted one would have (see `keras_gans.data.pipeline`).

    Args:
        split: `"train"` or `"test"`, optionally sliced.
        batch_size: images per batch.
        shuffle: a new order every epoch.
        seed: seed of the order and of the caption picks.
        steps_per_epoch: batches per epoch (default: all full batches).
        data_dir: TFDS data folder.
        manual_dir: folder with the IDX files.
        with_labels: also yield the class labels, as `(images, captions,
            labels)`, e.g. for an evaluation.

    Returns:
        A `tf.data.Dataset` of float32 images in [-1, 1] `(batch, 28, 28, 1)`
        and tf.string captions `(batch,)` (and int64 labels `(batch,)`).

    Example:

    ```python
    dataset = load("train", batch_size=8, steps_per_epoch=2)
    images, captions = next(iter(dataset))
    images.shape, captions.shape  # (TensorShape([8, 28, 28, 1]), TensorShape([8]))
    ```
    """
    arrays = load_arrays(split, data_dir, manual_dir)
    indices = np.arange(len(arrays["label"]), dtype="int64")
    dataset = batched_dataset(
        (arrays["image"], arrays["captions"].astype(bytes), arrays["label"], indices),
        batch_size,
        shuffle=shuffle,
        seed=seed,
        steps_per_epoch=steps_per_epoch,
    )
    cursor = cursor_of(dataset)
    seed = int(seed or 0)

    def pick_captions(images, all_captions, labels, indices):
        # A permutation of the image indices, taken modulo 5, spreads the
        # picks evenly; folding in 1 keeps it apart from the order's key.
        order_key = tf.stack([tf.constant(seed, tf.int64), cursor.epoch])
        key = tf.random.experimental.stateless_fold_in(order_key, 1)
        shuffled = tf.random.experimental.index_shuffle(indices, key, len(arrays["label"]) - 1)
        choice = shuffled % CAPTIONS_PER_IMAGE
        texts = tf.gather(all_captions, choice, batch_dims=1)
        images = scale_to_tanh_range(images)
        return (images, texts, labels) if with_labels else (images, texts)

    dataset = dataset.map(pick_captions)
    setattr(dataset, CURSOR_ATTRIBUTE, cursor)
    return dataset


def _check_split(split):
    base = str(split).split("[")[0]
    if base not in SPLITS:
        raise ValueError(f"Unknown split {split!r}; captioned_fashion_mnist has {' and '.join(SPLITS)}.")
