"""Fréchet distance between Gaussians fitted to two sets of features (FID).

The Fréchet Inception Distance of Heusel et al. (2017) fits a Gaussian to
the features a fixed network extracts from real images and another to those
of generated images, and reports the Fréchet (2-Wasserstein) distance
between the two Gaussians. The statistics of the real set never change, so
`FeatureStatistics` accumulates them batch by batch and saves them to disk.

Pure NumPy in float64: features from any backend are converted first, so
these work the same on every backend.
"""

import json
import os
import zipfile

import numpy as np

from keras_gans.metrics.arrays import as_features, to_numpy
from keras_gans.utils.files import atomic_path

# Written into every statistics file, so that `load` can tell ours from any
# other `.npz` that happens to sit at the same path.
_FORMAT = "keras_gans.FeatureStatistics"
_FORMAT_VERSION = 1


class FeatureStatistics:
    """Streaming mean and covariance of a set of feature vectors.

    Batches are combined with the parallel update of Chan et al. (1979):
    each batch is centred on its own mean before its outer products are
    summed, so no large sum of squares is ever subtracted from another and
    the covariance keeps its precision when the features have a large mean.

    Args:
        metadata: optional dict of JSON-serialisable values describing the
            features (extractor name, split, ...), kept by `save` and `load`.

    Example:

    >>> stats = FeatureStatistics()
    >>> stats.update([[0.0, 1.0], [2.0, 1.0]])
    >>> stats.update([[4.0, 4.0]])
    >>> stats.count, stats.mean.tolist()
    (3, [2.0, 2.0])
    >>> stats.covariance.tolist()
    [[4.0, 3.0], [3.0, 3.0]]
    """

    def __init__(self, metadata=None):
        self.metadata = dict(metadata or {})
        self._count = 0
        self._mean = None
        # Sum over samples of (x - mean)(x - mean)^T, the "M2" of Welford.
        self._scatter = None

    @property
    def count(self):
        """Number of feature vectors seen so far."""
        return self._count

    @property
    def num_features(self):
        """Size `d` of the feature vectors, or None before the first update."""
        return None if self._mean is None else len(self._mean)

    @property
    def mean(self):
        """Mean feature vector, shape `(d,)`."""
        if self._count == 0:
            raise ValueError("FeatureStatistics is empty; call `update(features)` before reading the mean.")
        return self._mean.copy()

    @property
    def covariance(self):
        """Unbiased (divided by `count - 1`) covariance, shape `(d, d)`."""
        if self._count < 2:
            raise ValueError(
                f"A covariance needs at least 2 feature vectors, got {self._count}; "
                "call `update` with more features."
            )
        return self._scatter / (self._count - 1)

    def update(self, features):
        """Adds a batch of feature vectors.

        Args:
            features: array of shape `(n, d)`; NumPy arrays, lists and
                tensors of any backend are accepted.
        """
        features = as_features(features, "features", min_samples=0)
        if len(features) == 0:
            return
        mean = features.mean(axis=0)
        centred = features - mean
        self._combine(len(features), mean, centred.T @ centred)

    def merge(self, other):
        """Adds the features summarised by another `FeatureStatistics`.

        The result is the same (up to round-off) as if this object had been
        updated with all of `other`'s batches, so statistics computed in
        parallel, or on separate shards, can be combined.

        Args:
            other: a `FeatureStatistics`.

        Returns:
            `self`, for chaining.
        """
        if not isinstance(other, FeatureStatistics):
            raise ValueError(f"Can only merge another FeatureStatistics, got {type(other).__name__}.")
        if other.count > 0:
            self._combine(other._count, other._mean, other._scatter)
        return self

    def _combine(self, count, mean, scatter):
        """Chan's parallel combination of (count, mean, scatter) into self."""
        if self._mean is None:
            self._count, self._mean, self._scatter = count, mean.copy(), scatter.copy()
            return
        if len(mean) != len(self._mean):
            raise ValueError(
                f"Feature size mismatch: these statistics hold {len(self._mean)}-dimensional features, "
                f"got {len(mean)}-dimensional ones. Use one feature extractor (and layer) for all batches."
            )
        total = self._count + count
        delta = mean - self._mean
        self._mean = self._mean + delta * (count / total)
        self._scatter = self._scatter + scatter + np.outer(delta, delta) * (self._count * count / total)
        self._count = total

    def save(self, path, **metadata):
        """Writes the statistics to an `.npz` file, atomically.

        Saving keeps the raw accumulators, so loaded statistics can go on
        being updated. A crash while writing leaves any older file intact.

        Args:
            path: file to write; an `.npz` extension is conventional but not
                added.
            **metadata: JSON-serialisable values stored with the statistics
                (e.g. `extractor="inception_v3", split="train"`), on top of
                `self.metadata`.
        """
        if self._count == 0:
            raise ValueError("FeatureStatistics is empty; there is nothing to save.")
        metadata = {**self.metadata, **metadata}
        try:
            metadata_json = json.dumps(metadata, sort_keys=True)
        except TypeError as error:
            raise ValueError(
                f"Metadata must be JSON-serialisable (str, numbers, lists, dicts): {error}"
            ) from None
        with atomic_path(path) as temporary:
            # A file object, not a name: `np.savez` would append ".npz" to
            # the temporary name of a path without that extension.
            with open(temporary, "wb") as f:
                np.savez(
                    f,
                    format=np.array(_FORMAT),
                    format_version=np.array(_FORMAT_VERSION),
                    count=np.array(self._count, dtype="int64"),
                    mean=self._mean,
                    scatter=self._scatter,
                    metadata=np.array(metadata_json),
                )

    @classmethod
    def load(cls, path):
        """Reads statistics written by `save`.

        Args:
            path: file written by `FeatureStatistics.save`.

        Returns:
            A `FeatureStatistics` with its `metadata`.
        """
        path = os.fspath(path)
        if not os.path.exists(path):
            raise FileNotFoundError(
                f"No feature-statistics file at {path}; compute and `save` the statistics first."
            )
        try:
            with np.load(path, allow_pickle=False) as data:
                fields = {name: data[name] for name in data.files}
            if str(fields["format"]) != _FORMAT:
                raise ValueError("wrong format marker")
            stats = cls(metadata=json.loads(str(fields["metadata"])))
            count, mean, scatter = int(fields["count"]), fields["mean"], fields["scatter"]
        except (OSError, ValueError, KeyError, EOFError, TypeError, zipfile.BadZipFile) as error:
            raise ValueError(
                f"{path} is not a feature-statistics file written by FeatureStatistics.save "
                f"(it may be corrupted or truncated: {error}); delete it to recompute."
            ) from None
        if (
            count < 1
            or mean.shape != (mean.shape[0],)
            or scatter.shape != (mean.shape[0], mean.shape[0])
            or not (np.all(np.isfinite(mean)) and np.all(np.isfinite(scatter)))
        ):
            raise ValueError(
                f"{path} holds inconsistent feature statistics (count {count}, mean shape {mean.shape}, "
                f"scatter shape {scatter.shape}); delete it to recompute."
            )
        stats._count = count
        stats._mean = mean.astype("float64")
        stats._scatter = scatter.astype("float64")
        return stats

    @classmethod
    def from_features(cls, features, metadata=None):
        """Statistics of one array of features, shape `(n, d)`."""
        stats = cls(metadata=metadata)
        stats.update(features)
        return stats

    def __repr__(self):
        return f"FeatureStatistics(count={self._count}, num_features={self.num_features})"


