"""A DCGAN generator conditioned on class labels."""

import keras

from keras_gans.networks.conditioning import encode_labels, label_input
from keras_gans.networks.generators.dcgan import dcgan_upsampling_stack


def conditional_dcgan_generator(
    latent_dim=100,
    num_classes=10,
    image_shape=(28, 28, 1),
    filters=64,
    kernel_size=4,
    embedding_dim=None,
    name="conditional_dcgan_generator",
):
    """(Noise, label) → `dcgan_generator`'s layers → tanh image.

    The label is encoded (one-hot, or a learned embedding of
    `embedding_dim`) and concatenated to the noise vector, which then goes
    through the DCGAN generator's projection and transposed convolutions.

    Args:
        latent_dim: size of the noise vector.
        num_classes: number of classes.
        image_shape: `(height, width, channels)`.
        filters: channels of the last hidden layer.
        kernel_size: size of the transposed-convolution kernels.
        embedding_dim: None for one-hot labels, else a learned embedding size.
        name: the model's name.

    Returns:
        A functional `keras.Model` mapping `[latent (batch, latent_dim),
        labels (batch,)]` to images.

    Example:

    >>> import numpy as np
    >>> generator = conditional_dcgan_generator(latent_dim=8, num_classes=3, image_shape=(8, 8, 1), filters=4)
    >>> generator.predict_on_batch([np.zeros((2, 8), "float32"), np.array([0, 2])]).shape
    (2, 8, 8, 1)
    """
    latent = keras.Input((latent_dim,), name="latent")
    labels = label_input()
    x = keras.layers.Concatenate(name="latent_and_label")(
        [latent, encode_labels(labels, num_classes, embedding_dim)]
    )
    images = dcgan_upsampling_stack(x, image_shape, filters, kernel_size)
    return keras.Model([latent, labels], images, name=name)
