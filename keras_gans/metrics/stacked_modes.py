"""Mode coverage on a stacked dataset (Stacked MNIST and its kin).

Each channel of a stacked image is an independent image of the base
dataset, so with 10 classes and 3 channels there are 1,000 modes, one per
label triple. A fixed single-channel classifier labels each channel of the
generated images; the protocol (VEEGAN, PacGAN) reports how many distinct
triples appear and the KL divergence of their frequencies from uniform.
"""

import math

import keras
import numpy as np

from keras_gans.metrics.classifier import predict_classes


def stacked_mode_coverage(channel_labels, num_classes=10):
    """Distinct modes among generated samples, and their KL to uniform.

    Args:
        channel_labels: int predicted labels, shape `(n, channels)`: column
            `c` holds the class of channel `c` (from
            `predict_channel_labels`). Labels of a whole stacked sample
            (one int each) go through
            `keras_gans.data.stacked.unstack_labels` first.
        num_classes: classes of the base dataset.

    Returns:
        A dict with `"modes"` (int, the distinct label tuples seen),
        `"num_modes"` (int, `num_classes ** channels`) and
        `"kl_to_uniform"` (float, `KL(p_gen ‖ uniform) = Σ p log(p ·
        num_modes)` in nats over the modes with `p > 0`, where `p` is each
        mode's empirical frequency: 0 for a uniform generator,
        `log(num_modes)` for one that always draws the same mode).

    Raises:
        ValueError: for labels that are not `(n, channels)` ints in
            `[0, num_classes)`, or no samples.

    Example:

    >>> result = stacked_mode_coverage([[0, 1, 2], [0, 1, 2], [3, 1, 2], [9, 9, 9]])
    >>> result["modes"], result["num_modes"], round(result["kl_to_uniform"], 3)
    (3, 1000, 5.868)
    """
    labels = _as_channel_labels(channel_labels, num_classes)
    # Distinct rows, not base-`num_classes` codes: no overflow however many
    # channels there are.
    _, counts = np.unique(labels, axis=0, return_counts=True)
    num_modes = int(num_classes) ** labels.shape[1]
    frequencies = counts / len(labels)
    kl = float(np.sum(frequencies * np.log(frequencies)) + math.log(num_modes))
    return {
        "modes": int(len(counts)),
        "num_modes": num_modes,
        # Rounding can leave -1e-16 for an exactly uniform generator.
        "kl_to_uniform": max(kl, 0.0),
    }


def predict_channel_labels(classifier, images, batch_size=500):
    """Classifies every channel of stacked images on its own.

    Args:
        classifier: a model from single-channel images `(h, w, 1)` to class
            logits (or probabilities), trained on the base dataset.
        images: stacked images of shape `(n, h, w, channels)`: a NumPy
            array or a tensor of the current backend.
        batch_size: images per `predict` batch.

    Returns:
        An int32 array of shape `(n, channels)`.

    Raises:
        ValueError: when `images` are not 4-D.

    Example:

    A stand-in classifier: class 1 when the mean pixel is positive.

    >>> layers = keras.layers
    >>> model = keras.Sequential([keras.Input((4, 4, 1)), layers.GlobalAveragePooling2D(), layers.Dense(2)])
    >>> model.layers[-1].set_weights([np.array([[-1.0, 1.0]]), np.zeros(2)])
    >>> brightness = np.array([[-0.5, 0.5, 0.5], [0.5, -0.5, -0.5]])
    >>> images = brightness[:, None, None, :] * np.ones((2, 4, 4, 3))
    >>> predict_channel_labels(model, images).tolist()
    [[0, 1, 1], [1, 0, 0]]
    """
    images = keras.ops.convert_to_numpy(images)
    if images.ndim != 4:
        raise ValueError(
            f"images must be stacked images of shape (n, height, width, channels), got {images.shape}."
        )
    columns = [
        predict_classes(classifier, images[..., c : c + 1], batch_size=batch_size)
        for c in range(images.shape[-1])
    ]
    return np.stack(columns, axis=1).astype("int32")


def _as_channel_labels(channel_labels, num_classes):
    """An int64 `(n, channels)` array of labels in range, or a ValueError."""
    labels = np.asarray(keras.ops.convert_to_numpy(channel_labels))
    if num_classes < 1:
        raise ValueError(f"num_classes must be positive, got {num_classes}.")
    if labels.ndim != 2:
        raise ValueError(
            f"channel_labels must have shape (n, channels), got {labels.shape}. Split labels of "
            f"whole stacked samples with keras_gans.data.stacked.unstack_labels first."
        )
    if labels.size == 0:
        raise ValueError("channel_labels is empty; there is nothing to measure.")
    if labels.dtype.kind not in "iu":
        raise ValueError(f"channel_labels must hold int class indices, got dtype {labels.dtype}.")
    if labels.min() < 0 or labels.max() >= num_classes:
        raise ValueError(
            f"channel_labels must lie in [0, {num_classes}), got values from {labels.min()} to "
            f"{labels.max()}; pass the base dataset's num_classes."
        )
    return labels.astype("int64")
