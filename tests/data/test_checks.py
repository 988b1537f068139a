import numpy as np
import pytest
import tensorflow as tf

from keras_gans.data import check_image_batch, peek_batch
from keras_gans.data.checks import check_labels


def test_peek_reads_the_first_batch_of_each_format():
    images = np.zeros((6, 2), "float32")
    samples, labels = peek_batch(images)
    assert samples.shape == (6, 2) and labels is None
    dataset = tf.data.Dataset.from_tensor_slices((images, np.arange(6))).batch(4)
    samples, labels = peek_batch(dataset)
    assert samples.shape == (4, 2) and labels.tolist() == [0, 1, 2, 3]
    assert peek_batch(iter([images])) == (None, None)  # generators are not consumed


@pytest.mark.parametrize(
    "labels, message",
    [
        (np.array([0, 3]), r"lie in \[0, 3\].*3 classes.*num_classes=4"),
        (np.array([-1, 0]), r"lie in \[-1, 0\]"),
        (np.array([0.5, 1.0]), "integer class ids"),
        (np.eye(3), "labels.argmax"),
    ],
)
def test_bad_labels_are_explained(labels, message):
    with pytest.raises(ValueError, match=message):
        check_labels(labels, num_classes=3)


def test_column_labels_and_integral_floats_pass():
    check_labels(np.array([[0], [2]]), num_classes=3)
    check_labels(np.array([0.0, 2.0]), num_classes=3)


def test_values_within_rounding_of_the_range_pass():
    check_image_batch(np.array([[-1.0000001, 1.0000001]], "float32"), (2,), (-1.0, 1.0))


def test_nan_is_reported():
    with pytest.raises(ValueError, match="NaN"):
        check_image_batch(np.array([[0.0, np.nan]], "float32"), (2,), (-1.0, 1.0))


def test_unbounded_models_skip_the_range_check():
    check_image_batch(np.array([[100.0, -50.0]], "float32"), (2,), None)
