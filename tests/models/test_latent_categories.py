"""A categorical part of the latent vector: drawn, saved and used to split the modes."""

import keras
import numpy as np
import pytest

from keras_gans.models import GAN, InfoGAN, VanillaGAN
from keras_gans.networks import mlp_discriminator, mlp_generator
from tests.conftest import tiny_dcgan, tiny_images
from tests.models.test_conditional_gan import tiny_cgan


def point_gan(latent_categories, seed=0, **kwargs):
    options = dict(
        data_shape=(1,), latent_dim=2, generator_units=(64, 64), discriminator_units=(64,), dropout=0.0,
        output_activation=None, latent_categories=latent_categories, seed=seed,
    )
    return VanillaGAN(**{**options, **kwargs})


def test_training_latents_are_gaussian_noise_then_a_uniform_one_hot():
    gan = point_gan(latent_categories=4)
    assert gan.latent_dim == 6 and gan.noise_dim == 2 and gan.generator.input_shape == (None, 6)
    latent = keras.ops.convert_to_numpy(gan.sample_latent(8000))
    noise, one_hot = latent[:, :2], latent[:, 2:]
    assert set(np.unique(one_hot)) == {0.0, 1.0}
    np.testing.assert_array_equal(one_hot.sum(axis=1), 1.0)
    np.testing.assert_allclose(one_hot.mean(axis=0), 0.25, atol=0.02)
    np.testing.assert_allclose(noise.mean(axis=0), 0.0, atol=0.05)
    np.testing.assert_allclose(noise.std(axis=0), 1.0, atol=0.05)


def test_the_hot_entry_takes_the_scale():
    gan = point_gan(latent_categories=3, latent_category_scale=4.0)
    one_hot = keras.ops.convert_to_numpy(gan.sample_latent(500))[:, 2:]
    assert set(np.unique(one_hot)) == {0.0, 4.0}
    np.testing.assert_array_equal(one_hot.sum(axis=1), 4.0)
    np.testing.assert_array_equal(gan.draw_latent(2, seed=0, categories=[2, 1])[:, 2:], [[0, 0, 4], [0, 4, 0]])
    assert VanillaGAN.from_config(gan.get_config()).latent_category_scale == 4.0
    for bad in (0.0, -1.0):
        with pytest.raises(ValueError, match="latent_category_scale must be positive"):
            point_gan(latent_categories=3, latent_category_scale=bad)


def test_without_categories_the_latent_is_all_noise():
    gan = point_gan(latent_categories=0)
    assert gan.latent_dim == gan.noise_dim == 2
    latent = keras.ops.convert_to_numpy(gan.sample_latent(4000))
    assert not np.isin(latent, [0.0, 1.0]).any()  # no one-hot entries
    np.testing.assert_allclose(latent.std(axis=0), 1.0, atol=0.05)


def test_draw_latent_can_fix_each_samples_category():
    gan = point_gan(latent_categories=4)
    drawn = gan.draw_latent(3, seed=5, categories=[3, 0, 2])
    np.testing.assert_array_equal(drawn[:, 2:].argmax(axis=1), [3, 0, 2])
    np.testing.assert_array_equal(drawn[:, 2:].sum(axis=1), 1.0)
    # The same seed gives the same noise whether the categories are drawn or given.
    np.testing.assert_array_equal(drawn[:, :2], gan.draw_latent(3, seed=5)[:, :2])
    categories = gan.draw_latent(4000, seed=0)[:, 2:].argmax(axis=1)
    np.testing.assert_allclose(np.bincount(categories) / 4000, 0.25, atol=0.02)
    with pytest.raises(ValueError, match="categories must be 3 integers from 0 to 3"):
        gan.draw_latent(3, categories=[0, 4, 1])
    with pytest.raises(ValueError, match="needs a model built with latent_categories"):
        point_gan(latent_categories=0).draw_latent(2, categories=[0, 1])


def test_a_categorical_dcgan_trains_and_reloads(tmp_path):
    gan = tiny_dcgan(latent_categories=3)
    assert gan.generator.input_shape == (None, 7)
    gan.compile()
    history = gan.fit(tiny_images(), batch_size=16, epochs=1, verbose=0).history
    assert all(np.isfinite(v).all() for v in history.values())
    gan.save(tmp_path / "gan.keras")
    restored = keras.saving.load_model(tmp_path / "gan.keras")
    assert restored.latent_categories == 3 and restored.get_config()["latent_dim"] == 4
    np.testing.assert_array_equal(restored.generate(4, seed=1), gan.generate(4, seed=1))


def test_a_gan_of_any_networks_keeps_its_categories_in_its_config():
    gan = GAN(mlp_generator(5, (2,), (8,), output_activation=None), mlp_discriminator((2,), (8,)),
              data_range=None, latent_categories=3, seed=0)
    assert gan.noise_dim == 2
    restored = GAN.from_config(gan.get_config())
    assert restored.latent_categories == 3 and restored.latent_dim == 5


def test_bad_category_counts_and_conditioned_models_are_refused():
    for bad in (1, -2, 2.5, True, 4):
        with pytest.raises(ValueError, match="latent_categories must be an integer of at least 2 and below the latent vector's 4"):
            GAN(mlp_generator(4, (1,), (8,)), mlp_discriminator((1,), (8,)), latent_categories=bad)
    with pytest.raises(ValueError, match="ConditionalGAN does not take latent_categories"):
        tiny_cgan(latent_categories=2)
    with pytest.raises(ValueError, match="InfoGAN does not take latent_categories"):
        InfoGAN(image_shape=(8, 8, 1), noise_dim=4, latent_categories=2)


def test_each_category_learns_its_own_mode():
    # Two far-apart modes and two categories whose one-hot outweighs the
    # noise: each category's samples settle on one mode, a different one for
    # each, so none fall in the gap. (Seen on 3 seeds × 3 backends; with the
    # one-hot at 1 the categories often share both modes.)
    rng = np.random.default_rng(0)
    data = (rng.choice([-3.0, 3.0], (256 * 600, 1)) + rng.normal(0.0, 0.1, (256 * 600, 1))).astype("float32")
    gan = point_gan(latent_categories=2, latent_category_scale=4.0, latent_dim=1)
    adam = dict(learning_rate=1e-3, beta_1=0.5)
    gan.compile(g_optimizer=keras.optimizers.Adam(**adam), d_optimizer=keras.optimizers.Adam(**adam))
    gan.fit(data, batch_size=256, epochs=1, verbose=0, shuffle=False)
    sides = [np.sign(gan.generate(latent=gan.draw_latent(500, seed=1, categories=np.full(500, c)))) for c in (0, 1)]
    majority = [np.sign(side.mean()) for side in sides]
    assert majority[0] != majority[1]
    assert all(np.mean(side == m) > 0.9 for side, m in zip(sides, majority))
