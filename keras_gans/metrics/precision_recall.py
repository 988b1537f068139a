"""Improved precision and recall of generated samples (Kynkäänniemi et al., 2019).

Each set's support is estimated as the union of balls around its points,
each ball reaching the point's k-th nearest neighbour in the same set.
Precision is the fraction of generated points inside the real support
(are the samples realistic?); recall is the fraction of real points inside
the generated support (is all of the data covered?). A collapsed generator
keeps a high precision but loses recall.

Pure NumPy in float64, so it works the same on every backend.
"""

import numpy as np

from keras_gans.metrics.arrays import as_features


def precision_recall(real_features, fake_features, k=3, batch_size=1000):
    """Precision and recall from k-nearest-neighbour balls.

    Distances are computed `batch_size` rows at a time, so memory stays at
    about `batch_size × max(n, m)` floats: 10,000 × 10,000 features need
    about 80 MB with the default, never the full distance matrix.

    Args:
        real_features: array of shape `(n, d)`, features of real samples;
            more than `k` rows.
        fake_features: array of shape `(m, d)`, features of generated
            samples; more than `k` rows.
        k: which nearest neighbour sets a ball's radius. The paper uses 3.
        batch_size: rows of distances computed at once.

    Returns:
        `(precision, recall)`: floats in [0, 1].

    Example:

    >>> grid = np.stack(np.meshgrid(np.arange(10.0), np.arange(10.0)), -1).reshape(-1, 2)
    >>> precision_recall(grid, grid)
    (1.0, 1.0)
    >>> precision_recall(grid, grid + 100.0)
    (0.0, 0.0)
    """
    if int(k) != k or k < 1:
        raise ValueError(f"k must be a positive int, got {k}.")
    if batch_size < 1:
        raise ValueError(f"batch_size must be positive, got {batch_size}.")
    real = as_features(real_features, "real_features", min_samples=k + 1)
    fake = as_features(fake_features, "fake_features", min_samples=k + 1)
    if real.shape[1] != fake.shape[1]:
        raise ValueError(
            f"Feature size mismatch: real_features has {real.shape[1]} features, fake_features has "
            f"{fake.shape[1]}. Both sets must come from the same feature extractor and layer."
        )
    real_radii = _knn_radii_squared(real, k, batch_size)
    fake_radii = _knn_radii_squared(fake, k, batch_size)
    precision = _fraction_covered(fake, real, real_radii, batch_size)
    recall = _fraction_covered(real, fake, fake_radii, batch_size)
    return precision, recall


def _knn_radii_squared(points, k, batch_size):
    """Squared distance from each point to its k-th nearest other point."""
    radii = np.empty(len(points))
    for start in range(0, len(points), batch_size):
        distances = _squared_distances(points[start : start + batch_size], points)
        # Each point is its own nearest neighbour at distance 0, so the k-th
        # nearest *other* point is entry k of the sorted row (0-based).
        radii[start : start + batch_size] = np.partition(distances, k, axis=1)[:, k]
    return radii


def _fraction_covered(queries, centres, radii_squared, batch_size):
    """Fraction of `queries` inside at least one ball around `centres`."""
    covered = 0
    for start in range(0, len(queries), batch_size):
        distances = _squared_distances(queries[start : start + batch_size], centres)
        covered += int(np.any(distances <= radii_squared[None, :], axis=1).sum())
    return covered / len(queries)


def _squared_distances(x, y):
    """Squared Euclidean distances between the rows of `x` and of `y`."""
    distances = (x * x).sum(axis=1)[:, None] + (y * y).sum(axis=1)[None, :] - 2 * (x @ y.T)
    # The expansion can go a hair below 0 for coincident points.
    return np.maximum(distances, 0.0)
