"""A fully connected discriminator built by DCGAN's rules."""

import keras

from keras_gans.networks.layers.minibatch import MinibatchStdDev
from keras_gans.networks.layers.spectral_normalization import spectral_normalized


def mlp_discriminator(
    input_shape=(2,),
    units=(200, 200, 200),
    batch_norm=True,
    negative_slope=0.2,
    spectral_norm=False,
    minibatch_stddev=False,
    name="mlp_discriminator",
):
    """Sample → LeakyReLU layers → one logit.

    DCGAN's discriminator without the convolutions, for data that is not an
    image (the 2D mixtures): LeakyReLU(0.2) after every hidden layer and
    batch normalisation in every hidden layer but the first (Radford et al.
    2016 leave the input layer unnormalised).

    Args:
        input_shape: shape of one sample.
        units: widths of the hidden layers.
        batch_norm: batch normalisation in the hidden layers after the first.
        negative_slope: the LeakyReLU slope.
        spectral_norm: wrap every dense layer in `SpectralNormalization`.
        minibatch_stddev: append the batch's standard deviation
            (`MinibatchStdDev`) to the last hidden features.
        name: the model's name.

    Returns:
        A functional `keras.Model` mapping `(batch, *input_shape)` to
        `(batch, 1)` logits.

    Example:

    >>> discriminator = mlp_discriminator(input_shape=(2,), units=(8, 8))
    >>> discriminator.output_shape
    (None, 1)
    """
    samples = keras.Input(tuple(input_shape), name="samples")
    x = keras.layers.Flatten(name="flatten")(samples)
    for i, width in enumerate(units):
        normalised = batch_norm and i > 0
        dense = keras.layers.Dense(width, use_bias=not normalised, name=f"dense_{i}")
        x = spectral_normalized(dense, spectral_norm)(x)
        if normalised:
            x = keras.layers.BatchNormalization(name=f"batch_norm_{i}")(x)
        x = keras.layers.LeakyReLU(negative_slope, name=f"leaky_relu_{i}")(x)
    if minibatch_stddev:
        x = MinibatchStdDev(name="minibatch_stddev")(x)
    logits = spectral_normalized(keras.layers.Dense(1, dtype="float32", name="logit"), spectral_norm)(x)
    return keras.Model(samples, logits, name=name)
