"""A TFDS dataset built locally, so no test downloads anything."""

import numpy as np
import pytest
import tensorflow_datasets as tfds

from keras_gans import data


class KerasGansTinyShapes(tfds.core.GeneratorBasedBuilder):
    """12 tiny RGB images with labels, registered as `keras_gans_tiny_shapes`."""

    VERSION = tfds.core.Version("1.0.0")

    def _info(self):
        features = tfds.features.FeaturesDict(
            {"image": tfds.features.Image(shape=(10, 12, 3)), "label": tfds.features.ClassLabel(num_classes=3)}
        )
        return tfds.core.DatasetInfo(builder=self, features=features)

    def _split_generators(self, dl_manager):
        return {"train": self._generate_examples(12), "test": self._generate_examples(6)}

    def _generate_examples(self, count):
        rng = np.random.default_rng(count)
        for i in range(count):
            yield i, {"image": rng.integers(0, 256, (10, 12, 3), dtype="uint8"), "label": i % 3}


@pytest.fixture(scope="module")
def tfds_dir(tmp_path_factory):
    directory = str(tmp_path_factory.mktemp("tfds"))
    KerasGansTinyShapes(data_dir=directory).download_and_prepare()
    return directory


def test_tfds_dataset_by_name_resized_and_scaled(tfds_dir):
    dataset = data.load("tfds:keras_gans_tiny_shapes", batch_size=4, image_shape=(8, 8, 1), data_dir=tfds_dir)
    batch = next(iter(dataset.as_numpy_iterator()))
    assert batch.shape == (4, 8, 8, 1) and batch.dtype == np.float32
    assert -1.0 <= batch.min() < batch.max() <= 1.0
    images, labels = data.load("tfds:keras_gans_tiny_shapes", split="test", labels=True, as_numpy=True, data_dir=tfds_dir)
    assert images.shape == (6, 10, 12, 3) and sorted(labels.tolist()) == [0, 0, 1, 1, 2, 2]


def test_unknown_tfds_name_says_to_check_the_catalogue(tfds_dir):
    with pytest.raises(ValueError, match="TFDS has no dataset 'no_such_dataset_xyz'"):
        data.load("tfds:no_such_dataset_xyz", data_dir=tfds_dir)
