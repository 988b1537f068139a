"""Checks that training data matches the model, with errors that say the fix."""

import numpy as np

# Floating-point scaling (x / 127.5 - 1) can overshoot the range by a few ulps.
_RANGE_TOLERANCE = 1e-3


def peek_batch(data):
    """Returns `(samples, labels)` of the first batch in `data` as NumPy.

    Reads one batch from a NumPy array, a `tf.data.Dataset`, a
    `keras.utils.PyDataset` or a `torch.utils.data.DataLoader`; either part
    is None when absent. Python generators are not peeked (that would
    consume them); the train step still checks their shapes.
    """
    batch = None
    module = type(data).__module__
    if isinstance(data, np.ndarray):
        batch = data
    elif module.startswith("tensorflow") and hasattr(data, "take"):
        batch = next(iter(data.take(1)), None)
    elif hasattr(data, "__getitem__") and hasattr(data, "on_epoch_end"):
        batch = data[0] if len(data) else None
    elif module.startswith("torch.utils.data"):
        batch = next(iter(data), None)
    if batch is None or isinstance(batch, dict):
        return None, None
    if not isinstance(batch, (tuple, list)):
        return np.asarray(batch), None
    samples = np.asarray(batch[0]) if batch else None
    labels = np.asarray(batch[1]) if len(batch) > 1 else None
    return samples, labels


def check_labels(labels, num_classes, name="training data"):
    """Raises a ValueError naming the problem if `labels` are not class ids in [0, num_classes)."""
    labels = np.asarray(labels)
    if labels.ndim == 2 and labels.shape[-1] == 1:
        labels = labels[:, 0]
    if labels.ndim != 1:
        raise ValueError(
            f"The {name}'s labels have shape {labels.shape}; give one integer class id "
            "per sample, shape (batch,). For one-hot labels use labels.argmax(-1)."
        )
    if labels.size == 0:
        return
    if not np.issubdtype(labels.dtype, np.integer):
        if not np.all(np.equal(np.mod(labels, 1), 0)):
            raise ValueError(f"The {name}'s labels must be integer class ids, got values like {labels[:3]}.")
    low, high = labels.min(), labels.max()
    if low < 0 or high >= num_classes:
        raise ValueError(
            f"The {name}'s labels lie in [{low:g}, {high:g}], but the model has {num_classes} "
            f"classes, ids 0 to {num_classes - 1}. Build the model with num_classes={int(high) + 1} "
            "or remap the labels."
        )


def check_image_batch(batch, expected_shape, value_range=None, name="training data"):
    """Raises a ValueError naming the problem if `batch` does not fit the model.

    Args:
        batch: array of samples, batch first.
        expected_shape: the shape of one sample, e.g. `(28, 28, 1)`.
        value_range: `(low, high)` the samples must lie in, or None.
        name: how to call the data in the message.
    """
    expected_shape = tuple(expected_shape)
    shape = tuple(batch.shape[1:])
    if shape != expected_shape:
        hint = ""
        if len(shape) == len(expected_shape) - 1 and shape == expected_shape[:-1]:
            hint = " Add a channel axis, e.g. x[..., None]."
        elif len(shape) == len(expected_shape) and shape[:-1] == expected_shape[:-1]:
            hint = f" The model expects {expected_shape[-1]} channel(s); got {shape[-1]}."
        raise ValueError(
            f"The {name} has samples of shape {shape}, but the model expects "
            f"{expected_shape} (batch axis first).{hint} Resize the data or build "
            f"the model for shape {shape}."
        )
    if value_range is None or batch.size == 0:
        return
    if not np.issubdtype(batch.dtype, np.floating):
        raise ValueError(
            f"The {name} has dtype {batch.dtype}; the model expects floats in "
            f"[{value_range[0]:g}, {value_range[1]:g}]. For 8-bit images use "
            "x.astype('float32') / 127.5 - 1."
        )
    low, high = float(batch.min()), float(batch.max())
    if not np.isfinite(low) or not np.isfinite(high):
        raise ValueError(f"The {name} contains NaN or infinite values.")
    lo, hi = value_range
    if low < lo - _RANGE_TOLERANCE or high > hi + _RANGE_TOLERANCE:
        hint = " For 8-bit images use x / 127.5 - 1." if high > 2.0 else ""
        raise ValueError(
            f"The {name} has values in [{low:g}, {high:g}], but the generator "
            f"produces values in [{lo:g}, {hi:g}]; scale the data to that range."
            f"{hint}"
        )
