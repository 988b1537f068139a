"""DCGAN discriminators conditioned on class labels: by projection or by concatenation."""

import keras

from keras_gans.networks.conditioning import label_input, label_planes
from keras_gans.networks.discriminators.dcgan import dcgan_downsampling_stack
from keras_gans.networks.generators.dcgan import dcgan_initializer

CONDITIONINGS = ("projection", "concat")


def conditional_dcgan_discriminator(
    image_shape=(28, 28, 1),
    num_classes=10,
    filters=64,
    kernel_size=4,
    conditioning="projection",
    name="conditional_dcgan_discriminator",
):
    """(Image, label) → DCGAN convolutions → one logit.

    Two ways to tell the discriminator the class:

    - `"projection"` (Miyato & Koyama 2018): `D(x, y) = w·φ(x) + e_y·φ(x)`,
      where `φ(x)` are the convolutional features and `e_y` a learned
      embedding of the label. The label enters as an inner product with the
      features instead of as an input, which trains better.
    - `"concat"`: the one-hot label is broadcast into `num_classes` extra
      image channels before the first convolution.

    Args:
        image_shape: `(height, width, channels)`.
        num_classes: number of classes.
        filters: channels of the first convolution.
        kernel_size: size of the convolution kernels.
        conditioning: `"projection"` or `"concat"`.
        name: the model's name.

    Returns:
        A functional `keras.Model` mapping `[images, labels (batch,)]` to
        `(batch, 1)` logits.

    Example:

    >>> import numpy as np
    >>> discriminator = conditional_dcgan_discriminator((8, 8, 1), num_classes=3, filters=4)
    >>> discriminator.predict_on_batch([np.zeros((2, 8, 8, 1), "float32"), np.array([0, 2])]).shape
    (2, 1)
    """
    if conditioning not in CONDITIONINGS:
        raise ValueError(f"conditioning must be one of {CONDITIONINGS}, got {conditioning!r}.")
    height, width, _ = image_shape
    images = keras.Input(tuple(image_shape), name="images")
    labels = label_input()
    init = dcgan_initializer()
    if conditioning == "concat":
        x = keras.layers.Concatenate(name="image_and_label")([images, label_planes(labels, num_classes, height, width)])
        features = dcgan_downsampling_stack(x, filters, kernel_size)
        logits = keras.layers.Dense(1, kernel_initializer=init, dtype="float32", name="logit")(features)
        return keras.Model([images, labels], logits, name=name)
    features = dcgan_downsampling_stack(images, filters, kernel_size)
    unconditional = keras.layers.Dense(1, kernel_initializer=init, name="unconditional_logit")(features)
    embedding = keras.layers.Embedding(
        num_classes, features.shape[-1], embeddings_initializer=init, name="label_embedding"
    )(labels)
    projection = keras.layers.Dot(axes=1, name="projection")([embedding, features])
    logits = keras.layers.Add(dtype="float32", name="logit")([unconditional, projection])
    return keras.Model([images, labels], logits, name=name)
