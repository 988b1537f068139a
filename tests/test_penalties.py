import keras
import numpy as np
import pytest
from keras import ops

from keras_gans import backend, losses, penalties
from keras_gans.models import GAN

W = np.array([3.0, 4.0], "float32")  # norm 5


def linear_critic(x):
    return ops.sum(ops.multiply(x, W), axis=1)


def value(x):
    return float(ops.convert_to_numpy(ops.stop_gradient(x)))


def test_penalties_by_hand_on_a_linear_critic():
    # A linear critic's input gradient is its weight vector everywhere.
    rng = np.random.default_rng(0)
    real, fake = rng.normal(size=(6, 2)).astype("float32"), rng.normal(size=(6, 2)).astype("float32")
    seed = keras.random.SeedGenerator(0)
    assert value(penalties.GradientPenalty(weight=2.0)(linear_critic, real, fake, seed)) == pytest.approx(2 * 16, rel=1e-5)
    assert value(penalties.R1Penalty(weight=2.0)(linear_critic, real, fake, seed)) == pytest.approx(25, rel=1e-5)


def test_input_gradient_matches_finite_differences():
    rng = np.random.default_rng(1)
    weights = rng.normal(size=(3, 4)).astype("float64")

    def critic(x):
        return ops.sum(ops.tanh(ops.matmul(x, ops.cast(weights, x.dtype))) ** 2, axis=1)

    x = rng.normal(size=(5, 3)).astype("float32")
    grads = ops.convert_to_numpy(ops.stop_gradient(backend.input_gradient(critic, x)))
    # Central differences in float32: truncation error ~h², rounding ~1e-7/h.
    h = 1e-2
    numeric = np.zeros_like(x)
    for i in range(x.shape[1]):
        step = np.zeros_like(x)
        step[:, i] = h
        plus = ops.convert_to_numpy(critic(ops.convert_to_tensor(x + step)))
        minus = ops.convert_to_numpy(critic(ops.convert_to_tensor(x - step)))
        numeric[:, i] = (plus - minus) / (2 * h)
    np.testing.assert_allclose(grads, numeric, rtol=1e-3, atol=1e-3)


def linear_gan(loss, penalty=None):
    """A GAN whose critic is linear, starting at weight norm 5."""
    generator = keras.Sequential([keras.Input((2,)), keras.layers.Dense(2)])
    kernel = keras.initializers.Constant(W.reshape(2, 1))
    discriminator = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, kernel_initializer=kernel)])
    gan = GAN(generator, discriminator, seed=0, data_range=None)
    gan.compile(d_optimizer=keras.optimizers.Adam(0.05), loss=loss, penalty=penalty)
    return gan


def critic_norm_after_training(gan, steps=150):
    data = np.random.default_rng(0).normal(size=(steps * 16, 2)).astype("float32") + [1.0, 0.0]
    gan.fit(data, batch_size=16, epochs=1, verbose=0)
    return float(np.linalg.norm(ops.convert_to_numpy(gan.discriminator.layers[-1].kernel)))


def test_the_gradient_penalty_drives_the_critic_s_gradient_norm_to_one():
    # The penalty reaches the weights only through its second-order term, so
    # this fails if the train step drops it.
    assert critic_norm_after_training(linear_gan("wgan_gp")) == pytest.approx(1.0, abs=0.1)
    # Without a constraint the critic's slope grows without bound.
    assert critic_norm_after_training(linear_gan(losses.WassersteinLoss(clip_value=None))) > 5


def test_r1_flattens_the_discriminator_on_the_data():
    assert critic_norm_after_training(linear_gan("non_saturating", penalty=penalties.R1Penalty(weight=10.0))) < 0.2


def test_penalties_serialize_and_bad_ones_are_explained():
    for name in penalties.available():
        penalty = penalties.get(name)
        restored = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(penalty))
        assert type(restored) is type(penalty) and restored.weight == penalty.weight
    with pytest.raises(ValueError, match="Did you mean 'gradient'"):
        penalties.get("gradients")
    with pytest.raises(ValueError, match="weight must be positive"):
        penalties.R1Penalty(weight=0)
    with pytest.raises(ValueError, match="brings its own penalty"):
        linear_gan("wgan_gp", penalty="r1")
