"""The maxout unit of Goodfellow et al. 2013."""

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="keras_gans")
class Maxout(keras.layers.Layer):
    """A dense maxout layer: each unit is the maximum of `pieces` linear pieces.

    `output[..., j] = max_k (x @ W[:, j, k] + b[j, k])`. Used by the
    discriminator of Goodfellow et al. 2014 (240 units, 5 pieces).

    Args:
        units: number of output units.
        pieces: number of linear pieces per unit.
        kernel_initializer: initializer of the `(input_dim, units * pieces)`
            kernel.
        bias_initializer: initializer of the bias.

    Example:

    >>> import numpy as np
    >>> layer = Maxout(units=3, pieces=4)
    >>> tuple(layer(np.ones((2, 5), "float32")).shape)
    (2, 3)
    """

    def __init__(
        self,
        units,
        pieces,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        **kwargs,
    ):
        super().__init__(**kwargs)
        if units < 1 or pieces < 1:
            raise ValueError(f"Maxout needs units >= 1 and pieces >= 1, got {units}, {pieces}.")
        self.units = int(units)
        self.pieces = int(pieces)
        self.kernel_initializer = keras.initializers.get(kernel_initializer)
        self.bias_initializer = keras.initializers.get(bias_initializer)

    def build(self, input_shape):
        width = self.units * self.pieces
        self.kernel = self.add_weight(
            shape=(input_shape[-1], width), initializer=self.kernel_initializer, name="kernel"
        )
        self.bias = self.add_weight(shape=(width,), initializer=self.bias_initializer, name="bias")

    def call(self, inputs):
        pieces = ops.matmul(inputs, self.kernel) + self.bias
        pieces = ops.reshape(pieces, (*ops.shape(inputs)[:-1], self.units, self.pieces))
        return ops.max(pieces, axis=-1)

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], self.units)

    def get_config(self):
        return {
            **super().get_config(),
            "units": self.units,
            "pieces": self.pieces,
            "kernel_initializer": keras.initializers.serialize(self.kernel_initializer),
            "bias_initializer": keras.initializers.serialize(self.bias_initializer),
        }
