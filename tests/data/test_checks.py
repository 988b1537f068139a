import numpy as np
import pytest
import tensorflow as tf

from keras_gans.data import check_image_batch, peek_batch


def test_peek_reads_the_first_batch_of_each_format():
    images = np.zeros((6, 2), "float32")
    assert peek_batch(images).shape == (6, 2)
    dataset = tf.data.Dataset.from_tensor_slices((images, np.arange(6))).batch(4)
    assert peek_batch(dataset).shape == (4, 2)
    assert peek_batch(iter([images])) is None  # generators are not consumed


def test_values_within_rounding_of_the_range_pass():
    check_image_batch(np.array([[-1.0000001, 1.0000001]], "float32"), (2,), (-1.0, 1.0))


def test_nan_is_reported():
    with pytest.raises(ValueError, match="NaN"):
        check_image_batch(np.array([[0.0, np.nan]], "float32"), (2,), (-1.0, 1.0))


def test_unbounded_models_skip_the_range_check():
    check_image_batch(np.array([[100.0, -50.0]], "float32"), (2,), None)
