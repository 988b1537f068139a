"""Kernel Inception Distance (KID) between two sets of features.

Bińkowski et al. (2018): the squared maximum mean discrepancy (MMD²) between
the two feature distributions under the cubic polynomial kernel
`k(x, y) = (x·y / d + 1)³`, estimated without bias and averaged over random
subsets. Unlike FID it assumes no Gaussian shape and its estimator has no
bias, so values from small sample sizes can be compared.

Pure NumPy in float64, so it works the same on every backend.
"""

import numpy as np

from keras_gans.metrics.arrays import as_features


def kernel_inception_distance(features_a, features_b, num_subsets=100, subset_size=1000, seed=0):
    """Unbiased MMD² with a cubic polynomial kernel, over random subsets.

    For each subset, `subset_size` rows are drawn without replacement from
    each set, and MMD² is estimated with the unbiased U-statistic: the
    within-set kernel means leave out the diagonal `k(x, x)`. The estimate
    can therefore be slightly negative when the two sets come from the same
    distribution; its mean over subsets is then close to 0.

    Args:
        features_a: array of shape `(n, d)`, e.g. Inception features of
            real images.
        features_b: array of shape `(m, d)`, e.g. those of generated images.
        num_subsets: number of random subsets to average over.
        subset_size: rows drawn from each set per subset. Clipped to
            `min(n, m)` when either set is smaller, in which case every
            subset of the smaller set is the whole set (only the order
            differs) and the spread across subsets comes from the larger set
            alone.
        seed: seed of the NumPy generator drawing the subsets, so the same
            features always give the same value.

    Returns:
        `(mean, std)`: floats, the mean and standard deviation of the
        estimates over the subsets. The standard error of the mean is
        about `std / sqrt(num_subsets)` (an overestimate of precision when
        subsets overlap heavily).

    Example:

    >>> rng = np.random.default_rng(0)
    >>> real, fake = rng.normal(size=(200, 4)), rng.normal(size=(200, 4))
    >>> mean, std = kernel_inception_distance(real, fake, num_subsets=10, subset_size=100)
    >>> abs(mean) < std  # same distribution: zero up to noise
    True
    >>> mean, std = kernel_inception_distance(real, fake + 1.0, num_subsets=10, subset_size=100)
    >>> round(mean, 1)
    9.8
    """
    features_a = as_features(features_a, "features_a", min_samples=2)
    features_b = as_features(features_b, "features_b", min_samples=2)
    if features_a.shape[1] != features_b.shape[1]:
        raise ValueError(
            f"Feature size mismatch: features_a has {features_a.shape[1]} features, features_b has "
            f"{features_b.shape[1]}. Both sets must come from the same feature extractor and layer."
        )
    if num_subsets < 1:
        raise ValueError(f"num_subsets must be at least 1, got {num_subsets}.")
    if subset_size < 2:
        raise ValueError(
            f"subset_size must be at least 2 (the unbiased estimate needs pairs), got {subset_size}."
        )
    subset_size = min(subset_size, len(features_a), len(features_b))
    rng = np.random.default_rng(seed)
    estimates = np.empty(num_subsets)
    for i in range(num_subsets):
        a = features_a[rng.choice(len(features_a), subset_size, replace=False)]
        b = features_b[rng.choice(len(features_b), subset_size, replace=False)]
        estimates[i] = _unbiased_mmd2(a, b)
    return float(estimates.mean()), float(estimates.std())


def _polynomial_kernel(x, y):
    """`(x·y / d + 1)³` for every pair of rows of `x` and `y`."""
    return (x @ y.T / x.shape[1] + 1.0) ** 3


def _unbiased_mmd2(a, b):
    """The unbiased MMD² estimate between two equally sized samples."""
    m = len(a)
    kernel_aa = _polynomial_kernel(a, a)
    kernel_bb = _polynomial_kernel(b, b)
    kernel_ab = _polynomial_kernel(a, b)
    # k(x, x) is no sample of E k(x, x') with x ≠ x': leaving the diagonal out
    # is what removes the positive bias of the plain (V-statistic) estimate.
    within_a = (kernel_aa.sum() - np.trace(kernel_aa)) / (m * (m - 1))
    within_b = (kernel_bb.sum() - np.trace(kernel_bb)) / (m * (m - 1))
    return within_a + within_b - 2 * kernel_ab.mean()
