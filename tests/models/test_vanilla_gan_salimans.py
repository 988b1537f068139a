"""Salimans et al. 2016's minibatch discrimination and virtual batch norm as VanillaGAN options."""

import keras
import numpy as np
import pytest

from keras_gans.models import VanillaGAN


def point_gan(**kwargs):
    options = dict(
        data_shape=(2,), latent_dim=2, generator_units=(16, 16), discriminator_units=(16,), dropout=0.0,
        output_activation=None, seed=0,
    )
    return VanillaGAN(**{**options, **kwargs})


def reference_of(gan):
    return keras.ops.convert_to_numpy(gan.generator.layers[0].reference)


def points():
    return np.random.default_rng(0).normal(2.0, 0.5, (64, 2)).astype("float32")


@pytest.mark.parametrize("option", [{"minibatch_discrimination": 4}, {"virtual_batch_norm": 8}])
def test_each_option_trains_saves_and_reloads(option, tmp_path):
    gan = point_gan(**option)
    gan.compile()
    history = gan.fit(points(), batch_size=16, epochs=2, verbose=0).history
    assert all(np.isfinite(values).all() for values in history.values())
    assert {key: gan.get_config()[key] for key in option} == option
    gan.save(tmp_path / "gan.keras")
    restored = keras.saving.load_model(tmp_path / "gan.keras")
    np.testing.assert_allclose(restored.generate(8, seed=1), gan.generate(8, seed=1), atol=1e-5)
    for ours, theirs in zip(gan.discriminator.weights, restored.discriminator.weights):
        np.testing.assert_allclose(keras.ops.convert_to_numpy(theirs), keras.ops.convert_to_numpy(ours), atol=1e-6)


def test_minibatch_discrimination_widens_d_s_last_hidden_features():
    gan = point_gan(minibatch_discrimination=4)
    assert gan.discriminator.get_layer("minibatch_discrimination").output.shape[-1] == 16 + 4
    assert "minibatch_discrimination" not in [layer.name for layer in point_gan().discriminator.layers]


def test_virtual_batch_norm_replaces_g_s_batch_norm_with_a_reference_drawn_from_the_seed():
    gan = point_gan(virtual_batch_norm=8)
    reference = reference_of(gan)
    assert reference.shape == (8, 2)
    np.testing.assert_array_equal(reference_of(point_gan(virtual_batch_norm=8)), reference)
    assert not np.array_equal(reference_of(point_gan(virtual_batch_norm=8, seed=1)), reference)
    # A sample comes out the same alone as in a batch, in training mode too.
    latent = gan.draw_latent(5, seed=2)
    together = keras.ops.convert_to_numpy(gan.generator(latent, training=True))
    alone = keras.ops.convert_to_numpy(gan.generator(latent[:1], training=True))
    np.testing.assert_allclose(together[:1], alone, rtol=1e-5, atol=1e-6)


def test_the_reference_batch_holds_latent_categories_like_the_training_noise():
    gan = point_gan(virtual_batch_norm=200, latent_categories=4, latent_category_scale=3.0)
    one_hot = reference_of(gan)[:, 2:]
    assert set(np.unique(one_hot)) == {0.0, 3.0}
    np.testing.assert_array_equal(one_hot.sum(axis=1), 3.0)
    assert len(np.unique(one_hot.argmax(axis=1))) == 4


def test_batch_norm_and_virtual_batch_norm_together_are_refused():
    with pytest.raises(ValueError, match="generator_batch_norm=True or virtual_batch_norm"):
        point_gan(generator_batch_norm=True, virtual_batch_norm=8)
