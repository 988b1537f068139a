"""Does an image show what its caption says? Class and attributes, measured.

Used for a text-conditioned GAN (the images it drew for captions) and for
its text encoder (the images it retrieves for captions), on the captioned
Fashion-MNIST: the class is named by a classifier, the attributes are
measured from the pixels with the cut points the captions were written with.
"""

import numpy as np

from keras_gans.data import captions as captions_lib


def evaluation_captions(count, held_out=False, seed=0):
    """Captions in phrasings the training captions never use, with what they state.

    Args:
        count: number of captions.
        held_out: False for (class, attribute) combinations the training
            split has; True for captions with exactly one held-out
            combination (zero-shot composition).
        seed: seed of the specifications and the phrasing.

    Returns:
        `(captions, labels, levels)`: a list of strings, int32 `(count,)`
        classes and int32 `(count, 3)` attribute levels (1 = not stated).

    Example:

    >>> captions, labels, levels = evaluation_captions(2, held_out=True, seed=0)
    >>> len(captions), labels.shape, levels.shape
    (2, (2,), (2, 3))
    """
    rng = np.random.default_rng(seed)
    specs = [captions_lib.random_spec(rng, held_out=held_out) for _ in range(int(count))]
    texts = [captions_lib.describe(label, levels, rng) for label, levels in specs]
    labels = np.array([label for label, _ in specs], dtype="int32")
    levels = np.stack([levels for _, levels in specs]).astype("int32")
    return texts, labels, levels


def caption_agreement(labels, levels, predicted_labels, measured_levels):
    """How often images match the class and the attributes their captions state.

    Args:
        labels, levels: what the captions state (`evaluation_captions`).
        predicted_labels: the class a classifier names for each image.
        measured_levels: `(n, 3)` levels measured from each image.

    Returns:
        A dict of fractions in [0, 1]: `class_match` (the classifier names
        the caption's class); `attribute_match` (over all stated
        attributes, the measured level equals the stated one; chance is
        about 1/3); `held_out_match` (the same, over the held-out
        combinations' attributes only, NaN when the captions have none).
    """
    labels, levels = np.asarray(labels), np.asarray(levels)
    measured_levels = np.asarray(measured_levels)
    stated = levels != 1
    matches = measured_levels == levels
    held_out = np.zeros_like(stated)
    for label, attribute, level in captions_lib.HELD_OUT:
        held_out[:, attribute] |= (labels == label) & (levels[:, attribute] == level)
    return {
        "class_match": float(np.mean(np.asarray(predicted_labels) == labels)),
        "attribute_match": float(matches[stated].mean()) if stated.any() else float("nan"),
        "held_out_match": float(matches[held_out].mean()) if held_out.any() else float("nan"),
    }


def measured_levels(images, labels, thresholds):
    """The attribute levels of images, cut with their captions' classes' thresholds."""
    measurements = captions_lib.measure_pixels(np.asarray(images))
    return captions_lib.attribute_levels(measurements, np.asarray(labels), thresholds)
