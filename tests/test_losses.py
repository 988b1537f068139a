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



@pytest.mark.parametrize("name", losses.available())
def test_every_named_loss_round_trips(name):
    loss = losses.get(name)
    assert loss.name == name
    restored = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(loss))
    assert type(restored) is type(loss) and restored.get_config() == loss.get_config()
    for a, b in [(LOGITS_REAL, LOGITS_FAKE), (LOGITS_FAKE, LOGITS_REAL)]:
        assert value(restored.discriminator_loss(a, b)) == pytest.approx(value(loss.discriminator_loss(a, b)), rel=1e-6)


def test_bad_loss_arguments_are_explained():
    with pytest.raises(ValueError, match="Did you mean 'non_saturating'"):
        losses.get("non_saturatin")
    with pytest.raises(ValueError, match=r"label_smoothing must be in \[0, 1\)"):
        losses.NonSaturatingLoss(label_smoothing=1.0)
    with pytest.raises(ValueError, match="constructor"):
        losses.get(losses.MinimaxLoss(), label_smoothing=0.1)
    with pytest.raises(TypeError, match="GAN loss"):
        losses.get(3)
    with pytest.raises(ValueError, match="cross-entropy losses"):
        losses.get("hinge", label_smoothing=0.1)
    with pytest.raises(ValueError, match="Did you mean 'wgan_gp'"):
        losses.get("wgan-gp")
    with pytest.raises(ValueError, match="Unknown divergence 'js'"):
        losses.FDivergenceLoss("js")
    with pytest.raises(ValueError, match="clip_value must be positive"):
        losses.WassersteinLoss(clip_value=0)


def test_wasserstein_hinge_and_least_squares_by_hand():
    real, fake = LOGITS_REAL.astype("float64"), LOGITS_FAKE.astype("float64")
    expected = {
        "wasserstein": (fake.mean() - real.mean(), -fake.mean()),
        "wgan_gp": (fake.mean() - real.mean(), -fake.mean()),
        "hinge": (np.maximum(0, 1 - real).mean() + np.maximum(0, 1 + fake).mean(), -fake.mean()),
        "least_squares": (0.5 * ((real - 1) ** 2).mean() + 0.5 * (fake**2).mean(), 0.5 * ((fake - 1) ** 2).mean()),
    }
    for name, (d_loss, g_loss) in expected.items():
        loss = losses.get(name)
        assert value(loss.discriminator_loss(LOGITS_REAL, LOGITS_FAKE)) == pytest.approx(d_loss, rel=1e-5), name
        assert value(loss.generator_loss(LOGITS_FAKE)) == pytest.approx(g_loss, rel=1e-5), name
    assert losses.get("wasserstein").clip_value == 0.01 and losses.get("wgan_gp").clip_value is None
    assert losses.get("wgan_gp").penalty.weight == 10.0 and losses.get("hinge").penalty is None


# Each divergence's generator f (Nowozin et al. 2016, Table 1), its
# derivative f' (the optimal variational function is T* = f'(p/q)), and the
# inverse of its output activation (the logit that makes T).
F_DIVERGENCES = {
    "kl": (lambda u: u * np.log(u), lambda u: 1 + np.log(u), lambda t: t),
    "reverse_kl": (lambda u: -np.log(u), lambda u: -1 / u, lambda t: -np.log(-t)),
    "pearson": (lambda u: (u - 1) ** 2, lambda u: 2 * (u - 1), lambda t: t),
    "squared_hellinger": (lambda u: (np.sqrt(u) - 1) ** 2, lambda u: 1 - 1 / np.sqrt(u), lambda t: -np.log(1 - t)),
    "jensen_shannon": (
        lambda u: -(u + 1) * np.log((1 + u) / 2) + u * np.log(u),
        lambda u: np.log(2 * u / (1 + u)),
        lambda t: -np.log(2 * np.exp(-t) - 1),
    ),
    "gan": (
        lambda u: u * np.log(u) - (u + 1) * np.log(u + 1),
        lambda u: np.log(u / (u + 1)),
        lambda t: np.log(np.exp(t) / (1 - np.exp(t))),
    ),
    # T* = ±½ sits at the activation's asymptote; a logit of ±12 is within 2e-11.
    "total_variation": (lambda u: 0.5 * np.abs(u - 1), lambda u: 0.5 * np.sign(u - 1), lambda t: 12 * np.sign(t)),
}

# Two points; the batches hold them in the proportions of P and Q.
P, Q = np.array([0.2, 0.8]), np.array([0.6, 0.4])
REAL_POINTS = np.array([0] * 2 + [1] * 8)
FAKE_POINTS = np.array([0] * 6 + [1] * 4)


@pytest.mark.parametrize("divergence", sorted(F_DIVERGENCES))
def test_the_f_gan_bound_at_its_optimum_is_the_divergence(divergence):
    f, f_prime, logit_of = F_DIVERGENCES[divergence]
    loss = losses.FDivergenceLoss(divergence)
    assert loss.name == f"fgan_{divergence}"
    ratio = P / Q
    divergence_value = float(np.sum(Q * f(ratio)))
    best_logits = logit_of(f_prime(ratio))

    def bound(logits):
        real, fake = logits[REAL_POINTS].astype("float32"), logits[FAKE_POINTS].astype("float32")
        return -value(loss.discriminator_loss(real, fake))

    assert bound(best_logits) == pytest.approx(divergence_value, rel=1e-4, abs=1e-6)
    # Any other discriminator gives a lower bound (tanh is flat at ±12, so
    # total variation's must move further to change).
    step = 40.0 if divergence == "total_variation" else 1.0
    for shift in ([0.3, 0.0], [0.0, -0.3], [0.2, -0.2]):
        assert bound(best_logits + step * np.array(shift)) < divergence_value - 1e-4
    # `fit` logs T = g_f(v).
    score = ops.convert_to_numpy(loss.discriminator_score(best_logits.astype("float32")))
    np.testing.assert_allclose(score, f_prime(ratio), rtol=1e-4, atol=1e-6)


def test_the_gan_divergence_is_the_cross_entropy_discriminator():
    # Nowozin's "GAN" divergence is the original discriminator loss.
    fgan, original = losses.FDivergenceLoss("gan"), losses.NonSaturatingLoss()
    assert value(fgan.discriminator_loss(LOGITS_REAL, LOGITS_FAKE)) == pytest.approx(
        value(original.discriminator_loss(LOGITS_REAL, LOGITS_FAKE)), rel=1e-6
    )
    assert value(fgan.generator_loss(LOGITS_FAKE)) == pytest.approx(value(original.generator_loss(LOGITS_FAKE)), rel=1e-6)


def test_jensen_shannon_is_the_non_saturating_loss_less_constants():
    # So both networks get the same gradients (the mode-collapse table's
    # plain row stands for fgan_jensen_shannon and fgan_gan).
    js, original = losses.FDivergenceLoss("jensen_shannon"), losses.NonSaturatingLoss()
    for real, fake in ((LOGITS_REAL, LOGITS_FAKE), (3.0 * LOGITS_FAKE, LOGITS_REAL - 1.0)):
        d_gap = value(js.discriminator_loss(real, fake)) - value(original.discriminator_loss(real, fake))
        g_gap = value(js.generator_loss(fake)) - value(original.generator_loss(fake))
        assert d_gap == pytest.approx(-2.0 * math.log(2.0), abs=1e-5)
        assert g_gap == pytest.approx(-math.log(2.0), abs=1e-5)
