"""The captioned dataset built from tiny synthetic IDX files, so no test reads
the real Fashion-MNIST or downloads anything."""

import numpy as np
import pytest
import tensorflow as tf
import tensorflow_datasets as tfds

from keras_gans.data import captioned_fashion_mnist as cfm
from keras_gans.data import captions as C
from keras_gans.data.pipeline import cursor_of


def write_idx(path, array):
    header = bytes([0, 0, 0x08, array.ndim]) + b"".join(int(n).to_bytes(4, "big") for n in array.shape)
    path.write_bytes(header + array.astype("uint8").tobytes())


def synthetic_images(n, seed):
    """Squares of random size, brightness and checkerboard texture, labels 0…9."""
    rng = np.random.default_rng(seed)
    images = np.zeros((n, 28, 28), "uint8")
    for image in images:
        size, brightness, checker = rng.integers(6, 25), rng.uniform(60, 255), rng.uniform(0, 0.5)
        top, left = rng.integers(0, 29 - size, 2)
        rows, cols = np.indices((size, size))
        image[top : top + size, left : left + size] = brightness * (1 - checker * ((rows + cols) % 2))
    return images, (np.arange(n) % 10).astype("uint8")


@pytest.fixture(scope="module")
def idx_dir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("idx")
    for prefix, n, seed in (("train", 60, 0), ("t10k", 30, 1)):
        images, labels = synthetic_images(n, seed)
        write_idx(directory / f"{prefix}-images-idx3-ubyte", images)
        write_idx(directory / f"{prefix}-labels-idx1-ubyte", labels)
    return directory


@pytest.fixture(scope="module")
def prepared(idx_dir, tmp_path_factory):
    data_dir = str(tmp_path_factory.mktemp("tfds"))
    builder = tfds.builder("captioned_fashion_mnist", data_dir=data_dir)
    builder.download_and_prepare(download_config=tfds.download.DownloadConfig(manual_dir=str(idx_dir)))
    return builder, data_dir


def test_builder_features_version_and_splits(prepared, idx_dir):
    builder, _ = prepared
    assert isinstance(builder, cfm.CaptionedFashionMnist) and str(builder.info.version) == "1.0.0"
    features = builder.info.features
    assert features["image"].shape == (28, 28, 1) and features["image"].dtype == np.uint8
    assert features["label"].names == list(cfm.CLASS_NAMES)
    assert features["attributes"].shape == (3,) and features["attributes"].dtype == np.int32
    assert features["measurements"].shape == (3,) and features["measurements"].dtype == np.float32
    assert features["captions"].shape == (5,) and features["captions"].dtype == tf.string
    # Levels cut with thresholds from all 60 training images, held-out removed.
    train_images, train_labels = synthetic_images(60, 0)
    levels = C.attribute_levels(C.measure_pixels(train_images), train_labels, cfm.thresholds(idx_dir))
    held_out = C.held_out_mask(train_labels, levels)
    assert 0 < held_out.sum() < 20
    assert builder.info.splits["train"].num_examples == 60 - held_out.sum()
    assert builder.info.splits["test"].num_examples == 30


def test_thresholds_come_from_the_whole_idx_training_split(idx_dir):
    images, labels = synthetic_images(60, 0)
    expected = C.attribute_thresholds(C.measure_pixels(images), labels)
    np.testing.assert_allclose(cfm.thresholds(idx_dir), expected)


def test_held_out_combinations_only_in_test(prepared, idx_dir):
    _, data_dir = prepared
    train = cfm.load_arrays("train", data_dir, idx_dir)
    test = cfm.load_arrays("test", data_dir, idx_dir)
    assert not C.held_out_mask(train["label"], train["attributes"]).any()
    assert C.held_out_mask(test["label"], test["attributes"]).any()
    # The stored levels are the measurements cut with the shared thresholds.
    for split in (train, test):
        levels = C.attribute_levels(split["measurements"], split["label"], cfm.thresholds(idx_dir))
        np.testing.assert_array_equal(split["attributes"], levels)
        np.testing.assert_allclose(split["measurements"], C.measure_pixels(split["image"]), atol=1e-6)


