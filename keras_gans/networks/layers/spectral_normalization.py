"""Spectral normalisation (Miyato et al. 2018) that differentiates through σ."""

import keras
from keras import ops


def _l2_normalize(x):
    return x / ops.sqrt(ops.sum(ops.square(x)) + 1e-12)


@keras.saving.register_keras_serializable(package="keras_gans")
class SpectralNormalization(keras.layers.Wrapper):
    """Divides a layer's kernel by its largest singular value in every call.

    The wrapped layer (`Dense`, `Conv2D`, ... anything with a `kernel`) runs
    with `W / σ(W)`, where σ is estimated by power iteration on the kernel
    reshaped to `(-1, output_channels)`; the estimate's vector `u` is a
    non-trainable weight refined in every training call, so σ converges
    over the first steps and then tracks W. Each layer is then at most
    1-Lipschitz, which bounds the discriminator's.

    `keras.layers.SpectralNormalization` overwrites the trainable kernel
    with `W / σ` inside the forward pass. A GAN train step that
    differentiates the forward pass with respect to that same variable
    (the JAX backend's pure step does) keeps the gradient but drops the
    overwrite, so the backends would train different networks. This layer
    leaves the variable alone and computes `W / σ(W)` as part of the graph,
    as in Miyato et al.: the gradient also flows through σ.

    Args:
        layer: the layer to normalise; it must have a `kernel`.
        power_iterations: power-iteration steps per training call.

    Example:

    >>> import numpy as np
    >>> layer = SpectralNormalization(keras.layers.Dense(3))
    >>> for _ in range(20):  # u converges over the training calls
    ...     _ = layer(np.ones((2, 4), "float32"), training=True)
    >>> kernel = keras.ops.convert_to_numpy(layer.normalized_kernel())
    >>> round(float(np.linalg.svd(kernel, compute_uv=False)[0]), 3)
    1.0
    """

    def __init__(self, layer, power_iterations=1, **kwargs):
        super().__init__(layer, **kwargs)
        if int(power_iterations) < 1:
            raise ValueError(f"power_iterations must be at least 1, got {power_iterations}.")
        self.power_iterations = int(power_iterations)

    def build(self, input_shape):
        super().build(input_shape)
        if not hasattr(self.layer, "kernel"):
            raise ValueError(
                f"SpectralNormalization needs a layer with a `kernel` (Dense, Conv2D, ...), "
                f"got {type(self.layer).__name__}."
            )
        self.vector_u = self.add_weight(
            shape=(1, self.layer.kernel.shape[-1]),
            initializer=keras.initializers.RandomNormal(stddev=1.0),
            trainable=False,
            name="vector_u",
            dtype=self.layer.variable_dtype,
        )

    def _power_iteration(self, matrix):
        """A refined `u` (rows of `matrix` are inputs) and the matching `v`."""
        u = self.vector_u.value
        for _ in range(self.power_iterations):
            v = _l2_normalize(ops.matmul(u, ops.transpose(matrix)))
            u = _l2_normalize(ops.matmul(v, matrix))
        return ops.stop_gradient(u), ops.stop_gradient(v)

    def normalized_kernel(self, training=False):
        """`W / σ(W)`; a training call also refines and stores `u`."""
        kernel = self.layer.kernel.value
        matrix = ops.reshape(kernel, (-1, kernel.shape[-1]))
        u, v = self._power_iteration(matrix)
        if training:
            self.vector_u.assign(u)
        sigma = ops.sum(ops.matmul(v, matrix) * u)
        return kernel / sigma

    def call(self, inputs, training=False):
        kernel = self.normalized_kernel(training=training)
        trainable = [kernel if w is self.layer.kernel else w.value for w in self.layer.trainable_weights]
        non_trainable = [w.value for w in self.layer.non_trainable_weights]
        outputs, _ = self.layer.stateless_call(trainable, non_trainable, inputs)
        return outputs

    def compute_output_shape(self, input_shape):
        return self.layer.compute_output_shape(input_shape)

    def get_config(self):
        return {**super().get_config(), "power_iterations": self.power_iterations}


def spectral_normalized(layer, enabled=True):
    """`layer` wrapped in `SpectralNormalization` as `<name>_sn`, or `layer`
    itself when not `enabled`: how the discriminators take their
    `spectral_norm` option."""
    if not enabled:
        return layer
    return SpectralNormalization(layer, dtype=layer.dtype_policy, name=f"{layer.name}_sn")
