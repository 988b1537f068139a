"""Inception Score (IS) of a classifier's predictions on generated samples.

Salimans et al. (2016): `exp(E_x KL(p(y|x) ‖ p(y)))`. It is high when each
sample is classified confidently (`p(y|x)` peaked) and the samples together
cover many classes (`p(y)` flat); it ranges from 1 to the number of classes.

Pure NumPy in float64, so it works the same on every backend.
"""

import numpy as np

from keras_gans.metrics.arrays import to_numpy


def inception_score(probabilities, splits=10):
    """Inception Score, as a mean and standard deviation over splits.

    The predictions are cut into `splits` contiguous chunks (in the order
    given, as in the original implementation) and each chunk is scored with
    its own marginal `p(y)`. Predictions ordered by class (all samples of
    class 0, then class 1, ...) make every chunk look collapsed: shuffle
    them first.

    Args:
        probabilities: softmax outputs of a classifier on generated samples,
            shape `(n, num_classes)`; each row non-negative and summing to 1.
            Rows are renormalised to absorb float32 round-off.
        splits: number of chunks; each must hold at least one sample.

    Returns:
        `(mean, std)`: floats, the mean and standard deviation of the
        per-chunk scores; each score lies in `[1, num_classes]`.

    Example:

    >>> confident = np.eye(4)[[0, 1, 2, 3, 0, 1, 2, 3]]
    >>> mean, std = inception_score(confident, splits=2)
    >>> round(mean, 6), round(std, 6)
    (4.0, 0.0)
    >>> mean, std = inception_score(np.full((8, 4), 0.25), splits=2)
    >>> round(mean, 6), round(std, 6)
    (1.0, 0.0)
    """
    probabilities = _as_probabilities(probabilities)
    if splits < 1 or splits > len(probabilities):
        raise ValueError(
            f"splits must be between 1 and the number of samples ({len(probabilities)}), got {splits}."
        )
    scores = np.array([_split_score(chunk) for chunk in np.array_split(probabilities, splits)])
    return float(scores.mean()), float(scores.std())


def _split_score(probabilities):
    """`exp(mean_x KL(p(y|x) ‖ p(y)))` with `p(y)` this chunk's marginal."""
    marginal = probabilities.mean(axis=0, keepdims=True)
    # 0·log 0 is 0; and wherever p(y|x) > 0 the marginal is > 0 too, so the
    # logs below only ever see positive numbers.
    positive = probabilities > 0
    safe = np.where(positive, probabilities, 1.0)
    log_ratio = np.log(safe) - np.log(np.where(positive, marginal, 1.0))
    kl = np.sum(np.where(positive, probabilities * log_ratio, 0.0), axis=1)
    # Round-off can leave the score a hair below its floor of 1.
    return max(float(np.exp(kl.mean())), 1.0)


def _as_probabilities(values):
    """A float64 `(n, k)` array of probability rows, or a ValueError."""
    array = to_numpy(values)
    if array.dtype.kind not in "biuf":
        raise ValueError(f"probabilities must hold numbers, got dtype {array.dtype}.")
    if array.ndim != 2:
        raise ValueError(f"probabilities must have shape (num_samples, num_classes), got {array.shape}.")
    if array.shape[0] < 1 or array.shape[1] < 1:
        raise ValueError(f"probabilities is empty (shape {array.shape}); there is nothing to score.")
    array = array.astype("float64")
    if not np.all(np.isfinite(array)):
        raise ValueError(
            "probabilities contains NaN or infinite values; check the classifier and its inputs."
        )
    sums = array.sum(axis=1)
    if array.min() < 0 or not np.allclose(sums, 1.0, rtol=0, atol=1e-3):
        worst = sums[np.argmax(np.abs(sums - 1.0))]
        raise ValueError(
            "Each row of probabilities must be non-negative and sum to 1 "
            f"(min {array.min():.3g}, a row sums to {worst:.3g}); "
            "pass softmax probabilities, not logits (apply keras.ops.softmax first)."
        )
    return array / sums[:, None]
