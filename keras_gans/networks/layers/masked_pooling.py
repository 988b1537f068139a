"""Pooling over the words of a padded sequence, padding left out."""

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="keras_gans")
class MaskedGlobalPooling(keras.layers.Layer):
    """The mean and the maximum of features over the non-padding positions.

    Called on `[features (batch, length, channels), ids (batch, length)]`,
    where id 0 is padding; returns `(batch, 2 * channels)`: the mean, then
    the maximum. A caption's embedding then depends neither on how much
    padding follows it nor on what the network computes at padded positions.
    A sequence of padding only pools to zeros.

    Example:

    >>> import numpy as np
    >>> features = np.array([[[1.0], [3.0], [100.0]]], "float32")
    >>> ids = np.array([[5, 7, 0]])
    >>> keras.ops.convert_to_numpy(MaskedGlobalPooling()([features, ids])).tolist()
    [[2.0, 3.0]]
    """

    def call(self, inputs):
        features, ids = inputs
        mask = ops.cast(ops.not_equal(ids, 0), features.dtype)[..., None]
        words = ops.sum(mask, axis=1)
        mean = ops.sum(features * mask, axis=1) / ops.maximum(words, 1.0)
        # Padding must never win the maximum; rows of padding only give zeros.
        lowest = ops.min(features) - 1.0
        maximum = ops.max(features * mask + lowest * (1.0 - mask), axis=1)
        maximum = maximum * ops.minimum(words, 1.0)
        return ops.concatenate([mean, maximum], axis=-1)

    def compute_output_shape(self, input_shapes):
        features_shape = input_shapes[0]
        return (features_shape[0], 2 * features_shape[-1])
