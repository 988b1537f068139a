"""Parzen-window (Gaussian kernel density) log-likelihood of test data.

The protocol of Goodfellow et al. (2014): fit an isotropic Gaussian kernel
density estimate to samples from the generator, choose its width `sigma` on
validation data, and report the mean log-likelihood of the test data under
it. The estimate is known to be poor in high dimensions (Theis et al., 2016)
and is given for comparison with published numbers, not as a measure of
sample quality.

Pure NumPy in float64, so it works the same on every backend.
"""

import numpy as np

from keras_gans.metrics.arrays import as_features, to_numpy


def parzen_log_likelihood(samples, test_points, sigma, batch_size=1000):
    """Mean log-likelihood of `test_points` under a Gaussian KDE on `samples`.

    `p(x) = 1/n Σ_i N(x; s_i, σ² I)`, evaluated in log space with a
    log-sum-exp, so points far from every sample give a large negative
    number rather than `log 0`. Images are flattened to vectors.

    Args:
        samples: generated samples, shape `(n, ...)`.
        test_points: points to evaluate, shape `(m, ...)` with as many
            values per point as a sample; at least 2, for the standard error.
        sigma: the kernel's standard deviation, in the units of the data
            (choose it with `choose_parzen_sigma`).
        batch_size: test points evaluated at once; memory grows as
            `batch_size × n` floats.

    Returns:
        `(mean, standard_error)`: floats, the mean log-likelihood in nats
        and its standard error over the test points.

    Example:

    >>> samples = np.zeros((5, 2))
    >>> mean, standard_error = parzen_log_likelihood(samples, np.zeros((3, 2)), sigma=1.0)
    >>> round(mean, 4), standard_error  # log N(0; 0, I) in 2-D = -log 2π
    (-1.8379, 0.0)
    """
    samples, test_points = _as_flat_pair(samples, "samples", test_points, "test_points", min_points=2)
    log_densities = _log_densities(samples, test_points, _as_sigmas([sigma]), batch_size)[0]
    standard_error = log_densities.std(ddof=1) / np.sqrt(len(log_densities))
    return float(log_densities.mean()), float(standard_error)


def choose_parzen_sigma(samples, validation_points, sigmas=np.logspace(-1, 0, 10), batch_size=1000):
    """The kernel width that maximises the mean validation log-likelihood.

    The distances between points are computed once and reused for every
    candidate, so a finer grid costs little.

    Args:
        samples: generated samples, shape `(n, ...)`.
        validation_points: held-out real points, shape `(m, ...)`; never the
            test points, or the reported likelihood is optimistic.
        sigmas: candidate widths. The default grid, 0.1 to 1 in 10
            log-spaced steps, suits data scaled to [0, 1]; when the best
            sigma is at either end of the grid, widen it.
        batch_size: validation points evaluated at once.

    Returns:
        The best sigma, a float.

    Example:

    >>> rng = np.random.default_rng(0)
    >>> samples, validation = rng.normal(size=(500, 1)), rng.normal(size=(500, 1))
    >>> round(choose_parzen_sigma(samples, validation, sigmas=[0.01, 0.3, 10.0]), 2)
    0.3
    """
    sigmas = _as_sigmas(sigmas)
    samples, validation_points = _as_flat_pair(
        samples, "samples", validation_points, "validation_points", min_points=1
    )
    scores = _log_densities(samples, validation_points, sigmas, batch_size).mean(axis=1)
    return float(sigmas[np.argmax(scores)])


def _log_densities(samples, points, sigmas, batch_size):
    """`log p(x)` for each sigma (rows) and each point (columns)."""
    if batch_size < 1:
        raise ValueError(f"batch_size must be positive, got {batch_size}.")
    num_samples, dimension = samples.shape
    sample_norms = (samples * samples).sum(axis=1)
    result = np.empty((len(sigmas), len(points)))
    for start in range(0, len(points), batch_size):
        batch = points[start : start + batch_size]
        distances = (batch * batch).sum(axis=1)[:, None] + sample_norms[None, :] - 2 * (batch @ samples.T)
        distances = np.maximum(distances, 0.0)  # round-off of the expansion
        for i, sigma in enumerate(sigmas):
            exponents = -distances / (2 * sigma**2)
            # log-sum-exp: shift by the largest term so the biggest exp is 1.
            largest = exponents.max(axis=1)
            log_sum = largest + np.log(np.exp(exponents - largest[:, None]).sum(axis=1))
            normaliser = np.log(num_samples) + 0.5 * dimension * np.log(2 * np.pi * sigma**2)
            result[i, start : start + batch_size] = log_sum - normaliser
    return result


def _as_flat_pair(samples, samples_name, points, points_name, min_points):
    """Both arrays flattened to float64 `(count, values)` vectors, checked."""
    samples = _flatten(samples, samples_name, min_samples=1)
    points = _flatten(points, points_name, min_samples=min_points)
    if samples.shape[1] != points.shape[1]:
        raise ValueError(
            f"Size mismatch: each of {samples_name} holds {samples.shape[1]} values, each of {points_name} "
            f"{points.shape[1]}. Both must be the same kind of data (same image shape)."
        )
    return samples, points


def _flatten(values, name, min_samples):
    array = to_numpy(values)
    if array.ndim < 1:
        raise ValueError(f"{name} must be an array of shape (num_points, ...), got a scalar.")
    if len(array) < min_samples:
        raise ValueError(f"{name} has {len(array)} points; at least {min_samples} are needed.")
    # A 1-D array is read as that many 1-D points.
    return as_features(array.reshape(len(array), -1), name, min_samples=min_samples)


def _as_sigmas(sigmas):
    sigmas = np.asarray(sigmas, dtype="float64").reshape(-1)
    if len(sigmas) == 0 or not np.all(np.isfinite(sigmas)) or sigmas.min() <= 0:
        raise ValueError(f"sigma must be positive and finite, got {sigmas.tolist()}.")
    return sigmas
