import math

import keras
import numpy as np
import pytest
from keras import ops

from keras_gans import losses

LOGITS_REAL = np.array([2.0, -1.0, 0.5, 3.0], "float32")
LOGITS_FAKE = np.array([-2.0, 0.0, 1.5, -0.5], "float32")


def log_sigmoid(x):
    return np.log(1.0 / (1.0 + np.exp(-x.astype("float64"))))


def log_one_minus_sigmoid(x):
    return np.log(1.0 - 1.0 / (1.0 + np.exp(-x.astype("float64"))))


def value(x):
    return float(ops.convert_to_numpy(x))


@pytest.mark.parametrize("loss", [losses.NonSaturatingLoss(), losses.MinimaxLoss()])
def test_discriminator_at_half_is_two_log_two(loss):
    zeros = np.zeros(8, "float32")
    assert value(loss.discriminator_loss(zeros, zeros)) == pytest.approx(2 * math.log(2), rel=1e-6)


def test_generator_losses_at_half():
    zeros = np.zeros(8, "float32")
    assert value(losses.NonSaturatingLoss().generator_loss(zeros)) == pytest.approx(math.log(2), rel=1e-6)
    assert value(losses.MinimaxLoss().generator_loss(zeros)) == pytest.approx(-math.log(2), rel=1e-6)


@pytest.mark.parametrize("smoothing", [0.0, 0.1, 0.3])
def test_discriminator_loss_by_hand(smoothing):
    alpha = 1.0 - smoothing
    real_term = -(alpha * log_sigmoid(LOGITS_REAL) + (1 - alpha) * log_one_minus_sigmoid(LOGITS_REAL))
    expected = real_term.mean() - log_one_minus_sigmoid(LOGITS_FAKE).mean()
    loss = losses.NonSaturatingLoss(label_smoothing=smoothing)
    assert value(loss.discriminator_loss(LOGITS_REAL, LOGITS_FAKE)) == pytest.approx(expected, rel=1e-5)


def test_label_smoothing_is_one_sided():
    # Smoothing changes the real samples' term only: with no real samples
    # scored, D(G(z)) = 0.5 costs log 2 whatever the smoothing.
    plain, smoothed = losses.MinimaxLoss(), losses.MinimaxLoss(label_smoothing=0.2)
    real = np.full(4, 40.0, "float32")
    fake = np.zeros(4, "float32")
    assert value(plain.discriminator_loss(real, fake)) == pytest.approx(math.log(2), rel=1e-5)
    # The real target 0.8 charges 0.2·softplus(40) ≈ 8 for a confident D(x) = 1.
    assert value(smoothed.discriminator_loss(real, fake)) == pytest.approx(math.log(2) + 0.2 * 40, rel=1e-4)


def test_generator_losses_by_hand():
    assert value(losses.NonSaturatingLoss().generator_loss(LOGITS_FAKE)) == pytest.approx(
        -log_sigmoid(LOGITS_FAKE).mean(), rel=1e-5
    )
    assert value(losses.MinimaxLoss().generator_loss(LOGITS_FAKE)) == pytest.approx(
        log_one_minus_sigmoid(LOGITS_FAKE).mean(), rel=1e-5
    )


def test_extreme_logits_stay_finite_and_exact():
    big = np.array([-200.0, 200.0], "float32")
    loss = losses.NonSaturatingLoss()
    # -log σ(-200) = 200 and -log σ(200) ≈ 0, so the mean is 100.
    assert value(loss.generator_loss(big)) == pytest.approx(100.0, rel=1e-5)
    assert np.isfinite(value(loss.discriminator_loss(big, big)))
    assert value(losses.MinimaxLoss().generator_loss(big)) == pytest.approx(-100.0, rel=1e-5)


def test_losses_compute_in_float32():
    half = np.zeros(4, "float16")
    result = losses.NonSaturatingLoss().discriminator_loss(half, half)
    assert keras.backend.standardize_dtype(result.dtype) == "float32"


def test_get_by_name_and_round_trip():
    loss = losses.get("minimax", label_smoothing=0.1)
    assert isinstance(loss, losses.MinimaxLoss) and loss.label_smoothing == 0.1
    restored = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(loss))
    assert isinstance(restored, losses.MinimaxLoss) and restored.label_smoothing == 0.1
    assert losses.available() == ["minimax", "non_saturating"]


def test_bad_loss_arguments_are_explained():
    with pytest.raises(ValueError, match="Did you mean 'non_saturating'"):
        losses.get("non_saturatin")
    with pytest.raises(ValueError, match=r"label_smoothing must be in \[0, 1\)"):
        losses.NonSaturatingLoss(label_smoothing=1.0)
    with pytest.raises(ValueError, match="constructor"):
        losses.get(losses.MinimaxLoss(), label_smoothing=0.1)
    with pytest.raises(TypeError, match="GAN loss"):
        losses.get(3)
