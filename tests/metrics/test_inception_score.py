import keras
import numpy as np
import pytest

from keras_gans.metrics.inception_score import inception_score


def _softmax(logits):
    exp = np.exp(logits - logits.max(axis=1, keepdims=True))
    return exp / exp.sum(axis=1, keepdims=True)


def test_constant_predictions_score_one():
    # Every sample gets the same (even confident) prediction: p(y|x) = p(y).
    for row in ([0.2, 0.3, 0.5], [1.0, 0.0, 0.0]):
        mean, std = inception_score(np.tile(row, (60, 1)), splits=3)
        assert mean == pytest.approx(1.0, abs=1e-12) and std == pytest.approx(0.0, abs=1e-12)


def test_confident_uniform_predictions_score_the_number_of_classes():
    num_classes, splits = 10, 5
    labels = np.tile(np.arange(num_classes), 4 * splits)  # every split sees each class 4 times
    mean, std = inception_score(np.eye(num_classes)[labels], splits=splits)
    assert mean == pytest.approx(num_classes, rel=1e-12)
    assert std == pytest.approx(0.0, abs=1e-9)


def test_confident_predictions_on_half_the_classes_score_half():
    labels = np.tile(np.arange(5), 20)
    mean, _ = inception_score(np.eye(10)[labels], splits=2)
    assert mean == pytest.approx(5.0, rel=1e-12)


def test_mixtures_score_between_the_extremes():
    num_classes = 10
    labels = np.tile(np.arange(num_classes), 20)
    # Each prediction: 0.5 on its class, the rest spread evenly.
    probabilities = 0.5 * np.eye(num_classes)[labels] + 0.5 / num_classes
    mean, _ = inception_score(probabilities, splits=2)
    assert 1.5 < mean < num_classes - 1
    # Closed form: p(y) is uniform, so KL = log K − H(p(y|x)) for every x.
    row = probabilities[0]
    expected = np.exp(np.log(num_classes) + np.sum(row * np.log(row)))
    assert mean == pytest.approx(expected, rel=1e-12)


def test_sharper_predictions_score_higher():
    logits = np.random.default_rng(0).normal(size=(500, 10))
    scores = [inception_score(_softmax(logits * scale), splits=5)[0] for scale in (0.5, 2.0, 8.0)]
    assert scores[0] < scores[1] < scores[2] <= 10


def test_accepts_float32_tensors():
    probabilities = _softmax(np.random.default_rng(1).normal(size=(100, 7))).astype("float32")
    expected = inception_score(probabilities.astype("float64"), splits=4)
    from_tensor = inception_score(keras.ops.convert_to_tensor(probabilities), splits=4)
    assert from_tensor == pytest.approx(expected, rel=1e-5)


def test_logits_are_refused():
    logits = np.random.default_rng(2).normal(size=(20, 5))
    with pytest.raises(ValueError, match="pass softmax probabilities, not logits"):
        inception_score(logits, splits=2)
    # Non-negative rows that do not sum to 1 are refused too.
    with pytest.raises(ValueError, match="pass softmax probabilities, not logits"):
        inception_score(np.abs(logits), splits=2)


@pytest.mark.parametrize(
    "probabilities, splits, message",
    [
        (np.full((4, 2), 0.5), 5, "splits must be between 1 and the number of samples"),
        (np.full((4, 2), 0.5), 0, "splits must be between"),
        (np.full(4, 0.25), 1, "shape"),
        (np.zeros((0, 3)), 1, "empty"),
        (np.array([[np.nan, 1.0]]), 1, "NaN"),
    ],
)
def test_rejects_bad_input(probabilities, splits, message):
    with pytest.raises(ValueError, match=message):
        inception_score(probabilities, splits=splits)
