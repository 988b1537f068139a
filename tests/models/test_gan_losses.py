"""Every adversarial loss and penalty inside the train step, on every backend."""

import keras
import numpy as np
import pytest

from keras_gans import losses, penalties
from tests.conftest import tiny_dcgan, tiny_images
from tests.models.labelled_toy import labelled_images
from tests.models.test_conditional_gan import tiny_cgan
from tests.models.test_mixed_precision import tiny_vanilla_gan


@pytest.mark.parametrize("loss", losses.available())
def test_every_loss_trains_by_name(loss):
    gan = tiny_vanilla_gan()
    gan.compile(loss=loss)
    before = [keras.ops.convert_to_numpy(w) for w in gan.discriminator.trainable_weights]
    history = gan.fit(tiny_images(32), batch_size=16, epochs=1, verbose=0).history
    for key, values in history.items():
        assert np.all(np.isfinite(values)), f"{key}: {values}"
    after = [keras.ops.convert_to_numpy(w) for w in gan.discriminator.trainable_weights]
    assert any(not np.array_equal(a, b) for a, b in zip(before, after))
    assert int(gan.g_optimizer.iterations) == 2


def test_wasserstein_clips_every_critic_weight():
    gan = tiny_dcgan()
    gan.compile(loss=losses.WassersteinLoss(clip_value=0.02), d_optimizer=keras.optimizers.Adam(1e-2))
    gan.fit(tiny_images(32), batch_size=8, epochs=1, verbose=0)
    largest = max(float(np.abs(keras.ops.convert_to_numpy(w)).max()) for w in gan.discriminator.trainable_weights)
    # Adam's steps of 1e-2 leave a weight at the bound at the very least.
    assert largest == pytest.approx(0.02, rel=1e-6)


def test_a_conditional_gan_trains_with_a_gradient_penalty_and_keeps_it_when_saved(tmp_path):
    gan = tiny_cgan()
    gan.compile(loss="hinge", penalty=penalties.GradientPenalty(weight=5.0), d_steps=2)
    images, labels = labelled_images(32)
    history = gan.fit(images, labels, batch_size=16, epochs=1, verbose=0).history
    assert all(np.all(np.isfinite(v)) for v in history.values())
    gan.save(tmp_path / "gan.keras")
    restored = keras.saving.load_model(tmp_path / "gan.keras")
    assert isinstance(restored.gan_loss, losses.HingeLoss) and restored.d_steps == 2
    assert isinstance(restored.penalty, penalties.GradientPenalty) and restored.penalty.weight == 5.0


def test_wgan_gp_trains_a_dcgan_whose_critic_has_batch_norm():
    # The penalty differentiates twice through convolutions and batch norm.
    gan = tiny_dcgan(image_shape=(16, 16, 1))
    assert any(isinstance(layer, keras.layers.BatchNormalization) for layer in gan.discriminator.layers)
    gan.compile(loss="wgan_gp", d_steps=2)
    history = gan.fit(tiny_images(32, shape=(16, 16, 1)), batch_size=16, epochs=2, verbose=0).history
    assert all(np.all(np.isfinite(v)) for v in history.values())
    assert gan.penalty.weight == 10.0 and int(gan.d_optimizer.iterations) == 8
