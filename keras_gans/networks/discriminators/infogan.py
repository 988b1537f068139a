"""The InfoGAN discriminator and Q network of Chen et al. 2016 (their MNIST network)."""

import keras

from keras_gans.networks.discriminators.dcgan import dcgan_downsampling_stack
from keras_gans.networks.generators.dcgan import dcgan_batch_norm, dcgan_initializer


def infogan_discriminator(
    image_shape=(28, 28, 1), code_outputs=12, filters=64, hidden_units=1024, q_units=128, kernel_size=4,
    name="infogan_discriminator",
):
    """Image → shared body → [real/fake logit, Q's code estimates].

    Chen et al.'s MNIST network for 28×28 images: 4×4 stride-2 convolutions
    of 64 and 128 channels, FC 1024, all with LeakyReLU(0.1) and batch norm
    after the first layer. D is one logit on top; Q, which recovers the
    latent codes from the image, is FC 128 then `code_outputs` values
    (logits of each categorical code, then the mean of each continuous one).
    Q shares the body, so it costs almost nothing on top of D.

    Args:
        image_shape: `(height, width, channels)`.
        code_outputs: size of Q's output, as given by `LatentCodes.q_dim`.
        filters: channels of the first convolution.
        hidden_units: width of the shared fully connected layer.
        q_units: width of Q's hidden layer.
        kernel_size: size of the convolution kernels.
        name: the model's name.

    Example:

    >>> discriminator = infogan_discriminator((8, 8, 1), code_outputs=5, filters=4, hidden_units=16, q_units=8)
    >>> [shape for shape in discriminator.output_shape]
    [(None, 1), (None, 5)]
    """
    init = dcgan_initializer()
    images = keras.Input(tuple(image_shape), name="images")
    x = dcgan_downsampling_stack(images, filters, kernel_size, negative_slope=0.1)
    x = keras.layers.Dense(hidden_units, use_bias=False, kernel_initializer=init, name="hidden")(x)
    x = dcgan_batch_norm("hidden_bn")(x)
    body = keras.layers.LeakyReLU(negative_slope=0.1, name="hidden_lrelu")(x)
    logits = keras.layers.Dense(1, kernel_initializer=init, dtype="float32", name="logit")(body)
    q = keras.layers.Dense(q_units, use_bias=False, kernel_initializer=init, name="q_hidden")(body)
    q = dcgan_batch_norm("q_hidden_bn")(q)
    q = keras.layers.LeakyReLU(negative_slope=0.1, name="q_hidden_lrelu")(q)
    codes = keras.layers.Dense(code_outputs, kernel_initializer=init, dtype="float32", name="q_codes")(q)
    return keras.Model(images, [logits, codes], name=name)
