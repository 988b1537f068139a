"""Turning metric inputs (arrays, lists, tensors of any backend) into checked NumPy arrays."""

import keras
import numpy as np


def to_numpy(values):
    """A NumPy array from an array-like or a tensor of any backend."""
    if isinstance(values, np.ndarray):
        return values
    if keras.ops.is_tensor(values):
        return keras.ops.convert_to_numpy(values)
    return np.asarray(values)


def as_features(values, name, min_samples=2):
    """A float64 `(n, d)` array of finite features, or a ValueError.

    Shared by the feature-based metrics (FID, KID, precision/recall).
    """
    array = to_numpy(values)
    if array.dtype.kind not in "biuf":
        raise ValueError(f"{name} must hold numbers, got dtype {array.dtype}.")
    if array.ndim != 2:
        raise ValueError(
            f"{name} must be a 2-D array of shape (num_samples, num_features), got shape {array.shape}. "
            "Flatten or pool the extractor's output first."
        )
    if array.shape[1] == 0:
        raise ValueError(f"{name} has no features (shape {array.shape}).")
    if len(array) < min_samples:
        raise ValueError(f"{name} has {len(array)} samples; at least {min_samples} are needed.")
    array = array.astype("float64")
    if not np.all(np.isfinite(array)):
        raise ValueError(
            f"{name} contains NaN or infinite values; check the feature extractor and its inputs "
            "(a diverged generator produces NaN images)."
        )
    return array
