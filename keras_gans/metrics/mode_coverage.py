"""How many modes of a known mixture a generator covers, and how well.

The protocol of the PacGAN code (Lin et al. 2018), which fixed VEEGAN's: a
sample is *high quality* (HQ) when it lies within `threshold · std` of its
nearest mode, and a mode is *captured* when it is the nearest mode of at
least one HQ sample. Results are reported as mean ± standard error over
seeds, which `mean_and_standard_error` computes.

Pure NumPy after the samples are converted, so these work the same on every
backend.
"""

import keras
import numpy as np


def mode_coverage(samples, modes, std, threshold=3.0):
    """Modes captured and the fraction of high-quality samples.

    Each sample's nearest mode is found by Euclidean distance. A sample
    equidistant from several modes takes the one with the lowest index; it
    counts as HQ only if that distance is within the radius
    `threshold · std` (a distance equal to the radius counts as within).

    For reference, a perfect sampler of an isotropic 2D Gaussian mixture
    puts `1 − exp(−threshold² / 2)` of its samples within the radius: about
    98.9 % at the default threshold, so an HQ fraction near 0.99 is the
    ceiling, not 1.

    Args:
        samples: generated points, shape `(n, d)`: a NumPy array or a
            tensor of the current backend (a generator's output).
        modes: the mixture's means, shape `(m, d)`.
        std: the standard deviation of every mixture component.
        threshold: the HQ radius in units of `std` (3 in PacGAN).

    Returns:
        A dict with `"modes_captured"` (int), `"num_modes"` (int, `m`),
        `"high_quality"` (float in [0, 1], the fraction of HQ samples),
        `"counts"` (int64 array of shape `(m,)`: the HQ samples whose
        nearest mode is each mode) and `"spread"`: the standard deviation
        of the HQ samples about their own mean at each mode, pooled over
        modes and coordinates, in units of `std` (NaN with fewer than two
        HQ samples at every mode). HQ and modes cannot see a generator
        that collapses each mode to a point; the spread can: a perfect 2D
        sampler gives about 0.97 at the default threshold, a point mass 0.

    Raises:
        ValueError: for samples or modes of the wrong shape, NaN or infinite
            samples, or a non-positive `std` or `threshold`.

    Example:

    >>> modes = np.array([[0.0, 0.0], [1.0, 0.0]])
    >>> result = mode_coverage([[0.01, 0.0], [0.0, -0.02], [0.5, 0.0]], modes, std=0.01)
    >>> result["modes_captured"], round(result["high_quality"], 3), result["counts"].tolist()
    (1, 0.667, [2, 0])
    """
    samples = _as_points(samples, "samples")
    modes = _as_points(modes, "modes")
    _check_finite(samples)
    if samples.shape[1] != modes.shape[1]:
        raise ValueError(
            f"samples have {samples.shape[1]} coordinates but modes have {modes.shape[1]}; "
            f"pass samples of shape (n, {modes.shape[1]}) from a generator of the mixture's dimension."
        )
    if not std > 0:
        raise ValueError(f"std must be positive, got {std}. Pass the mixture components' standard deviation.")
    if not threshold > 0:
        raise ValueError(f"threshold must be positive (in units of std), got {threshold}.")

    distances = _distances(samples, modes)
    # `argmin` returns the first minimum: ties go to the lowest mode index.
    nearest = np.argmin(distances, axis=1)
    nearest_distance = distances[np.arange(len(samples)), nearest]
    high_quality = nearest_distance <= threshold * std
    counts = np.bincount(nearest[high_quality], minlength=len(modes)).astype("int64")
    return {
        "modes_captured": int(np.count_nonzero(counts)),
        "num_modes": int(len(modes)),
        "high_quality": float(np.mean(high_quality)),
        "counts": counts,
        "spread": _within_mode_spread(samples[high_quality], nearest[high_quality], len(modes)) / std,
    }


def _within_mode_spread(points, mode_of_point, num_modes):
    """Pooled within-mode standard deviation (per coordinate) of `points`."""
    counts = np.bincount(mode_of_point, minlength=num_modes)
    degrees_of_freedom = np.sum(np.maximum(counts - 1, 0))
    if degrees_of_freedom == 0:
        return float("nan")
    means = np.zeros((num_modes, points.shape[1]))
    np.add.at(means, mode_of_point, points)
    means /= np.maximum(counts, 1)[:, None]
    squares = np.sum((points - means[mode_of_point]) ** 2)
    return float(np.sqrt(squares / (degrees_of_freedom * points.shape[1])))


def mixture_coverage(samples, mixture, threshold=3.0):
    """`mode_coverage` against a `GaussianMixture`'s modes and std.

    Args:
        samples: generated points, shape `(n, d)`.
        mixture: a `keras_gans.data.mixtures.GaussianMixture`, such as
            `ring()` or `grid()`.
        threshold: the HQ radius in units of `mixture.std`.

    Returns:
        The dict of `mode_coverage`.

    Example:

    >>> from keras_gans.data.mixtures import ring
    >>> mixture = ring()
    >>> result = mixture_coverage(mixture.sample(2500, seed=0), mixture)
    >>> result["modes_captured"], result["num_modes"], result["high_quality"] > 0.98
    (8, 8, True)
    """
    return mode_coverage(samples, mixture.modes, mixture.std, threshold=threshold)


def mean_and_standard_error(values):
    """The mean and its standard error, for a result reported over seeds.

    The standard error is the sample standard deviation (`ddof=1`) over
    `sqrt(n)`; with a single value it is undefined, so NaN.

    Args:
        values: one number per seed, a 1-D sequence.

    Returns:
        `(mean, standard_error)` as floats.

    Raises:
        ValueError: when `values` is empty or not 1-D.

    Example:

    >>> mean, se = mean_and_standard_error([6, 7, 8, 6, 7])
    >>> round(mean, 2), round(se, 3)
    (6.8, 0.374)
    >>> mean_and_standard_error([8])
    (8.0, nan)
    """
    values = np.asarray(values, dtype="float64")
    if values.ndim != 1:
        raise ValueError(f"values must be 1-D (one number per seed), got shape {values.shape}.")
    if values.size == 0:
        raise ValueError("values is empty; pass one result per seed.")
    if values.size < 2:
        return float(values[0]), float("nan")
    return float(values.mean()), float(values.std(ddof=1) / np.sqrt(values.size))


def _as_points(points, name):
    """A float64 `(n, d)` array with n ≥ 1, or a ValueError."""
    # Backend tensors (a torch tensor, a JAX array) go through NumPy; float64
    # keeps exact ties between modes exact.
    array = np.asarray(keras.ops.convert_to_numpy(points), dtype="float64")
    if array.ndim != 2:
        raise ValueError(f"{name} must be points of shape (n, dimensions), got shape {array.shape}.")
    if len(array) == 0:
        raise ValueError(f"{name} is empty; there is nothing to measure.")
    return array


def _check_finite(samples):
    bad = ~np.all(np.isfinite(samples), axis=1)
    if bad.any():
        raise ValueError(
            f"the generator produced NaN or infinite samples ({int(bad.sum())} of {len(samples)}); "
            f"mode coverage is undefined. Training has likely diverged: check the losses, "
            f"lower the learning rate or restore an earlier checkpoint."
        )


def _distances(samples, modes, chunk=65536):
    """Euclidean distances `(n, m)`, computed in chunks of samples to bound memory."""
    return np.concatenate(
        [
            np.linalg.norm(samples[start : start + chunk, None, :] - modes[None], axis=-1)
            for start in range(0, len(samples), chunk)
        ]
    )
