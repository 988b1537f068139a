"""Layers that let the discriminator compare the samples of a minibatch.

A generator that has collapsed onto a few modes makes batches whose samples
look alike; a discriminator that judges each sample alone cannot see that.
These layers append features computed across the batch, so it can.
"""

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="keras_gans")
class MinibatchStdDev(keras.layers.Layer):
    """Appends the batch's average standard deviation as one more channel.

    Karras et al. 2018 (progressive GANs): the standard deviation of every
    feature over the samples of a group, averaged over features (and
    positions) into one number per group, is appended to each of the
    group's samples as a constant channel. Sample `i` is in group
    `i mod (batch / group_size)`.

    Args:
        group_size: samples per group; the batch size must be a multiple
            of it. None: the whole batch is one group.
        epsilon: added to the variance before the square root.

    Example:

    >>> import numpy as np
    >>> layer = MinibatchStdDev()
    >>> x = np.array([[0.0, 0.0], [2.0, 4.0]], "float32")  # stds 1 and 2
    >>> keras.ops.convert_to_numpy(layer(x)).round(3).tolist()
    [[0.0, 0.0, 1.5], [2.0, 4.0, 1.5]]
    """

    def __init__(self, group_size=None, epsilon=1e-8, **kwargs):
        super().__init__(**kwargs)
        if group_size is not None and int(group_size) < 2:
            raise ValueError(f"group_size must be at least 2 (or None for the whole batch), got {group_size}.")
        self.group_size = None if group_size is None else int(group_size)
        self.epsilon = float(epsilon)

    def call(self, inputs):
        x = ops.cast(inputs, "float32")
        batch_size = ops.shape(x)[0]
        group_size = batch_size if self.group_size is None else self.group_size
        feature_shape = tuple(x.shape[1:])
        groups = ops.reshape(x, (group_size, -1, *feature_shape))
        deviations = ops.sqrt(ops.var(groups, axis=0) + self.epsilon)
        per_group = ops.mean(ops.reshape(deviations, (ops.shape(deviations)[0], -1)), axis=1)
        per_sample = ops.tile(per_group, (group_size,))
        channel = ops.reshape(per_sample, (batch_size,) + (1,) * len(feature_shape))
        channel = ops.broadcast_to(channel, (batch_size, *feature_shape[:-1], 1))
        return ops.concatenate([inputs, ops.cast(channel, inputs.dtype)], axis=-1)

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], input_shape[-1] + 1)

    def get_config(self):
        return {**super().get_config(), "group_size": self.group_size, "epsilon": self.epsilon}


@keras.saving.register_keras_serializable(package="keras_gans")
class MinibatchDiscrimination(keras.layers.Layer):
    """Salimans et al. 2016's minibatch discrimination.

    The features `f(x_i)` of each sample (a `(batch, features)` input) are
    projected by a learned tensor to `kernels` rows of `kernel_dim` numbers
    `M_i`; for each row, `o(x_i)_b = Σ_{j≠i} exp(-‖M_{i,b} - M_{j,b}‖₁)`
    measures how close the other samples are, and `[f(x_i), o(x_i)]` is
    the output. A batch of near-copies gets large `o`, which the next layer
    can learn to reject.

    Args:
        kernels: B, the number of closeness features appended.
        kernel_dim: C, the size of each projected row.
        kernel_initializer: initializer of the `(features, B·C)` projection.

    Example:

    >>> import numpy as np
    >>> layer = MinibatchDiscrimination(kernels=2, kernel_dim=3)
    >>> same = np.ones((4, 5), "float32")  # four identical samples: o = 3
    >>> keras.ops.convert_to_numpy(layer(same))[0, 5:].round(4).tolist()
    [3.0, 3.0]
    """

    def __init__(self, kernels=50, kernel_dim=5, kernel_initializer="glorot_uniform", **kwargs):
        super().__init__(**kwargs)
        if int(kernels) < 1 or int(kernel_dim) < 1:
            raise ValueError(f"kernels and kernel_dim must be positive, got {kernels} and {kernel_dim}.")
        self.kernels = int(kernels)
        self.kernel_dim = int(kernel_dim)
        self.kernel_initializer = keras.initializers.get(kernel_initializer)

    def build(self, input_shape):
        if len(input_shape) != 2:
            raise ValueError(
                f"MinibatchDiscrimination takes (batch, features); got shape {tuple(input_shape)}. "
                "Flatten the features first."
            )
        self.kernel = self.add_weight(
            shape=(input_shape[-1], self.kernels * self.kernel_dim),
            initializer=self.kernel_initializer,
            name="kernel",
        )

    def call(self, inputs):
        rows = ops.reshape(ops.matmul(inputs, self.kernel), (-1, self.kernels, self.kernel_dim))
        distances = ops.sum(ops.abs(rows[:, None] - rows[None, :]), axis=-1)  # (batch, batch, kernels)
        # The sum over j includes i itself, whose term is exp(0) = 1.
        closeness = ops.sum(ops.exp(-distances), axis=1) - 1.0
        return ops.concatenate([inputs, closeness], axis=-1)

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], input_shape[-1] + self.kernels)

    def get_config(self):
        return {
            **super().get_config(),
            "kernels": self.kernels,
            "kernel_dim": self.kernel_dim,
            "kernel_initializer": keras.initializers.serialize(self.kernel_initializer),
        }
