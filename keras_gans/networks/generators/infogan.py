"""The InfoGAN generator of Chen et al. 2016 (their MNIST network)."""

import keras

from keras_gans.networks.generators.dcgan import dcgan_batch_norm, dcgan_initializer, dcgan_upsampling_stack


def infogan_generator(latent_dim=74, image_shape=(28, 28, 1), hidden_units=1024, filters=64, kernel_size=4, name="infogan_generator"):
    """Latent (noise and codes) → FC 1024 → DCGAN upsampling → tanh image.

    For 28×28 images this is Chen et al.'s MNIST generator: FC 1024, FC
    7·7·128, 4×4 transposed convolutions of 64 and then 1 channel, each
    hidden layer with batch norm and ReLU. Other sizes use the DCGAN layout.

    Args:
        latent_dim: size of the whole latent vector (noise plus codes).
        image_shape: `(height, width, channels)`.
        hidden_units: width of the first fully connected layer.
        filters: channels of the last hidden convolution.
        kernel_size: size of the transposed-convolution kernels.
        name: the model's name.

    Example:

    >>> generator = infogan_generator(latent_dim=16, image_shape=(8, 8, 1), hidden_units=32, filters=4)
    >>> generator.output_shape
    (None, 8, 8, 1)
    """
    latent = keras.Input((latent_dim,), name="latent")
    x = keras.layers.Dense(hidden_units, use_bias=False, kernel_initializer=dcgan_initializer(), name="hidden")(latent)
    x = dcgan_batch_norm("hidden_bn")(x)
    x = keras.layers.ReLU(name="hidden_relu")(x)
    images = dcgan_upsampling_stack(x, image_shape, filters, kernel_size)
    return keras.Model(latent, images, name=name)