def frechet_distance(a, b):
    """Fréchet distance between two Gaussians: the FID of their features.

    `‖μ1 − μ2‖² + tr(Σ1) + tr(Σ2) − 2 tr((Σ1 Σ2)^½)`. `Σ1 Σ2` is not
    symmetric, so its square root is not taken directly: for any factor
    `Σ1 = F Fᵀ`, `Σ1 Σ2` has the eigenvalues of the symmetric positive
    semi-definite `Fᵀ Σ2 F`, found with `np.linalg.eigvalsh`. `F` is the
    Cholesky factor (fast) or, when `Σ1` is singular (say, fewer samples
    than features), the symmetric square root `Σ1^½` from `np.linalg.eigh`.
    Eigenvalues within round-off of 0 (or pushed below it) are set to 0,
    so the result is always finite; it is clipped at 0 as well.

    Args:
        a: a `FeatureStatistics`, or a `(mean, covariance)` tuple with shapes
            `(d,)` and `(d, d)`.
        b: the same for the other set.

    Returns:
        A non-negative float.

    Example:

    >>> mean, covariance = np.zeros(2), np.eye(2)
    >>> round(frechet_distance((mean, covariance), (mean + 1.0, 4.0 * covariance)), 6)
    4.0
    """
    mean_a, covariance_a = _as_gaussian(a, "a")
    mean_b, covariance_b = _as_gaussian(b, "b")
    if len(mean_a) != len(mean_b):
        raise ValueError(
            f"Feature size mismatch: a has {len(mean_a)} features, b has {len(mean_b)}. "
            "Both sets must come from the same feature extractor and layer."
        )
    trace_sqrt = _trace_sqrt_product(covariance_a, covariance_b)
    difference = mean_a - mean_b
    distance = difference @ difference + np.trace(covariance_a) + np.trace(covariance_b) - 2 * trace_sqrt
    return float(max(distance, 0.0))


