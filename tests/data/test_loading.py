import os

import numpy as np
import pytest
import tensorflow as tf

from keras_gans import data
from tests.data.test_fashion_mnist import write_split


@pytest.fixture(scope="module")
def fashion_dir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("fashion")
    write_split(directory, 40, "train", compress=False)
    write_split(directory, 20, "t10k", compress=False)
    return str(directory)


def first_batch(dataset):
    return next(iter(dataset.as_numpy_iterator()))


def assert_images(batch, shape):
    assert batch.shape == shape and batch.dtype == np.float32
    assert -1.0 <= batch.min() and batch.max() <= 1.0


def test_fashion_mnist_images_and_labels(fashion_dir):
    assert_images(first_batch(data.load("fashion_mnist", batch_size=8, data_dir=fashion_dir)), (8, 28, 28, 1))
    images, labels = first_batch(data.load("fashion_mnist", batch_size=8, labels=True, data_dir=fashion_dir))
    assert labels.shape == (8,) and labels.dtype == np.int32 and 0 <= labels.min() and labels.max() <= 9
    test = data.load("fashion_mnist", split="test", batch_size=5, data_dir=fashion_dir)
    assert int(test.cardinality()) == 4
    x = data.load("fashion_mnist", as_numpy=True, image_shape=(32, 32, 3), data_dir=fashion_dir)
    assert x.shape == (40, 32, 32, 3) and x.dtype == np.float32


@pytest.mark.parametrize("name, num_modes, std", [("ring", 8, 0.01), ("grid", 25, 0.05)])
def test_mixtures_match_their_definition(name, num_modes, std):
    mixture = data.MIXTURES[name]()
    assert mixture.modes.shape == (num_modes, 2) and mixture.std == std
    assert len({tuple(np.round(mode, 6)) for mode in mixture.modes}) == num_modes
    points = data.load(name, num_samples=20_000, as_numpy=True, seed=1)
    assert points.shape == (20_000, 2) and points.dtype == np.float32
    distances = np.linalg.norm(points[:, None] - mixture.modes[None], axis=-1)
    nearest = distances.argmin(axis=1)
    assert np.bincount(nearest, minlength=num_modes).min() > 20_000 / num_modes * 0.8
    offsets = points - mixture.modes[nearest]
    np.testing.assert_allclose(offsets.std(axis=0), std, rtol=0.05)
    assert_batch = first_batch(data.load(name, batch_size=100, num_samples=1000))
    assert assert_batch.shape == (100, 2)


def test_ring_modes_are_at_angles_2_pi_k_over_8():
    modes = data.ring().modes
    np.testing.assert_allclose(np.linalg.norm(modes, axis=1), 1.0, atol=1e-6)
    np.testing.assert_allclose(np.arctan2(modes[:, 1], modes[:, 0]) % (2 * np.pi), 2 * np.pi * np.arange(8) / 8, atol=1e-6)
    grid_values = sorted(set(np.round(data.grid().modes.ravel(), 6)))
    assert grid_values == [-4.0, -2.0, 0.0, 2.0, 4.0]


def test_stacked_labels_read_each_channel_s_label(fashion_dir):
    # Images whose pixels all equal their label let us read the label back from each channel.
    images = np.repeat(np.arange(10, dtype="uint8"), 3)[:, None, None].repeat(4, 1).repeat(4, 2)
    labels = np.repeat(np.arange(10), 3)
    stacked, stacked_labels = data.stack_channels(images, labels, 500, seed=0)
    assert stacked.shape == (500, 4, 4, 3)
    np.testing.assert_array_equal(data.unstack_labels(stacked_labels), stacked[:, 0, 0, :])
    assert stacked_labels.max() < 1000 and len(set(stacked_labels)) > 300
    x, y = data.load("stacked:fashion_mnist", labels=True, num_samples=64, as_numpy=True, data_dir=fashion_dir)
    assert x.shape == (64, 28, 28, 3) and y.shape == (64,) and y.max() < 1000


def write_images(directory, count, size=(20, 30)):
    os.makedirs(directory, exist_ok=True)
    rng = np.random.default_rng(0)
    for i in range(count):
        image = tf.constant(rng.integers(0, 256, (*size, 3), dtype="uint8"))
        encoded = tf.io.encode_png(image) if i % 2 else tf.io.encode_jpeg(image)
        tf.io.write_file(os.path.join(directory, f"img{i}.{'png' if i % 2 else 'jpg'}"), encoded)


def test_image_folder_is_resized_to_the_model(tmp_path):
    write_images(tmp_path / "pics" / "sub", 6)
    batch = first_batch(data.load(f"folder:{tmp_path / 'pics'}", batch_size=4, image_shape=(16, 16, 1)))
    assert_images(batch, (4, 16, 16, 1))


def test_image_folder_errors_name_the_problem(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("no images here")
    with pytest.raises(ValueError, match="holds no PNG or JPEG images"):
        data.load(f"folder:{tmp_path / 'empty'}", image_shape=(8, 8, 3))
    write_images(tmp_path / "bad", 2)
    (tmp_path / "bad" / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n not really")
    with pytest.raises(ValueError, match=r"broken.png is not a readable PNG or JPEG image.*remove or replace"):
        data.load(f"folder:{tmp_path / 'bad'}", image_shape=(8, 8, 3))
    with pytest.raises(FileNotFoundError, match="does not exist"):
        data.load(f"folder:{tmp_path / 'missing'}", image_shape=(8, 8, 3))
    with pytest.raises(ValueError, match=r"needs image_shape"):
        data.load(f"folder:{tmp_path / 'bad'}")


def test_unknown_names_list_the_choices():
    with pytest.raises(ValueError, match=r"Unknown dataset 'mnist'.*fashion_mnist, ring, grid, tfds:"):
        data.load("mnist")
    with pytest.raises(ValueError, match="has no labels"):
        data.load("ring", labels=True)
