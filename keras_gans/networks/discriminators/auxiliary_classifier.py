"""The AC-GAN discriminator (Odena et al. 2017): real/fake and the class."""

import keras

from keras_gans.networks.discriminators.dcgan import dcgan_downsampling_stack
from keras_gans.networks.generators.dcgan import dcgan_initializer


def auxiliary_classifier_discriminator(
    image_shape=(28, 28, 1), num_classes=10, filters=64, kernel_size=4, name="auxiliary_classifier_discriminator"
):
    """Image → DCGAN convolutions → [real/fake logit, class logits].

    The discriminator does not see the label; it predicts it, from the same
    features as the real/fake logit.

    Args:
        image_shape: `(height, width, channels)`.
        num_classes: number of classes.
        filters: channels of the first convolution.
        kernel_size: size of the convolution kernels.
        name: the model's name.

    Returns:
        A functional `keras.Model` mapping images to `[(batch, 1),
        (batch, num_classes)]` logits.

    Example:

    >>> discriminator = auxiliary_classifier_discriminator((8, 8, 1), num_classes=3, filters=4)
    >>> [shape for shape in discriminator.output_shape]
    [(None, 1), (None, 3)]
    """
    images = keras.Input(tuple(image_shape), name="images")
    features = dcgan_downsampling_stack(images, filters, kernel_size)
    init = dcgan_initializer()
    logits = keras.layers.Dense(1, kernel_initializer=init, dtype="float32", name="logit")(features)
    class_logits = keras.layers.Dense(num_classes, kernel_initializer=init, dtype="float32", name="class_logits")(features)
    return keras.Model(images, [logits, class_logits], name=name)
