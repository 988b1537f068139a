"""Captions become word ids in the input pipeline, before a train step sees them."""

import numpy as np
import tensorflow as tf

from keras_gans.data.pipeline import CURSOR_ATTRIBUTE, cursor_of


def with_word_ids(x, y, tokenizer):
    """Replaces the captions in `fit`'s input by their word ids.

    Handles a `tf.data.Dataset` of `(images, captions, ...)` (tokenised in
    the pipeline, where long captions are truncated) and arrays
    `x=images, y=captions` (tokenised now, every caption checked). Input
    that already holds ids, or that this cannot see into, is returned as it
    is; the model's data check then names the problem.

    Returns:
        `(x, y)` with ids in place of the captions.
    """
    if isinstance(x, tf.data.Dataset):
        return _tokenized_dataset(x, tokenizer), y
    if y is not None and is_text(y):
        return x, tokenizer.encode(y, truncate=True)
    return x, y


def is_text(values):
    """Whether `values` (an array, tensor or list) holds strings."""
    if isinstance(values, (tf.Tensor, tf.TensorSpec)):
        return values.dtype == tf.string
    if isinstance(values, (list, tuple)):
        return any(isinstance(value, (str, bytes)) for value in values)
    return np.asarray(values).dtype.kind in "USO"


def _tokenized_dataset(dataset, tokenizer):
    spec = dataset.element_spec
    if not (isinstance(spec, tuple) and len(spec) >= 2 and is_text(spec[1])):
        return dataset

    def tokenize(images, captions, *rest):
        return (images, tf.cast(tokenizer(captions), tf.int32), *rest)

    tokenized = dataset.map(tokenize)
    # One element in, one out: a resumable pipeline stays resumable.
    if cursor_of(dataset) is not None:
        setattr(tokenized, CURSOR_ATTRIBUTE, cursor_of(dataset))
    return tokenized
