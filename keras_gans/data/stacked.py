"""Stacked datasets: several independent images as the channels of one.

Stacked MNIST (Metz et al. 2016; Srivastava et al. 2017) puts three random
digits in the three channels of one image; its label is the triple, so 10
classes give 1,000 modes. The same construction applies to any labelled
single-channel image set.
"""

import numpy as np


def stack_channels(images, labels, num_samples, num_channels=3, num_classes=None, seed=None):
    """Builds a stacked dataset from single-channel images and their labels.

    Args:
        images: `(n, height, width)` or `(n, height, width, 1)` images.
        labels: `(n,)` integer labels in `[0, num_classes)`.
        num_samples: how many stacked images to draw.
        num_channels: images per stacked sample.
        num_classes: the number of classes (default: `max(labels) + 1`).
        seed: seed for choosing the images.

    Returns:
        `(stacked, stacked_labels)`: images of shape `(num_samples, height,
        width, num_channels)` with the same dtype, and int64 labels
        `Σ_c label_c · num_classes^(num_channels − 1 − c)`, i.e. the labels
        read as the digits of a base-`num_classes` number.

    Example:

    >>> images = np.arange(4 * 2 * 2).reshape(4, 2, 2)
    >>> stacked, labels = stack_channels(images, np.array([0, 1, 2, 3]), 5, seed=0)
    >>> stacked.shape, int(labels.max()) < 4 ** 3
    ((5, 2, 2, 3), True)
    """
    images = np.asarray(images)
    labels = np.asarray(labels).astype("int64")
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim != 3:
        raise ValueError(
            f"Stacking needs single-channel images of shape (n, height, width[, 1]); "
            f"got {images.shape}."
        )
    if len(images) != len(labels):
        raise ValueError(f"{len(images)} images but {len(labels)} labels.")
    num_classes = int(num_classes or labels.max() + 1)
    rng = np.random.default_rng(seed)
    picks = rng.integers(len(images), size=(int(num_samples), num_channels))
    stacked = np.stack([images[picks[:, c]] for c in range(num_channels)], axis=-1)
    place_values = num_classes ** np.arange(num_channels - 1, -1, -1, dtype="int64")
    return stacked, labels[picks] @ place_values


def unstack_labels(labels, num_channels=3, num_classes=10):
    """Splits stacked labels back into one label per channel, `(n, num_channels)`."""
    labels = np.asarray(labels).astype("int64")
    place_values = num_classes ** np.arange(num_channels - 1, -1, -1, dtype="int64")
    return (labels[:, None] // place_values) % num_classes
