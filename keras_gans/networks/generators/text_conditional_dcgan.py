"""A DCGAN generator conditioned on a caption embedding (Reed et al. 2016)."""

import keras

from keras_gans.networks.generators.dcgan import dcgan_upsampling_stack


def text_conditional_dcgan_generator(
    latent_dim=100,
    text_dim=256,
    projection_dim=128,
    image_shape=(28, 28, 1),
    filters=64,
    kernel_size=4,
    name="text_conditional_dcgan_generator",
):
    """(Noise, caption embedding) → DCGAN transposed convolutions → tanh image.

    The caption embedding φ(t) is compressed by a learned projection (a
    dense layer and leaky ReLU, Reed et al.'s 1024 → 128), concatenated to
    the noise and fed to the DCGAN generator's body.

    Args:
        latent_dim: size of the noise vector.
        text_dim: size of the caption embedding.
        projection_dim: size of the compressed embedding.
        image_shape: `(height, width, channels)`.
        filters: channels of the last hidden layer.
        kernel_size: size of the transposed-convolution kernels.
        name: the model's name.

    Returns:
        A functional `keras.Model` mapping `[latent (batch, latent_dim),
        text (batch, text_dim)]` to images.

    Example:

    >>> import numpy as np
    >>> generator = text_conditional_dcgan_generator(8, text_dim=6, projection_dim=4,
    ...                                              image_shape=(8, 8, 1), filters=4)
    >>> generator.predict_on_batch([np.zeros((2, 8), "float32"), np.zeros((2, 6), "float32")]).shape
    (2, 8, 8, 1)
    """
    latent = keras.Input((latent_dim,), name="latent")
    text = keras.Input((text_dim,), name="text_embedding")
    x = text_projection(text, projection_dim)
    x = keras.layers.Concatenate(name="latent_and_text")([latent, x])
    images = dcgan_upsampling_stack(x, image_shape, filters, kernel_size)
    return keras.Model([latent, text], images, name=name)


def text_projection(text, projection_dim, name="text_projection"):
    """Compresses a caption embedding: a dense layer and a leaky ReLU.

    Glorot-initialised, not with DCGAN's N(0, 0.02): the compressed text
    then starts at the noise's scale and is heard from the first step,
    where a 0.02-scale projection leaves both networks ignoring it for
    many epochs.
    """
    x = keras.layers.Dense(projection_dim, name=name)(text)
    return keras.layers.LeakyReLU(0.2, name=f"{name}_relu")(x)
