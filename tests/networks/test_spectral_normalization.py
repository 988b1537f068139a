import keras
import numpy as np
import pytest

from keras_gans.models import DCGAN, VanillaGAN
from keras_gans.networks import SpectralNormalization, mlp_discriminator
from tests.conftest import tiny_images


def top_singular_value(kernel):
    kernel = keras.ops.convert_to_numpy(kernel)
    return np.linalg.svd(kernel.reshape(-1, kernel.shape[-1]), compute_uv=False)[0]


def large_layer(kind):
    # Seeded, because the test's power iteration converges at (σ₂/σ₁)^k and an unseeded
    # kernel occasionally draws two nearly equal top singular values.
    large = keras.initializers.RandomNormal(stddev=2.0, seed=0)
    if kind == "conv":
        return keras.layers.Conv2D(5, 3, kernel_initializer=large)
    return keras.layers.Dense(6, kernel_initializer=large)


@pytest.mark.parametrize("kind", ["dense", "conv"])
def test_the_normalized_kernel_has_top_singular_value_one(kind):
    layer = large_layer(kind)
    wrapped = SpectralNormalization(layer)
    x = np.random.default_rng(0).normal(size=(2, 8, 8, 3) if kind == "conv" else (2, 7))
    x = x.astype("float32")
    for _ in range(100):  # one power iteration per training call
        wrapped(x, training=True)
    assert top_singular_value(layer.kernel) > 3  # the variable itself is not rescaled
    assert top_singular_value(wrapped.normalized_kernel()) == pytest.approx(1.0, abs=1e-3)
    # The output is the layer's with W / σ(W), σ from the exact SVD.
    kernel = keras.ops.convert_to_numpy(layer.kernel)
    expected_layer = layer.__class__.from_config(layer.get_config())
    expected_layer.build(x.shape)
    expected_layer.set_weights([kernel / top_singular_value(kernel), keras.ops.convert_to_numpy(layer.bias)])
    np.testing.assert_allclose(
        keras.ops.convert_to_numpy(wrapped(x)), keras.ops.convert_to_numpy(expected_layer(x)), rtol=2e-3, atol=1e-4
    )


def spectrally_normalized_dcgan():
    gan = DCGAN(
        image_shape=(16, 16, 1), latent_dim=4, generator_filters=4, discriminator_filters=4, spectral_norm=True, seed=0
    )
    return gan, tiny_images(320, shape=(16, 16, 1)), ["conv_0_sn", "conv_1_sn", "logit_sn"]


def spectrally_normalized_vanilla_gan():
    gan = VanillaGAN(
        data_shape=(2,), latent_dim=2, generator_units=(8,), discriminator_units=(8, 8), maxout_pieces=3,
        dropout=0.0, output_activation=None, spectral_norm=True, seed=0,
    )
    # The first kernel has only two singular values, often close, where
    # power iteration converges slowly: more steps than the DCGAN's 40.
    points = 3.0 * np.random.default_rng(0).normal(size=(1280, 2)).astype("float32")
    return gan, points, ["maxout_0_sn", "maxout_1_sn", "logit_sn"]


@pytest.mark.parametrize("build", [spectrally_normalized_dcgan, spectrally_normalized_vanilla_gan])
def test_every_layer_of_a_spectrally_normalized_critic_stays_at_one_while_training(build):
    gan, data, expected = build()
    wrapped = [layer for layer in gan.discriminator.layers if isinstance(layer, SpectralNormalization)]
    assert [layer.name for layer in wrapped] == expected and not any(
        isinstance(layer, keras.layers.BatchNormalization) for layer in gan.discriminator.layers
    )
    gan.compile(d_optimizer=keras.optimizers.Adam(1e-2))
    gan.fit(data, batch_size=8, epochs=1, verbose=0)
    for layer in wrapped:
        assert top_singular_value(layer.normalized_kernel()) == pytest.approx(1.0, abs=0.02), layer.name


def test_a_spectrally_normalized_model_saves_and_reloads(tmp_path):
    model = mlp_discriminator(units=(8, 8), spectral_norm=True)
    x = np.random.default_rng(0).normal(size=(4, 2)).astype("float32")
    model(x, training=True)
    model.save(tmp_path / "d.keras")
    restored = keras.saving.load_model(tmp_path / "d.keras")
    np.testing.assert_allclose(keras.ops.convert_to_numpy(restored(x)), keras.ops.convert_to_numpy(model(x)), rtol=1e-5)


def test_a_layer_without_a_kernel_is_refused():
    with pytest.raises(ValueError, match="needs a layer with a `kernel`"):
        SpectralNormalization(keras.layers.LayerNormalization())(np.ones((2, 3), "float32"))
