"""A matching-aware DCGAN discriminator: does this image fit this caption?"""

import keras

from keras_gans.networks.discriminators.dcgan import dcgan_downsampling_stack
from keras_gans.networks.generators.dcgan import dcgan_initializer
from keras_gans.networks.generators.text_conditional_dcgan import text_projection


def text_conditional_dcgan_discriminator(
    image_shape=(28, 28, 1),
    text_dim=256,
    projection_dim=128,
    filters=64,
    kernel_size=4,
    name="text_conditional_dcgan_discriminator",
):
    """(Image, caption embedding) → one logit: real and matching, or not.

    The image goes through the DCGAN convolutions to features `f(x)`; the
    caption embedding through its own learned projection `p(t)` (as in the
    generator). The logit is `w·f(x) + (V p(t))·f(x)`: a projection
    discriminator (Miyato & Koyama 2018) with the class embedding replaced
    by the projected text, so the caption acts through its agreement with
    the image features, as the class does in our `ConditionalGAN`. (Reed
    et al. concatenate the text to the last feature maps instead.)

    Args:
        image_shape: `(height, width, channels)`.
        text_dim: size of the caption embedding.
        projection_dim: size of the compressed embedding.
        filters: channels of the first convolution.
        kernel_size: size of the convolution kernels.
        name: the model's name.

    Returns:
        A functional `keras.Model` mapping `[images, text (batch,
        text_dim)]` to `(batch, 1)` logits.

    Example:

    >>> import numpy as np
    >>> discriminator = text_conditional_dcgan_discriminator((8, 8, 1), text_dim=6, projection_dim=4, filters=4)
    >>> discriminator.predict_on_batch([np.zeros((2, 8, 8, 1), "float32"), np.zeros((2, 6), "float32")]).shape
    (2, 1)
    """
    images = keras.Input(tuple(image_shape), name="images")
    text = keras.Input((text_dim,), name="text_embedding")
    init = dcgan_initializer()
    features = dcgan_downsampling_stack(images, filters, kernel_size)
    unconditional = keras.layers.Dense(1, kernel_initializer=init, name="unconditional_logit")(features)
    projected = text_projection(text, projection_dim)
    text_features = keras.layers.Dense(features.shape[-1], name="text_to_features")(projected)
    agreement = keras.layers.Dot(axes=1, name="agreement")([text_features, features])
    logits = keras.layers.Add(dtype="float32", name="logit")([unconditional, agreement])
    return keras.Model([images, text], logits, name=name)
