"""Virtual batch normalisation (Salimans et al. 2016)."""

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="keras_gans")
class VirtualBatchNormalization(keras.layers.Layer):
    """Batch norm whose statistics come from a fixed reference batch.

    Batch normalisation makes each output depend on the other samples of
    its minibatch. Here each sample is normalised with the mean and
    variance of a reference batch chosen once at the start of training
    together with the sample itself, so a sample's output depends only on
    it and the fixed reference.

    The reference batch travels with the data: the first
    `reference_size` rows of every input are the reference batch's
    activations at this layer. `WithReferenceBatch` runs a network with
    its reference inputs prepended and removes them from the output. The
    reference rows are normalised by their own statistics.

    Args:
        reference_size: rows of the reference batch at the head of each
            input.
        epsilon: added to the variance.

    Example:

    >>> import numpy as np
    >>> layer = VirtualBatchNormalization(reference_size=2)
    >>> x = np.array([[1.0], [3.0], [2.0], [2.0]], "float32")  # reference 1, 3; then two samples
    >>> keras.ops.convert_to_numpy(layer(x)).round(3).ravel().tolist()
    [-1.0, 1.0, 0.0, 0.0]
    """

    def __init__(self, reference_size, epsilon=1e-5, **kwargs):
        super().__init__(**kwargs)
        if int(reference_size) < 1:
            raise ValueError(f"reference_size must be at least 1, got {reference_size}.")
        self.reference_size = int(reference_size)
        self.epsilon = float(epsilon)

    def build(self, input_shape):
        self.gamma = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="gamma")
        self.beta = self.add_weight(shape=(input_shape[-1],), initializer="zeros", name="beta")

    def call(self, inputs):
        x = ops.cast(inputs, "float32")
        axes = tuple(range(len(x.shape) - 1))  # every axis but the channels
        reference = x[: self.reference_size]
        reference_mean = ops.mean(reference, axis=axes)
        reference_square = ops.mean(ops.square(reference), axis=axes)
        # Each sample's statistics: the reference batch's, with the sample as
        # one more member, position by position (as in Salimans et al.'s code).
        share = 1.0 / (self.reference_size + 1.0)
        mean = share * x + (1.0 - share) * reference_mean
        variance = share * ops.square(x) + (1.0 - share) * reference_square - ops.square(mean)
        sample_out = (x - mean) / ops.sqrt(variance + self.epsilon)
        reference_variance = reference_square - ops.square(reference_mean)
        reference_out = (reference - reference_mean) / ops.sqrt(reference_variance + self.epsilon)
        out = ops.concatenate([reference_out, sample_out[self.reference_size :]], axis=0)
        return ops.cast(out * self.gamma + self.beta, inputs.dtype)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "reference_size": self.reference_size, "epsilon": self.epsilon}


@keras.saving.register_keras_serializable(package="keras_gans")
class WithReferenceBatch(keras.layers.Layer):
    """Runs `network` on a fixed reference batch followed by the inputs.

    The wrapper for networks with `VirtualBatchNormalization` layers (whose
    `reference_size` must be the reference batch's size): it prepends the
    reference inputs, e.g. a batch of latent vectors drawn once, and
    returns only the rows of the real inputs.

    Args:
        network: a Keras model taking `(batch, *input_shape)`.
        reference: array of shape `(reference_size, *input_shape)`.

    Example:

    >>> import numpy as np
    >>> network = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4),
    ...                             VirtualBatchNormalization(reference_size=8)])
    >>> wrapped = WithReferenceBatch(network, np.random.default_rng(0).normal(size=(8, 3)))
    >>> tuple(wrapped(np.ones((5, 3), "float32")).shape)
    (5, 4)
    """

    def __init__(self, network, reference, **kwargs):
        super().__init__(**kwargs)
        self.network = network
        reference = ops.convert_to_numpy(reference).astype("float32")
        self.reference_size = len(reference)
        self.reference = self.add_weight(
            shape=reference.shape, initializer=keras.initializers.Constant(reference),
            trainable=False, name="reference",
        )

    def call(self, inputs, training=False):
        outputs = self.network(ops.concatenate([ops.cast(self.reference, inputs.dtype), inputs], axis=0), training=training)
        return outputs[self.reference_size :]

    def compute_output_shape(self, input_shape):
        return (input_shape[0], *self.network.output_shape[1:])

    def get_config(self):
        return {
            **super().get_config(),
            "network": keras.saving.serialize_keras_object(self.network),
            "reference": ops.convert_to_numpy(self.reference).tolist(),
        }

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        config["network"] = keras.saving.deserialize_keras_object(config["network"])
        return cls(**config)
