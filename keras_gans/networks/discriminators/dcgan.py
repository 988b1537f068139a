"""The DCGAN discriminator of Radford et al. 2016."""

import keras

from keras_gans.networks.dcgan_layout import upsampling_steps
from keras_gans.networks.generators.dcgan import dcgan_batch_norm, dcgan_initializer
from keras_gans.networks.layers.minibatch import MinibatchStdDev
from keras_gans.networks.layers.spectral_normalization import spectral_normalized


def dcgan_discriminator(
    image_shape=(28, 28, 1),
    filters=64,
    kernel_size=4,
    spectral_norm=False,
    minibatch_stddev=False,
    name="dcgan_discriminator",
):
    """Image → strided convolutions with LeakyReLU(0.2) → one logit.

    Mirrors `dcgan_generator`: as many stride-2 convolutions as the generator
    has upsampling steps, doubling the channels each time, batch norm on
    every layer but the input one, and the last feature map flattened into a
    single logit.

    Args:
        image_shape: `(height, width, channels)`.
        filters: channels of the first convolution.
        kernel_size: size of the convolution kernels.
        spectral_norm: wrap every convolution and the logit layer in
            `SpectralNormalization` instead of using batch norm (Miyato et
            al. 2018's SN-DCGAN discriminator).
        minibatch_stddev: append the batch's standard deviation as one more
            channel of the last feature map (`MinibatchStdDev`, Karras et
            al. 2018), so the logit can tell a varied batch from a
            collapsed one.
        name: the model's name.

    Example:

    >>> discriminator = dcgan_discriminator(image_shape=(28, 28, 1), filters=8)
    >>> discriminator.output_shape
    (None, 1)
    """
    images = keras.Input(tuple(image_shape), name="images")
    features = dcgan_downsampling_stack(
        images, filters, kernel_size, spectral_norm=spectral_norm, minibatch_stddev=minibatch_stddev
    )
    logit = keras.layers.Dense(1, kernel_initializer=dcgan_initializer(), dtype="float32", name="logit")
    return keras.Model(images, spectral_normalized(logit, spectral_norm)(features), name=name)


def dcgan_downsampling_stack(
    x, filters=64, kernel_size=4, negative_slope=0.2, spectral_norm=False, minibatch_stddev=False
):
    """Applies DCGAN's strided convolutions to image tensor `x`, then flattens.

    The body of `dcgan_discriminator`, shared by the conditional, AC-GAN and
    InfoGAN discriminators, which put their own heads on the features.
    """
    height, width, _ = x.shape[1:]
    steps, _, _ = upsampling_steps(height, width)
    init = dcgan_initializer()
    for i in range(steps):
        batch_norm = i > 0 and not spectral_norm
        conv = keras.layers.Conv2D(
            filters * 2**i, kernel_size, strides=2, padding="same",
            use_bias=not batch_norm, kernel_initializer=init, name=f"conv_{i}",
        )
        x = spectral_normalized(conv, spectral_norm)(x)
        if batch_norm:
            x = dcgan_batch_norm(f"conv_{i}_bn")(x)
        x = keras.layers.LeakyReLU(negative_slope=negative_slope, name=f"conv_{i}_lrelu")(x)
    if minibatch_stddev:
        x = MinibatchStdDev(name="minibatch_stddev")(x)
    return keras.layers.Flatten(name="flatten")(x)
