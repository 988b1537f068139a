import keras
import numpy as np
import pytest

from keras_gans.mode_seeking import EPSILON, mode_seeking_loss
from keras_gans.models import GAN
from tests.models.captioned_toy import captioned_images, tiny_text_gan
from tests.models.labelled_toy import labelled_images
from tests.models.test_conditional_gan import tiny_acgan, tiny_cgan
from tests.models.test_infogan import tiny_infogan


def test_the_loss_is_the_weight_over_the_ratio_of_the_pairs_gaps():
    noise = np.array([[0.0, 0.0], [1.0, 3.0], [2.0, 2.0], [2.0, 0.0], [9.0, 9.0]], "float32")
    samples = np.array([[1.0], [5.0], [0.0], [1.0], [-7.0]], "float32")
    # Pairs (0, 1) and (2, 3); the fifth row has no partner.
    noise_gap, sample_gap = np.mean([1, 3, 0, 2]), np.mean([4, 1])
    expected = 0.5 / (sample_gap / (noise_gap + EPSILON) + EPSILON)
    assert float(mode_seeking_loss(noise, samples, weight=0.5)) == pytest.approx(expected, rel=1e-6)
    # A generator that ignores its noise costs the most.
    assert float(mode_seeking_loss(noise, np.zeros_like(samples))) == pytest.approx(1 / EPSILON, rel=1e-6)


def linear_gan(**kwargs):
    """G is one linear map of (noise, one-hot); D is linear and starts at zero."""
    generator = keras.Sequential([keras.Input((5,)), keras.layers.Dense(1, use_bias=False)], name="g")
    discriminator = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1, kernel_initializer="zeros")], name="d")
    return GAN(generator, discriminator, data_range=None, latent_categories=3, seed=0, **kwargs)


def test_paired_latents_share_their_category_and_differ_in_noise():
    gan = linear_gan()
    latent = keras.ops.convert_to_numpy(gan.sample_latent(4001, paired=True))
    assert latent.shape == (4001, 5)
    first, second = latent[0:4000:2], latent[1:4000:2]
    np.testing.assert_array_equal(first[:, 2:], second[:, 2:])
    assert np.all(first[:, :2] != second[:, :2])
    np.testing.assert_allclose(latent[:, 2:].mean(axis=0), 1 / 3, atol=0.03)


def generator_kernel_after_one_step(**compile_options):
    keras.utils.set_random_seed(0)
    gan = linear_gan()
    # D never moves from zero, so its logits give G no gradient: what moves G is the regulariser.
    gan.compile(g_optimizer=keras.optimizers.SGD(0.1), d_optimizer=keras.optimizers.SGD(0.0), **compile_options)
    before = keras.ops.convert_to_numpy(gan.generator.weights[0])[:, 0]
    gan.fit(np.zeros((64, 1), "float32"), batch_size=64, epochs=1, verbose=0)
    return before, keras.ops.convert_to_numpy(gan.generator.weights[0])[:, 0]


def test_the_generator_spreads_its_noise_and_leaves_the_shared_category_alone():
    before, after = generator_kernel_after_one_step(mode_seeking=1.0)
    assert np.linalg.norm(after[:2]) > 1.05 * np.linalg.norm(before[:2])  # the noise's weights grow
    np.testing.assert_array_equal(after[2:], before[2:])  # equal within each pair: no gradient
    before, after = generator_kernel_after_one_step()
    np.testing.assert_array_equal(after, before)


def test_the_weight_is_checked_and_saved(tmp_path):
    gan = linear_gan()
    for bad in (0.0, -1.0):
        with pytest.raises(ValueError, match="mode_seeking must be a positive weight"):
            gan.compile(mode_seeking=bad)
    gan.compile(mode_seeking=0.5)
    gan.save(tmp_path / "gan.keras")
    assert keras.saving.load_model(tmp_path / "gan.keras").mode_seeking == 0.5


def captioned_batch(model, n):
    _, captions, _ = captioned_images(n)
    return model.embed_text(captions)


CONDITIONED = {
    # builder, the real minibatch's condition (None: the model draws its own), the data to fit
    "cgan": (tiny_cgan, lambda model, n: np.arange(n) % 3, lambda: labelled_images(16)),
    "acgan": (tiny_acgan, lambda model, n: None, lambda: labelled_images(16)),  # draws its own labels
    "infogan": (tiny_infogan, lambda model, n: None, lambda: (labelled_images(16)[0],)),
    "textgan": (tiny_text_gan, captioned_batch, lambda: captioned_images(16)[:2]),
}


@pytest.mark.parametrize("name", CONDITIONED)
def test_a_conditioned_model_s_pairs_share_their_condition_and_differ_in_noise(name):
    build, condition_of, data = CONDITIONED[name]
    model = build()
    n = 41  # odd: the last row has no partner
    inputs, fake_condition = model.generator_inputs(n, condition_of(model, n), paired=True)
    latent, given = (inputs, None) if name == "infogan" else inputs
    latent = keras.ops.convert_to_numpy(latent)
    noise, shared = latent[:, : model.noise_dim], latent[:, model.noise_dim :]
    assert latent.shape[0] == n and np.all(noise[0:-1:2] != noise[1::2])
    np.testing.assert_array_equal(shared[0:-1:2], shared[1::2])
    condition = keras.ops.convert_to_numpy(fake_condition)
    np.testing.assert_array_equal(condition[0:-1:2], condition[1::2])
    if given is not None:
        np.testing.assert_array_equal(keras.ops.convert_to_numpy(given), condition)
    _, unpaired = model.generator_inputs(n, condition_of(model, n))
    unpaired = keras.ops.convert_to_numpy(unpaired)
    assert np.any(unpaired[0:-1:2] != unpaired[1::2])  # pairing is what shares them
    model.compile(mode_seeking=0.1)
    history = model.fit(*data(), batch_size=8, epochs=1, verbose=0)
    assert np.isfinite(history.history["g_loss"][-1])
