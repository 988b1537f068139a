"""The fully connected generator of Goodfellow et al. 2014."""

import math

import keras

from keras_gans.networks.layers.virtual_batch_normalization import VirtualBatchNormalization, WithReferenceBatch


def mlp_generator(
    latent_dim=100,
    output_shape=(28, 28, 1),
    units=(1200, 1200),
    output_activation="tanh",
    batch_norm=False,
    reference_latent=None,
    name="mlp_generator",
):
    """Noise → ReLU layers → one output per data dimension.

    Args:
        latent_dim: size of the noise vector.
        output_shape: shape of one sample, e.g. `(28, 28, 1)` or `(2,)`.
        units: widths of the hidden ReLU layers (Goodfellow: 1200, 1200).
        output_activation: `"tanh"` for data in [-1, 1], None for
            unbounded data such as Gaussian mixtures.
        batch_norm: batch normalisation before each hidden ReLU, as in
            DCGAN's generator (Goodfellow's has none).
        reference_latent: a fixed batch of latent vectors, shape
            `(R, latent_dim)`. Given, each hidden layer is normalised with
            `VirtualBatchNormalization` against the reference batch
            (Salimans et al. 2016) instead, so a sample's output does not
            depend on the rest of its minibatch; the reference is kept in
            the model (`WithReferenceBatch`).
        name: the model's name.

    Returns:
        A functional `keras.Model` mapping `(batch, latent_dim)` to
        `(batch, *output_shape)`.

    Example:

    >>> generator = mlp_generator(latent_dim=8, output_shape=(2,), units=(16,), output_activation=None)
    >>> generator.output_shape
    (None, 2)
    """
    if batch_norm and reference_latent is not None:
        raise ValueError("Pass batch_norm=True or a reference_latent (virtual batch norm), not both.")
    latent = keras.Input((latent_dim,), name="latent")
    x = latent
    for i, width in enumerate(units):
        if batch_norm or reference_latent is not None:
            # The normalisation's shift replaces the dense layer's bias.
            x = keras.layers.Dense(width, use_bias=False, name=f"dense_{i}")(x)
            if batch_norm:
                x = keras.layers.BatchNormalization(name=f"batch_norm_{i}")(x)
            else:
                x = VirtualBatchNormalization(len(reference_latent), name=f"virtual_batch_norm_{i}")(x)
            x = keras.layers.ReLU(name=f"relu_{i}")(x)
        else:
            x = keras.layers.Dense(width, activation="relu", name=f"dense_{i}")(x)
    x = keras.layers.Dense(math.prod(output_shape), name="output_dense")(x)
    x = keras.layers.Reshape(tuple(output_shape), name="reshape")(x)
    # The output activation is the last layer and float32, so it stays
    # float32 under mixed precision.
    outputs = keras.layers.Activation(output_activation or "linear", dtype="float32", name="output")(x)
    if reference_latent is None:
        return keras.Model(latent, outputs, name=name)
    network = keras.Model(latent, outputs, name=f"{name}_network")
    return keras.Sequential([keras.Input((latent_dim,)), WithReferenceBatch(network, reference_latent)], name=name)
