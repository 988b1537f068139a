import math

import keras
import numpy as np
import pytest

from keras_gans import LatentCodes
from keras_gans.models import InfoGAN
from keras_gans.networks import dcgan_generator, infogan_discriminator
from tests.models.labelled_toy import labelled_images, nearest_template


def tiny_infogan(**kwargs):
    options = dict(image_shape=(8, 8, 1), noise_dim=4, categorical_codes=(3,), continuous_codes=1,
                   generator_filters=8, discriminator_filters=8, seed=0)
    return InfoGAN(**{**options, **kwargs})


def test_information_loss_matches_a_hand_computation():
    codes = LatentCodes(noise_dim=2, categorical=(3,), continuous=2)
    # Two samples: category 0 then 2; continuous codes (0.5, -1) and (0, 0.25).
    targets = np.array([[1, 0, 0, 0.5, -1.0], [0, 0, 1, 0.0, 0.25]], "float32")
    q = np.array([[2.0, 0.0, 0.0, 0.0, -1.0], [0.0, 1.0, 1.0, 0.5, 0.0]], "float32")
    categorical_nll, continuous_nll = codes.information_loss(keras.ops.convert_to_tensor(targets), keras.ops.convert_to_tensor(q))
    # -log softmax: sample 1, log(e² + 2) - 2; sample 2, log(1 + 2e) - 1.
    expected_categorical = ((math.log(math.e**2 + 2) - 2) + (math.log(1 + 2 * math.e) - 1)) / 2
    # Gaussian NLL, unit variance: 0.5·err² + 0.5·log(2π) per code, summed, then averaged.
    half_log_two_pi = 0.5 * math.log(2 * math.pi)
    expected_continuous = ((0.5 * 0.25 + 0 + 2 * half_log_two_pi) + (0.5 * 0.25 + 0.5 * 0.0625 + 2 * half_log_two_pi)) / 2
    assert float(categorical_nll) == pytest.approx(expected_categorical, rel=1e-5)
    assert float(continuous_nll) == pytest.approx(expected_continuous, rel=1e-5)
    assert codes.entropy == pytest.approx(math.log(3))


def test_latent_layout_and_priors():
    codes = LatentCodes(noise_dim=3, categorical=(4, 2), continuous=2, continuous_range=(-2, 2))
    assert (codes.latent_dim, codes.q_dim) == (11, 8)
    latent = codes.draw(2000, seed=0)
    one_hots = latent[:, 3:9]
    np.testing.assert_array_equal(one_hots[:, :4].sum(1), 1)
    np.testing.assert_array_equal(one_hots[:, 4:].sum(1), 1)
    counts = np.bincount(codes.categories(latent)[:, 0], minlength=4)
    assert counts.min() > 400  # uniform over 4 categories
    continuous = latent[:, 9:]
    assert continuous.min() >= -2 and continuous.max() <= 2 and abs(continuous.mean()) < 0.1
    seed_generator = keras.random.SeedGenerator(0)
    sampled = keras.ops.convert_to_numpy(codes.sample(500, seed_generator))
    assert sampled.shape == (500, 11)
    np.testing.assert_array_equal(sampled[:, 3:7].sum(1), 1)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(noise_dim=0), "noise_dim"),
        (dict(categorical=(1,)), "categories"),
        (dict(categorical=(), continuous=0), "at least one code"),
        (dict(continuous=-1), "continuous"),
        (dict(continuous_range=(1, -1)), "low < high"),
    ],
)
def test_code_specs_that_do_not_add_up_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        LatentCodes(**kwargs)


def test_networks_that_do_not_fit_the_codes_are_refused():
    generator = dcgan_generator(latent_dim=7, image_shape=(8, 8, 1), filters=4)
    with pytest.raises(ValueError, match=r"needs a generator with 8 inputs \(4 noise \+ 4 code values\)"):
        InfoGAN(noise_dim=4, categorical_codes=(3,), continuous_codes=1, generator=generator,
                discriminator=infogan_discriminator((8, 8, 1), 4, filters=4))
    with pytest.raises(ValueError, match="4 Q outputs"):
        InfoGAN(noise_dim=4, categorical_codes=(3,), continuous_codes=1,
                generator=dcgan_generator(latent_dim=8, image_shape=(8, 8, 1), filters=4),
                discriminator=infogan_discriminator((8, 8, 1), 5, filters=4))


def test_training_makes_the_categorical_code_readable_and_meaningful():
    images, _ = labelled_images()
    gan = tiny_infogan(continuous_codes=0)
    gan.compile(d_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5))
    history = gan.fit(images, batch_size=32, epochs=12, verbose=0)
    information = history.history["mutual_information"]
    assert information[-1] > 0.6 and information[-1] > information[0] + 0.3, information
    assert information[-1] <= math.log(3) + 1e-6  # a lower bound on I(c; x) ≤ H(c)
    # Each category of the code should mostly draw one of the three patterns.
    latent = gan.draw_latent(300, seed=1)
    drawn = nearest_template(gan.generate(latent=latent))
    categories = gan.latent_codes.categories(latent)[:, 0]
    majority = sum(np.bincount(drawn[categories == c]).max() for c in range(3) if np.any(categories == c))
    assert majority / 300 > 0.6  # chance would be about 1/3


def test_code_grid_varies_the_category_by_row_and_the_code_by_column():
    gan = tiny_infogan()
    grid = gan.code_grid(num_values=4, seed=0).reshape(3, 4, 8, 8, 1)
    assert np.abs(grid[0, 0] - grid[1, 0]).max() > 1e-5  # rows differ by category
    assert np.abs(grid[0, 0] - grid[0, 3]).max() > 1e-5  # columns differ by the continuous code
    with pytest.raises(ValueError, match="continuous_index"):
        gan.code_grid(continuous_index=1)


def test_custom_networks_round_trip(tmp_path):
    generator = dcgan_generator(latent_dim=8, image_shape=(8, 8, 1), filters=4)
    discriminator = infogan_discriminator((8, 8, 1), 4, filters=4, hidden_units=8, q_units=4)
    gan = InfoGAN(noise_dim=4, categorical_codes=(3,), continuous_codes=1, info_weight=0.5,
                  generator=generator, discriminator=discriminator, seed=1)
    gan.compile()
    gan.save(tmp_path / "infogan.keras")
    loaded = keras.saving.load_model(tmp_path / "infogan.keras")
    assert loaded.info_weight == 0.5 and loaded.latent_codes.get_config() == gan.latent_codes.get_config()
    np.testing.assert_allclose(loaded.generate(5, seed=0), gan.generate(5, seed=0), atol=1e-6)
