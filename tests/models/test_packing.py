import keras
import numpy as np
import pytest

from keras_gans.models import DCGAN, GAN, VanillaGAN
from keras_gans.models.gan import pack
from keras_gans.networks import mlp_discriminator, mlp_generator
from tests.conftest import tiny_images


def test_pack_puts_consecutive_samples_side_by_side_on_the_channels():
    images = np.random.default_rng(0).normal(size=(6, 4, 4, 3)).astype("float32")
    packed = keras.ops.convert_to_numpy(pack(images, 3))
    assert packed.shape == (2, 4, 4, 9)
    for group in range(2):
        for member in range(3):
            np.testing.assert_array_equal(packed[group, ..., 3 * member : 3 * member + 3], images[3 * group + member])


def point_gan(packing):
    generator = mlp_generator(2, (2,), (16,), output_activation=None)
    discriminator = mlp_discriminator((2 * packing,), (16,))
    return GAN(generator, discriminator, seed=0, data_range=None, packing=packing)


def test_the_discriminator_judges_groups_of_packed_points():
    gan = point_gan(packing=4)
    gan.compile()
    points = np.random.default_rng(1).normal(size=(64, 2)).astype("float32")
    logits, _ = gan.discriminate(points[:16])
    assert tuple(logits.shape) == (4, 1)
    history = gan.fit(points, batch_size=16, epochs=1, verbose=0).history
    assert all(np.isfinite(v).all() for v in history.values())
    restored = GAN.from_config(gan.get_config())
    assert restored.packing == 4


def test_a_packed_dcgan_trains_and_reloads(tmp_path):
    gan = DCGAN(image_shape=(8, 8, 1), latent_dim=4, generator_filters=4, discriminator_filters=4, packing=2, seed=0)
    assert gan.discriminator.input_shape == (None, 8, 8, 2)
    gan.compile(loss="wgan_gp")  # the penalty's interpolates are packed too
    history = gan.fit(tiny_images(32), batch_size=8, epochs=1, verbose=0).history
    assert all(np.isfinite(v).all() for v in history.values())
    gan.save(tmp_path / "gan.keras")
    assert keras.saving.load_model(tmp_path / "gan.keras").packing == 2


def test_bad_packing_is_explained():
    with pytest.raises(ValueError, match=r"must take one input of shape \(4,\)"):
        GAN(mlp_generator(2, (2,), (8,)), mlp_discriminator((2,), (8,)), packing=2, data_range=None)
    with pytest.raises(ValueError, match="packing must be a positive integer"):
        point_gan(packing=0)
    gan = point_gan(packing=4)
    gan.compile()
    with pytest.raises(ValueError, match="multiple of 4"):
        gan.fit(np.zeros((12, 2), "float32"), batch_size=6, epochs=1, verbose=0)


def test_a_packed_vanilla_gan_with_minibatch_stddev_trains_and_reloads(tmp_path):
    gan = VanillaGAN(
        data_shape=(2,), latent_dim=2, generator_units=(8,), discriminator_units=(8,), maxout_pieces=2,
        dropout=0.0, output_activation=None, generator_batch_norm=True, packing=2, minibatch_stddev=True, seed=0,
    )
    assert gan.discriminator.input_shape == (None, 4)
    assert any(isinstance(layer, keras.layers.BatchNormalization) for layer in gan.generator.layers)
    gan.compile()
    history = gan.fit(np.random.default_rng(0).normal(size=(64, 2)), batch_size=16, epochs=1, verbose=0).history
    assert all(np.isfinite(v).all() for v in history.values())
    gan.save(tmp_path / "gan.keras")
    restored = keras.saving.load_model(tmp_path / "gan.keras")
    assert restored.packing == 2 and restored.discriminator.get_layer("minibatch_stddev") is not None
    np.testing.assert_allclose(restored.generate(4, seed=1), gan.generate(4, seed=1), atol=1e-6)


def test_a_dcgan_with_minibatch_stddev_sees_its_batch_and_reloads(tmp_path):
    gan = DCGAN(image_shape=(8, 8, 1), latent_dim=4, generator_filters=4, discriminator_filters=4,
                minibatch_stddev=True, seed=0)
    # One more channel on the last 4×4×4 feature map, before the logit.
    assert gan.discriminator.get_layer("minibatch_stddev").output.shape[1:] == (4, 4, 5)
    gan.compile()
    history = gan.fit(tiny_images(32), batch_size=8, epochs=1, verbose=0).history
    assert all(np.isfinite(v).all() for v in history.values())
    gan.save(tmp_path / "gan.keras")
    restored = keras.saving.load_model(tmp_path / "gan.keras")
    images = tiny_images(8)
    np.testing.assert_allclose(
        keras.ops.convert_to_numpy(restored.discriminator(images)), keras.ops.convert_to_numpy(gan.discriminator(images)),
        atol=1e-5,
    )
