import keras
import numpy as np
import pytest

from keras_gans.metrics.parzen import choose_parzen_sigma, parzen_log_likelihood


def _gaussian_log_density(points, variance):
    """log N(x; 0, variance·I), row by row."""
    dimension = points.shape[1]
    return -0.5 * (np.sum(points**2, axis=1) / variance + dimension * np.log(2 * np.pi * variance))


@pytest.mark.parametrize("dimension", [1, 2])
def test_approaches_the_density_of_the_convolved_gaussian(dimension):
    # The KDE of samples from N(0, s²) has expectation N(0, s² + σ²).
    rng = np.random.default_rng(dimension)
    spread, sigma = 1.0, 0.2
    samples = rng.normal(0, spread, size=(20_000, dimension))
    test_points = rng.normal(0, spread, size=(500, dimension))
    mean, standard_error = parzen_log_likelihood(samples, test_points, sigma)
    expected = _gaussian_log_density(test_points, spread**2 + sigma**2).mean()
    assert mean == pytest.approx(expected, abs=0.02)
    assert 0 < standard_error < 0.1


def test_single_kernel_is_exactly_gaussian():
    rng = np.random.default_rng(0)
    points = rng.normal(size=(10, 3))
    mean, standard_error = parzen_log_likelihood(np.zeros((1, 3)), points, sigma=0.7)
    log_densities = _gaussian_log_density(points, 0.49)
    assert mean == pytest.approx(log_densities.mean(), rel=1e-12)
    assert standard_error == pytest.approx(log_densities.std(ddof=1) / np.sqrt(10), rel=1e-10)


def test_far_points_stay_finite():
    # exp(-distance² / 2σ²) underflows to 0 here; the log-sum-exp does not.
    mean, _ = parzen_log_likelihood(np.zeros((3, 1)), np.full((2, 1), 100.0), sigma=0.1)
    assert mean == pytest.approx(-0.5 * 100.0**2 / 0.01 - 0.5 * np.log(2 * np.pi * 0.01), rel=1e-12)


def test_images_are_flattened_and_batching_does_not_matter():
    rng = np.random.default_rng(1)
    samples, images = rng.uniform(size=(50, 4, 4, 1)), rng.uniform(size=(30, 4, 4, 1))
    expected = parzen_log_likelihood(samples.reshape(50, -1), images.reshape(30, -1), sigma=0.3)
    batched = parzen_log_likelihood(samples, images, sigma=0.3, batch_size=7)
    assert batched == pytest.approx(expected, rel=1e-12)
    tensors = keras.ops.convert_to_tensor(samples.astype("float32"))
    assert parzen_log_likelihood(tensors, images, sigma=0.3) == pytest.approx(expected, rel=1e-5)


def test_choose_sigma_picks_the_best_of_the_grid():
    rng = np.random.default_rng(2)
    samples, validation = rng.normal(size=(2000, 1)), rng.normal(size=(2000, 1))
    sigmas = np.logspace(-2, 1, 13)
    scores = [parzen_log_likelihood(samples, validation, s)[0] for s in sigmas]
    chosen = choose_parzen_sigma(samples, validation, sigmas=sigmas)
    assert chosen == sigmas[np.argmax(scores)]
    # Near the classic rule of thumb for a Gaussian, 1.06 · s · n^(-1/5) ≈ 0.23,
    # and far from the ends of the grid.
    assert 0.1 < chosen < 0.5


def test_choose_sigma_is_small_when_validation_points_are_samples():
    samples = np.random.default_rng(3).uniform(size=(100, 2))
    assert choose_parzen_sigma(samples, samples, sigmas=[1e-3, 0.1, 1.0]) == 1e-3


@pytest.mark.parametrize(
    "samples, points, sigma, message",
    [
        (np.zeros((5, 2)), np.zeros((5, 3)), 1.0, "Size mismatch"),
        (np.zeros((5, 2)), np.zeros((1, 2)), 1.0, "at least 2"),
        (np.zeros((0, 2)), np.zeros((5, 2)), 1.0, "at least 1"),
        (np.zeros((5, 2)), np.zeros((5, 2)), 0.0, "sigma must be positive"),
        (np.zeros((5, 2)), np.full((5, 2), np.nan), 1.0, "NaN"),
    ],
)
def test_rejects_bad_input(samples, points, sigma, message):
    with pytest.raises(ValueError, match=message):
        parzen_log_likelihood(samples, points, sigma)
