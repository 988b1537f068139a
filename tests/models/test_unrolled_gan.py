"""The unrolled GAN's generator gradient, checked against finite differences."""

import keras
import numpy as np
import pytest

from keras_gans import backend
from keras_gans.models import GAN

REAL = np.random.default_rng(0).normal(size=(8, 2)).astype("float32") + [2.0, 0.0]
LATENT = np.random.default_rng(1).normal(size=(8, 2)).astype("float32")


def smooth_gan(unrolled_steps, **compile_options):
    """Small networks with smooth activations, so finite differences are exact to O(h²)."""
    keras.utils.set_random_seed(0)
    generator = keras.Sequential([keras.Input((2,)), keras.layers.Dense(2)])
    discriminator = keras.Sequential(
        [keras.Input((2,)), keras.layers.Dense(8, activation="tanh"), keras.layers.Dense(1)]
    )
    gan = GAN(generator, discriminator, data_range=None, seed=0)
    compile_options = compile_options or {"unrolled_learning_rate": 0.5}
    gan.compile(unrolled_steps=unrolled_steps, **compile_options)
    return gan


def adam_unrolled_gan(unrolled_steps):
    """Unrolled through D's Adam, after a step of training has given it moments."""
    gan = smooth_gan(unrolled_steps, d_optimizer=keras.optimizers.Adam(0.05), unrolled_update="adam")
    gan.fit(REAL, batch_size=8, epochs=1, verbose=0, shuffle=False)
    return gan


def generator_loss(gan):
    fake = gan.generator(LATENT, training=True)
    logits = gan._unrolled_logits(REAL, None, fake, None) if gan.unrolled_steps else gan.discriminator(fake)
    return gan.gan_loss.generator_loss(logits)


def in_a_step(gan, fn):
    """Runs `fn()` as a train step would (JAX needs the step's state scope)."""
    if keras.backend.backend() == "jax":
        state = tuple([v.value for v in group] for group in gan._training_state())
        logs, _ = backend.run_step(lambda data: fn(), gan._training_state, state, None)
        return logs
    return backend.run_step(lambda data: fn(), gan._training_state, None)


def loss_and_gradient(gan):
    variables = gan.generator.trainable_variables

    def step():
        (value, _), grads = backend.value_and_grad(lambda: (generator_loss(gan), None), variables)
        return value, grads

    value, grads = in_a_step(gan, step)
    return float(keras.ops.convert_to_numpy(value)), [keras.ops.convert_to_numpy(g) for g in grads]


def finite_difference_gradient(gan, h=1e-2):
    numeric = []
    for variable in gan.generator.trainable_variables:
        base = keras.ops.convert_to_numpy(variable).copy()
        slope = np.zeros_like(base)
        for index in np.ndindex(base.shape):
            values = []
            for sign in (1, -1):
                shifted = base.copy()
                shifted[index] += sign * h
                variable.assign(shifted)
                values.append(float(keras.ops.convert_to_numpy(in_a_step(gan, lambda: generator_loss(gan)))))
            slope[index] = (values[0] - values[1]) / (2 * h)
        variable.assign(base)
        numeric.append(slope)
    return numeric


def test_the_unrolled_gradient_matches_finite_differences_and_differs_from_the_plain_one():
    unrolled = smooth_gan(unrolled_steps=3)
    loss, grads = loss_and_gradient(unrolled)
    for analytic, numeric in zip(grads, finite_difference_gradient(unrolled)):
        np.testing.assert_allclose(analytic, numeric, rtol=2e-2, atol=2e-3)
    plain_loss, plain_grads = loss_and_gradient(smooth_gan(unrolled_steps=0))
    # The same networks: only the unrolling separates the two.
    assert loss != pytest.approx(plain_loss, rel=1e-3)
    difference = sum(np.abs(a - b).sum() for a, b in zip(grads, plain_grads))
    assert difference > 0.1 * sum(np.abs(b).sum() for b in plain_grads)


def test_the_gradient_through_d_s_adam_steps_matches_finite_differences():
    unrolled = adam_unrolled_gan(unrolled_steps=3)
    loss, grads = loss_and_gradient(unrolled)
    for analytic, numeric in zip(grads, finite_difference_gradient(unrolled)):
        np.testing.assert_allclose(analytic, numeric, rtol=2e-2, atol=2e-3)
    # The same networks and step: only the unrolling separates the two.
    unrolled.unrolled_steps = 0
    plain_loss, plain_grads = loss_and_gradient(unrolled)
    assert loss != pytest.approx(plain_loss, rel=1e-3)
    difference = sum(np.abs(a - b).sum() for a, b in zip(grads, plain_grads))
    assert difference > 0.1 * sum(np.abs(b).sum() for b in plain_grads)


def test_unrolling_through_adam_trains_and_is_saved(tmp_path):
    gan = adam_unrolled_gan(unrolled_steps=2)
    history = gan.fit(REAL, batch_size=8, epochs=2, verbose=0, shuffle=False)
    assert all(np.isfinite(history.history["g_loss"]))
    gan.save(tmp_path / "gan.keras")
    restored = keras.saving.load_model(tmp_path / "gan.keras")
    assert restored.unrolled_update == "adam" and restored.unrolled_learning_rate is None


def test_unrolling_leaves_the_discriminator_s_own_update_alone(tmp_path):
    plain, unrolled = smooth_gan(0), smooth_gan(3)
    plain.fit(REAL, batch_size=8, epochs=1, verbose=0, shuffle=False)
    unrolled.fit(REAL, batch_size=8, epochs=1, verbose=0, shuffle=False)
    # D's update comes first in the step, so it is the same with or without unrolling.
    for a, b in zip(plain.discriminator.weights, unrolled.discriminator.weights):
        np.testing.assert_allclose(keras.ops.convert_to_numpy(a), keras.ops.convert_to_numpy(b), rtol=1e-5, atol=1e-6)
    assert not all(
        np.allclose(keras.ops.convert_to_numpy(a), keras.ops.convert_to_numpy(b))
        for a, b in zip(plain.generator.weights, unrolled.generator.weights)
    )
    unrolled.save(tmp_path / "gan.keras")
    restored = keras.saving.load_model(tmp_path / "gan.keras")
    assert restored.unrolled_steps == 3 and restored.unrolled_learning_rate == 0.5


def test_gradient_descent_unrolls_at_d_s_rate_unless_given_one():
    gan = smooth_gan(2, d_optimizer=keras.optimizers.Adam(3e-3))
    assert gan.unrolled_update == "gradient_descent" and gan.unrolled_learning_rate == pytest.approx(3e-3)


def test_bad_unrolling_settings_are_explained():
    with pytest.raises(ValueError, match="unrolled_steps must be a non-negative integer"):
        smooth_gan(unrolled_steps=-1)
    with pytest.raises(ValueError, match="unrolled_learning_rate must be positive"):
        smooth_gan(0).compile(unrolled_steps=2, unrolled_learning_rate=0.0)
    with pytest.raises(ValueError, match="d_optimizer is SGD"):
        smooth_gan(2, d_optimizer=keras.optimizers.SGD(), unrolled_update="adam")
    with pytest.raises(ValueError, match="Unknown unrolled_update 'sgd'"):
        smooth_gan(2, unrolled_update="sgd")
