import keras
import numpy as np
import pytest

from tests.conftest import tiny_dcgan, tiny_images
from tests.models.labelled_toy import labelled_images
from tests.models.test_conditional_gan import tiny_cgan


def weights(model):
    return [keras.ops.convert_to_numpy(w).copy() for w in model.weights]


def test_the_average_follows_the_recursion_step_by_step():
    momentum = 0.8
    gan = tiny_dcgan()
    gan.compile(generator_ema=momentum, g_optimizer=keras.optimizers.Adam(1e-2))
    assert gan.ema_generator.trainable_weights == []
    expected = weights(gan.generator)  # the average starts at the initial weights
    images = tiny_images(48)
    for step in range(3):  # one step per fit call, so each step's weights can be read
        gan.fit(images[16 * step : 16 * (step + 1)], batch_size=16, epochs=1, verbose=0, shuffle=False)
        updates = step + 1
        rate = min(momentum, (1 + updates) / (10 + updates))  # the warm-up: 2/11, 3/12, 4/13
        expected = [rate * e + (1 - rate) * w for e, w in zip(expected, weights(gan.generator))]
    for average, wanted in zip(weights(gan.ema_generator), expected):
        np.testing.assert_allclose(average, wanted, rtol=1e-5, atol=1e-6)
    assert not all(np.allclose(a, w) for a, w in zip(weights(gan.ema_generator), weights(gan.generator)))


def test_the_momentum_reaches_its_value_after_the_warm_up():
    gan = tiny_dcgan()
    gan.compile(generator_ema=0.75, g_optimizer=keras.optimizers.Adam(1e-2))
    gan.g_optimizer.build(gan.generator.trainable_variables)
    gan.g_optimizer.iterations.assign(100)  # (1 + 100) / 110 > 0.75: past the ramp
    before = weights(gan.ema_generator)
    gan.fit(tiny_images(16), batch_size=16, epochs=1, verbose=0)
    for average, old, new in zip(weights(gan.ema_generator), before, weights(gan.generator)):
        np.testing.assert_allclose(average, 0.75 * old + 0.25 * new, rtol=1e-5, atol=1e-6)


def test_generate_uses_the_average_and_it_survives_saving(tmp_path):
    gan = tiny_cgan()
    gan.compile(generator_ema=0.5, g_optimizer=keras.optimizers.Adam(1e-2))
    images, labels = labelled_images(32)
    gan.fit(images, labels, batch_size=16, epochs=1, verbose=0)
    latent = gan.draw_latent(4, seed=0)
    samples = gan.generate(labels=np.arange(4) % 3, latent=latent)
    by_average = keras.ops.convert_to_numpy(gan.ema_generator([latent, np.arange(4) % 3]))
    by_generator = keras.ops.convert_to_numpy(gan.generator([latent, np.arange(4) % 3]))
    np.testing.assert_allclose(samples, by_average, atol=1e-5)
    assert not np.allclose(samples, by_generator, atol=1e-3)
    gan.save(tmp_path / "gan.keras")
    restored = keras.saving.load_model(tmp_path / "gan.keras")
    assert restored.generator_ema == 0.5
    np.testing.assert_allclose(restored.generate(labels=np.arange(4) % 3, latent=latent), samples, atol=1e-5)


def test_a_bad_momentum_is_explained():
    with pytest.raises(ValueError, match=r"generator_ema must be in \(0, 1\)"):
        tiny_dcgan().compile(generator_ema=1.0)
