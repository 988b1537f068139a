import itertools
import math

import keras
import numpy as np
import pytest

from keras_gans.data.stacked import stack_channels, unstack_labels
from keras_gans.metrics.stacked_modes import predict_channel_labels, stacked_mode_coverage
from tests.metrics.brightness_classifier import CENTRES, brightness_classifier


def test_uniform_over_all_triples():
    triples = np.array(list(itertools.product(range(10), repeat=3)))
    result = stacked_mode_coverage(np.tile(triples, (2, 1)))
    assert result == {"modes": 1000, "num_modes": 1000, "kl_to_uniform": pytest.approx(0.0, abs=1e-12)}


def test_one_triple_only():
    result = stacked_mode_coverage(np.tile([[3, 1, 4]], (50, 1)))
    assert result["modes"] == 1 and result["num_modes"] == 1000
    assert result["kl_to_uniform"] == pytest.approx(math.log(1000))


def test_kl_of_a_known_distribution():
    # Half the samples on one triple, half spread over 5 others (0.1 each).
    labels = [[0, 0, 0]] * 5 + [[1, 0, k] for k in range(5)]
    result = stacked_mode_coverage(labels, num_classes=10)
    expected = 0.5 * math.log(0.5 * 1000) + 5 * 0.1 * math.log(0.1 * 1000)
    assert result["modes"] == 6
    assert result["kl_to_uniform"] == pytest.approx(expected)


def test_order_of_channels_matters_and_num_modes_follows_channels():
    result = stacked_mode_coverage([[0, 1], [1, 0]], num_classes=4)
    assert result["modes"] == 2 and result["num_modes"] == 16


def test_stacked_labels_round_trip():
    labels = np.arange(60) % 10
    _, stacked_labels = stack_channels(np.zeros((60, 2, 2)), labels, 5000, num_classes=10, seed=0)
    result = stacked_mode_coverage(unstack_labels(stacked_labels))
    # 5000 draws over 1000 equally likely triples miss about e^-5 of them.
    assert 980 <= result["modes"] <= 1000
    assert 0.0 < result["kl_to_uniform"] < 0.2


def test_rejects_bad_labels():
    with pytest.raises(ValueError, match="unstack_labels"):
        stacked_mode_coverage(np.arange(10))
    with pytest.raises(ValueError, match=r"\[0, 10\)"):
        stacked_mode_coverage([[0, 10, 1]])
    with pytest.raises(ValueError, match=r"\[0, 10\)"):
        stacked_mode_coverage([[0, -1, 1]])
    with pytest.raises(ValueError, match="int class indices"):
        stacked_mode_coverage([[0.5, 1.0, 2.0]])
    with pytest.raises(ValueError, match="empty"):
        stacked_mode_coverage(np.zeros((0, 3), "int64"))


def test_predict_channel_labels_classifies_each_channel():
    rng = np.random.default_rng(0)
    labels = rng.integers(3, size=(40, 3))
    images = CENTRES[labels][:, None, None, :] + rng.normal(0, 0.05, (40, 8, 8, 3))
    predicted = predict_channel_labels(brightness_classifier(), images.astype("float32"), batch_size=16)
    assert predicted.dtype == np.int32 and predicted.shape == (40, 3)
    np.testing.assert_array_equal(predicted, labels)


def test_predict_channel_labels_with_backend_tensors_one_channel_and_no_images():
    classifier = brightness_classifier()
    images = keras.ops.convert_to_tensor(np.full((2, 8, 8, 1), 0.55, "float32"))
    assert predict_channel_labels(classifier, images).tolist() == [[2], [2]]
    assert predict_channel_labels(classifier, np.zeros((0, 8, 8, 3), "float32")).shape == (0, 3)
    with pytest.raises(ValueError, match=r"\(n, height, width, channels\)"):
        predict_channel_labels(classifier, np.zeros((2, 8, 8)))
