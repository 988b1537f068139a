"""The DCGAN generator of Radford et al. 2016."""

import keras

from keras_gans.networks.dcgan_layout import upsampling_steps


def dcgan_initializer():
    """N(0, 0.02), the initialisation Radford et al. used for every layer."""
    return keras.initializers.RandomNormal(mean=0.0, stddev=0.02)


def dcgan_batch_norm(name):
    return keras.layers.BatchNormalization(
        momentum=0.9,
        epsilon=1e-5,
        gamma_initializer=keras.initializers.RandomNormal(mean=1.0, stddev=0.02),
        name=name,
    )


def dcgan_generator(latent_dim=100, image_shape=(28, 28, 1), filters=64, kernel_size=4, name="dcgan_generator"):
    """Noise → projected feature map → fractionally strided convolutions → tanh image.

    Follows the DCGAN guidelines: no pooling and no hidden fully connected
    layers (only the projection of z), batch norm after every layer but the
    output, ReLU inside and tanh at the output.

    Args:
        latent_dim: size of the noise vector.
        image_shape: `(height, width, channels)`, e.g. (28, 28, 1),
            (32, 32, 3) or (64, 64, 3).
        filters: channels of the last hidden layer; each layer before it
            has twice as many as the next.
        kernel_size: size of the transposed-convolution kernels.
        name: the model's name.

    Example:

    >>> generator = dcgan_generator(latent_dim=16, image_shape=(32, 32, 3), filters=8)
    >>> generator.output_shape
    (None, 32, 32, 3)
    """
    latent = keras.Input((latent_dim,), name="latent")
    images = dcgan_upsampling_stack(latent, image_shape, filters, kernel_size)
    return keras.Model(latent, images, name=name)


def dcgan_upsampling_stack(x, image_shape, filters=64, kernel_size=4):
    """Applies DCGAN's projection and transposed convolutions to tensor `x`.

    The body of `dcgan_generator`, shared by the conditional and InfoGAN
    generators, which feed it their own input vector.
    """
    height, width, channels = image_shape
    steps, start_height, start_width = upsampling_steps(height, width)
    init = dcgan_initializer()
    start_filters = filters * 2 ** (steps - 1)

    x = keras.layers.Dense(
        start_height * start_width * start_filters, use_bias=False, kernel_initializer=init, name="project"
    )(x)
    x = keras.layers.Reshape((start_height, start_width, start_filters), name="reshape")(x)
    x = dcgan_batch_norm("project_bn")(x)
    x = keras.layers.ReLU(name="project_relu")(x)
    for i in range(steps - 1):
        x = keras.layers.Conv2DTranspose(
            start_filters // 2 ** (i + 1), kernel_size, strides=2, padding="same",
            use_bias=False, kernel_initializer=init, name=f"deconv_{i}",
        )(x)
        x = dcgan_batch_norm(f"deconv_{i}_bn")(x)
        x = keras.layers.ReLU(name=f"deconv_{i}_relu")(x)
    x = keras.layers.Conv2DTranspose(
        channels, kernel_size, strides=2, padding="same", kernel_initializer=init, name="to_image"
    )(x)
    return keras.layers.Activation("tanh", dtype="float32", name="tanh")(x)