def test_arrays_hold_five_captions_naming_the_class(prepared, idx_dir):
    _, data_dir = prepared
    arrays = cfm.load_arrays("test", data_dir, idx_dir)
    assert arrays["image"].shape == (30, 28, 28, 1) and arrays["image"].dtype == np.uint8
    assert arrays["attributes"].dtype == np.int32 and arrays["measurements"].dtype == np.float32
    assert arrays["captions"].shape == (30, 5) and isinstance(arrays["captions"][0, 0], str)
    for label, row in zip(arrays["label"], arrays["captions"]):
        assert len(set(row)) == 5
        for caption in row:
            assert any(name in caption for name, _ in C.CLASS_WORDS[label]), caption
    # The same captions every build.
    images, labels = synthetic_images(30, 1)
    levels = C.attribute_levels(C.measure_pixels(images), labels, cfm.thresholds(idx_dir))
    expected = C.write_captions(labels, levels, 5, np.random.default_rng(cfm._CAPTION_SEEDS["test"]))
    stored = zip(arrays["image"][..., 0], arrays["captions"])
    by_image = {image.tobytes(): row.tolist() for image, row in stored}
    assert [by_image[image.tobytes()] for image in images] == expected


def test_load_yields_scaled_images_with_one_of_their_captions(prepared, idx_dir):
    _, data_dir = prepared
    arrays = cfm.load_arrays("train", data_dir, idx_dir)
    captions_of = {image.tobytes(): set(row) for image, row in zip(arrays["image"], arrays["captions"])}
    dataset = cfm.load("train", batch_size=8, seed=3, data_dir=data_dir, manual_dir=idx_dir, with_labels=True)
    assert len(dataset) == len(arrays["label"]) // 8
    for images, texts, labels in dataset.as_numpy_iterator():
        assert images.shape == (8, 28, 28, 1) and images.dtype == np.float32
        assert -1.0 <= images.min() and images.max() <= 1.0 and texts.shape == (8,) and labels.shape == (8,)
        for image, text in zip(images, texts):
            pixels = np.round((image + 1.0) * 127.5).astype("uint8")
            assert text.decode() in captions_of[pixels.tobytes()]


def test_load_is_deterministic_and_picks_new_captions_each_epoch(prepared, idx_dir):
    _, data_dir = prepared

    def first_epoch(seed, epoch=0, shuffle=True):
        dataset = cfm.load(
            "train", batch_size=8, shuffle=shuffle, seed=seed, data_dir=data_dir, manual_dir=idx_dir
        )
        cursor_of(dataset).move_to(epoch)
        return [(images, texts.tolist()) for images, texts in dataset.as_numpy_iterator()]

    first = first_epoch(seed=1)
    again = first_epoch(seed=1)
    assert all(np.array_equal(a[0], b[0]) and a[1] == b[1] for a, b in zip(first, again))
    other_seed = first_epoch(seed=2)
    assert not all(np.array_equal(a[0], b[0]) for a, b in zip(first, other_seed))
    # Unshuffled, the images stay in place and only the captions move.
    epoch_0, epoch_1 = first_epoch(0, 0, shuffle=False), first_epoch(0, 1, shuffle=False)
    assert all(np.array_equal(a[0], b[0]) for a, b in zip(epoch_0, epoch_1))
    assert [a[1] for a in epoch_0] != [b[1] for b in epoch_1]


def test_unknown_split_and_missing_files_are_reported(tmp_path, monkeypatch):
    with pytest.raises(ValueError, match="Unknown split 'validation'"):
        cfm.load_arrays("validation", str(tmp_path / "tfds"))
    monkeypatch.setattr(cfm, "DEBIAN_DIR", str(tmp_path / "no-debian"))
    (tmp_path / "empty").mkdir()
    expected = "(?s)empty.*apt-get install dataset-fashion-mnist.*manual_dir"
    with pytest.raises(FileNotFoundError, match=expected):
        cfm.builder(data_dir=str(tmp_path / "tfds"), manual_dir=str(tmp_path / "empty"))
    with pytest.raises(FileNotFoundError, match="no-debian"):
        cfm.thresholds()
