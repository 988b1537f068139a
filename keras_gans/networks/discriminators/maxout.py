"""The maxout discriminator of Goodfellow et al. 2014."""

import random

import keras

from keras_gans.networks.layers.maxout import Maxout
from keras_gans.networks.layers.minibatch import MinibatchDiscrimination, MinibatchStdDev
from keras_gans.networks.layers.spectral_normalization import spectral_normalized


def maxout_discriminator(
    input_shape=(28, 28, 1),
    units=(240, 240),
    pieces=5,
    dropout=0.5,
    seed=None,
    minibatch_stddev=False,
    spectral_norm=False,
    minibatch_discrimination=0,
    name="maxout_discriminator",
):
    """Sample → maxout layers with dropout → one logit.

    Args:
        input_shape: shape of one sample.
        units: widths of the maxout layers (Goodfellow: 240, 240).
        pieces: linear pieces per maxout unit (Goodfellow: 5).
        dropout: dropout rate after each maxout layer.
        seed: seed of the dropout masks. Drawn from Python's `random` when
            None: an unseeded Keras dropout layer on PyTorch draws from
            torch's global generator, whose state a saved model cannot
            restore.
        minibatch_stddev: append the batch's standard deviation
            (`MinibatchStdDev`) to the last hidden features, so the logit
            can tell a varied batch from a collapsed one.
        spectral_norm: wrap every maxout layer and the logit in
            `SpectralNormalization` (a maxout layer's kernel holds all its
            pieces, so σ bounds every piece).
        minibatch_discrimination: B > 0 appends B closeness features
            (`MinibatchDiscrimination`, Salimans et al. 2016, rows of 5) to
            the last hidden features; 0: none.
        name: the model's name.

    Returns:
        A functional `keras.Model` mapping `(batch, *input_shape)` to
        `(batch, 1)` logits.

    Example:

    >>> discriminator = maxout_discriminator(input_shape=(2,), units=(8,), pieces=2)
    >>> discriminator.output_shape
    (None, 1)
    """
    seed = random.randrange(2**31) if seed is None else seed
    samples = keras.Input(tuple(input_shape), name="samples")
    x = keras.layers.Flatten(name="flatten")(samples)
    for i, width in enumerate(units):
        x = spectral_normalized(Maxout(width, pieces, name=f"maxout_{i}"), spectral_norm)(x)
        if dropout:
            x = keras.layers.Dropout(dropout, seed=seed + i, name=f"dropout_{i}")(x)
    if minibatch_stddev:
        x = MinibatchStdDev(name="minibatch_stddev")(x)
    if minibatch_discrimination:
        x = MinibatchDiscrimination(minibatch_discrimination, name="minibatch_discrimination")(x)
    logits = spectral_normalized(keras.layers.Dense(1, dtype="float32", name="logit"), spectral_norm)(x)
    return keras.Model(samples, logits, name=name)