def frechet_distance_from_features(features_a, features_b):
    """Fréchet distance between Gaussians fitted to two arrays of features.

    Args:
        features_a: array of shape `(n, d)`, e.g. Inception features of
            real images; at least 2 rows.
        features_b: array of shape `(m, d)`, e.g. those of generated
            images.

    Returns:
        A non-negative float.

    Example:

    >>> rng = np.random.default_rng(0)
    >>> features = rng.normal(size=(100, 3))
    >>> round(frechet_distance_from_features(features, features), 6)
    0.0
    >>> round(frechet_distance_from_features(features, features + 2.0), 6)
    12.0
    """
    stats_a = FeatureStatistics.from_features(as_features(features_a, "features_a", min_samples=2))
    stats_b = FeatureStatistics.from_features(as_features(features_b, "features_b", min_samples=2))
    return frechet_distance(stats_a, stats_b)


def _trace_sqrt_product(covariance_a, covariance_b, factor=None):
    """`tr((Σa Σb)^½)` through the symmetric `Fᵀ Σb F`, where `Σa = F Fᵀ`."""
    if factor is None:
        factor = _factor(covariance_a)
    product = factor.T @ covariance_b @ factor
    # Symmetrise away the round-off of the two products before `eigvalsh`.
    eigenvalues = _drop_round_off(np.linalg.eigvalsh((product + product.T) / 2))
    return np.sqrt(eigenvalues).sum()


def _factor(covariance):
    """Some `F` with `F Fᵀ = covariance`: Cholesky, else the symmetric root.

    Both are backward stable, so they give the same trace up to round-off;
    Cholesky costs a fraction of an eigendecomposition (seconds saved at
    d = 2048) but needs a positive definite matrix.
    """
    try:
        return np.linalg.cholesky(covariance)
    except np.linalg.LinAlgError:
        return _symmetric_sqrt(covariance)


def _symmetric_sqrt(matrix):
    """The PSD square root of a symmetric matrix, negative eigenvalues clipped."""
    eigenvalues, eigenvectors = np.linalg.eigh(matrix)
    return (eigenvectors * np.sqrt(_drop_round_off(eigenvalues))) @ eigenvectors.T


def _drop_round_off(eigenvalues):
    """Eigenvalues with those indistinguishable from round-off set to 0.

    A singular matrix's zero eigenvalues come out of `eigh` as ±d·ε·λ_max;
    their square roots, ~√ε, would add a spurious ~1e-7 each to the trace.
    """
    tolerance = len(eigenvalues) * np.finfo("float64").eps * np.abs(eigenvalues).max()
    return np.where(eigenvalues > tolerance, eigenvalues, 0.0)


def _as_gaussian(stats, name):
    """`(mean, covariance)` in float64 from statistics or a tuple, checked."""
    if isinstance(stats, FeatureStatistics):
        return stats.mean, stats.covariance
    if not isinstance(stats, (tuple, list)) or len(stats) != 2:
        raise ValueError(
            f"{name} must be a FeatureStatistics or a (mean, covariance) tuple, got {type(stats).__name__}."
        )
    mean, covariance = (to_numpy(value).astype("float64") for value in stats)
    if mean.ndim != 1 or len(mean) == 0 or covariance.shape != (len(mean), len(mean)):
        raise ValueError(
            f"{name} must be (mean, covariance) with shapes (d,) and (d, d), "
            f"got {mean.shape} and {covariance.shape}."
        )
    if not (np.all(np.isfinite(mean)) and np.all(np.isfinite(covariance))):
        raise ValueError(f"{name} holds NaN or infinite values; check the features it was computed from.")
    if not np.allclose(covariance, covariance.T, rtol=1e-6, atol=1e-8 * (1 + np.abs(covariance).max())):
        raise ValueError(f"{name}'s covariance is not symmetric; pass a covariance matrix.")
    return mean, covariance
