import keras
import numpy as np
import pytest

from keras_gans.metrics.kid import _polynomial_kernel, kernel_inception_distance


def _biased_mmd2(a, b):
    """The plain V-statistic, diagonal included: positively biased."""
    within = _polynomial_kernel(a, a).mean() + _polynomial_kernel(b, b).mean()
    return within - 2 * _polynomial_kernel(a, b).mean()


def test_same_distribution_gives_zero_and_the_biased_estimate_does_not():
    rng = np.random.default_rng(0)
    real, fake = rng.normal(size=(2000, 16)), rng.normal(size=(2000, 16))
    num_subsets, subset_size = 200, 50
    mean, std = kernel_inception_distance(real, fake, num_subsets=num_subsets, subset_size=subset_size)
    standard_error = std / np.sqrt(num_subsets)
    assert abs(mean) < 3 * standard_error
    # The same subsets scored with the biased estimator sit clearly above 0.
    subset_rng = np.random.default_rng(0)
    biased = [
        _biased_mmd2(
            real[subset_rng.choice(len(real), subset_size, replace=False)],
            fake[subset_rng.choice(len(fake), subset_size, replace=False)],
        )
        for _ in range(num_subsets)
    ]
    assert np.mean(biased) > 10 * standard_error + abs(mean)


def test_shifted_distribution_is_clearly_positive():
    rng = np.random.default_rng(1)
    real, fake = rng.normal(size=(500, 8)), rng.normal(size=(500, 8)) + 0.5
    mean, std = kernel_inception_distance(real, fake, num_subsets=20, subset_size=200)
    assert mean > 10 * std / np.sqrt(20)
    assert mean > 0.1
    # A larger shift is further away.
    assert kernel_inception_distance(real, fake + 0.5, num_subsets=20, subset_size=200)[0] > mean


def test_single_subset_matches_a_direct_computation():
    rng = np.random.default_rng(2)
    a, b = rng.normal(size=(5, 3)), rng.normal(size=(5, 3)) + 1
    # subset_size covers both sets, so the subset is everything.
    mean, std = kernel_inception_distance(a, b, num_subsets=1, subset_size=5)
    kernel = lambda x, y: (x @ y / 3 + 1) ** 3  # noqa: E731
    within_a = np.mean([kernel(a[i], a[j]) for i in range(5) for j in range(5) if i != j])
    within_b = np.mean([kernel(b[i], b[j]) for i in range(5) for j in range(5) if i != j])
    across = np.mean([kernel(a[i], b[j]) for i in range(5) for j in range(5)])
    assert mean == pytest.approx(within_a + within_b - 2 * across, rel=1e-12)
    assert std == 0.0


def test_subset_size_is_clipped_to_the_smaller_set():
    rng = np.random.default_rng(3)
    a, b = rng.normal(size=(30, 4)), rng.normal(size=(1000, 4))
    mean, std = kernel_inception_distance(a, b, num_subsets=5, subset_size=1000)
    assert np.isfinite(mean) and np.isfinite(std)


def test_deterministic_for_a_seed_and_accepts_tensors():
    rng = np.random.default_rng(4)
    a, b = rng.normal(size=(100, 4)).astype("float32"), rng.normal(size=(100, 4)).astype("float32")
    first = kernel_inception_distance(a, b, num_subsets=5, subset_size=50, seed=7)
    from_tensor = kernel_inception_distance(
        keras.ops.convert_to_tensor(a), b, num_subsets=5, subset_size=50, seed=7
    )
    assert from_tensor == pytest.approx(first, rel=1e-12)
    assert kernel_inception_distance(a, b, num_subsets=5, subset_size=50, seed=8) != first


@pytest.mark.parametrize(
    "a, b, kwargs, message",
    [
        (np.zeros((1, 3)), np.zeros((5, 3)), {}, "at least 2"),
        (np.zeros((5, 3)), np.zeros((5, 4)), {}, "Feature size mismatch"),
        (np.full((5, 3), np.nan), np.zeros((5, 3)), {}, "NaN"),
        (np.zeros(5), np.zeros(5), {}, "2-D array"),
        (np.zeros((5, 3)), np.zeros((5, 3)), {"num_subsets": 0}, "num_subsets"),
        (np.zeros((5, 3)), np.zeros((5, 3)), {"subset_size": 1}, "subset_size"),
    ],
)
def test_rejects_bad_input(a, b, kwargs, message):
    with pytest.raises(ValueError, match=message):
        kernel_inception_distance(a, b, **kwargs)
