"""How often a classifier agrees with the class a generator was asked for.

Pure NumPy: the classes come from `predict_classes`, so these work the same
on every backend.
"""

import numpy as np


def conditional_accuracy(requested_labels, predicted_labels):
    """Fraction of generated samples classified as the class requested.

    For a conditional GAN: sample with labels `requested_labels`, classify
    the samples with a classifier trained on the real data, and compare.

    Args:
        requested_labels: int class indices the generator was given, shape
            `(n,)`.
        predicted_labels: int classes a classifier assigned to the samples,
            shape `(n,)`.

    Returns:
        A float in [0, 1].

    Example:

    >>> conditional_accuracy([0, 1, 2, 3], [0, 1, 2, 0])
    0.75
    """
    requested = _as_labels(requested_labels, "requested_labels")
    predicted = _as_labels(predicted_labels, "predicted_labels")
    _check_same_length(requested, "requested_labels", predicted, "predicted_labels")
    return float(np.mean(requested == predicted))


def majority_mapping_accuracy(codes, predicted_labels, num_codes=None, num_classes=None):
    """Accuracy of an unsupervised categorical code under its best reading.

    An InfoGAN's categorical code is learnt without labels, so code `c` may
    stand for any class. Each code is mapped to the class a classifier most
    often assigns to the samples drawn with it (ties go to the lowest class
    index), and the accuracy is the fraction of samples whose predicted class
    is their code's class. Two codes may map to the same class: a code that
    splits one class in two scores well, one that mixes classes does not.

    Args:
        codes: int categorical codes the samples were drawn with, shape
            `(n,)`. One-hot codes need an `np.argmax(codes, axis=-1)` first.
        predicted_labels: int classes a classifier assigned to the samples,
            shape `(n,)`.
        num_codes: number of categories in the code; defaults to
            `max(codes) + 1`. Set it so that codes never drawn show up in
            the mapping.
        num_classes: number of classes; defaults to
            `max(predicted_labels) + 1`.

    Returns:
        `(accuracy, mapping)`: a float in [0, 1], and an int array of shape
        `(num_codes,)` whose entry `c` is the class of code `c`, or -1 for a
        code that no sample was drawn with.

    Example:

    >>> accuracy, mapping = majority_mapping_accuracy(
    ...     [0, 0, 0, 1, 1, 2], [7, 7, 3, 2, 2, 5], num_codes=4
    ... )
    >>> round(accuracy, 3), mapping.tolist()
    (0.833, [7, 2, 5, -1])
    """
    counts = _contingency(codes, predicted_labels, num_codes, num_classes)
    mapping = np.argmax(counts, axis=1).astype("int64")
    mapping[counts.sum(axis=1) == 0] = -1
    return float(counts.max(axis=1).sum() / counts.sum()), mapping


def one_to_one_mapping_accuracy(codes, predicted_labels, num_codes=None, num_classes=None):
    """Like `majority_mapping_accuracy`, but no two codes may share a class.

    The majority reading rewards a collapsed generator: if every code draws
    the same class, each maps to it and the accuracy is 1. Here codes and
    classes are matched one to one (the assignment that maximises the
    accuracy, found with the Hungarian algorithm), so a code can only score
    for a class no other code claims.

    Returns:
        `(accuracy, mapping)`, as `majority_mapping_accuracy`; codes left
        without a class (more codes than classes, or never drawn) map to -1.

    Example:

    >>> accuracy, mapping = one_to_one_mapping_accuracy([0, 0, 1, 1], [3, 3, 3, 3])
    >>> accuracy, mapping.tolist()
    (0.5, [3, -1])
    """
    from scipy.optimize import linear_sum_assignment

    counts = _contingency(codes, predicted_labels, num_codes, num_classes)
    rows, columns = linear_sum_assignment(counts, maximize=True)
    mapping = np.full(len(counts), -1, dtype="int64")
    matched = counts[rows, columns] > 0
    mapping[rows[matched]] = columns[matched]
    return float(counts[rows, columns].sum() / counts.sum()), mapping


def _contingency(codes, predicted_labels, num_codes, num_classes):
    """`counts[c, k]`: how many samples drawn with code c were classified as k."""
    codes = _as_labels(codes, "codes")
    predicted = _as_labels(predicted_labels, "predicted_labels")
    _check_same_length(codes, "codes", predicted, "predicted_labels")
    num_codes = _count(codes, num_codes, "codes", "num_codes")
    num_classes = _count(predicted, num_classes, "predicted_labels", "num_classes")
    counts = np.zeros((num_codes, num_classes), dtype="int64")
    np.add.at(counts, (codes, predicted), 1)
    return counts


def _as_labels(values, name):
    """A 1-D int64 array of non-negative indices, or a ValueError."""
    array = np.asarray(values)
    if array.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of int indices, got shape {array.shape}.")
    if array.size == 0:
        raise ValueError(f"{name} is empty; there is nothing to measure.")
    # Floats holding whole numbers (labels that went through a float tensor)
    # are fine; 0.5 or a string is not.
    if array.dtype.kind == "f" and np.all(np.isfinite(array)) and np.all(array == np.round(array)):
        array = array.astype("int64")
    if array.dtype.kind not in "iu":
        raise ValueError(f"{name} must hold int indices, got dtype {array.dtype}.")
    if array.min() < 0:
        raise ValueError(f"{name} must be non-negative indices, got {array.min()}.")
    return array.astype("int64")


def _check_same_length(a, a_name, b, b_name):
    if len(a) != len(b):
        raise ValueError(f"{a_name} and {b_name} must have one entry per sample, got {len(a)} and {len(b)}.")


def _count(values, count, name, count_name):
    """`count`, checked against `values`, or `max(values) + 1` when None."""
    if count is None:
        return int(values.max()) + 1
    if count < 1:
        raise ValueError(f"{count_name} must be positive, got {count}.")
    if values.max() >= count:
        raise ValueError(f"{name} holds {values.max()}, out of range for {count_name}={count}.")
    return int(count)
