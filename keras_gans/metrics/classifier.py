"""A small image classifier that labels generated samples.

A conditional GAN is measured by asking a classifier trained on the real
data which class each generated sample shows. `tools/train_classifier.py`
trains the Fashion-MNIST one.
"""

import os

import keras
import numpy as np
from keras import layers

TRAIN_COMMAND = "python tools/train_classifier.py"


def image_classifier(image_shape=(28, 28, 1), num_classes=10, name="image_classifier"):
    """A small CNN that maps images in [-1, 1] to class logits.

    Three 3×3 convolutions (32, 64 and 64 filters, each followed by batch
    norm and ReLU, the first two by 2×2 max pooling), a 128-unit dense layer,
    dropout and a dense layer of `num_classes` logits. Images come in the
    GANs' [-1, 1] range, so generated samples need no rescaling. The logits
    are float32 even under a mixed-precision policy, so that the softmax
    cross-entropy stays stable.

    Args:
        image_shape: `(height, width, channels)` of the images.
        num_classes: number of classes.
        name: the model's name.

    Returns:
        A functional `keras.Model` from images to logits of shape
        `(batch, num_classes)`.

    Example:

    >>> model = image_classifier(image_shape=(8, 8, 1), num_classes=3)
    >>> model.output_shape
    (None, 3)
    """
    if len(image_shape) != 3:
        raise ValueError(f"image_shape must be (height, width, channels), got {image_shape}.")
    if num_classes < 2:
        raise ValueError(f"num_classes must be at least 2, got {num_classes}.")
    inputs = keras.Input(shape=tuple(image_shape), name="images")
    x = inputs
    for filters in (32, 64):
        x = _conv_block(x, filters)
        x = layers.MaxPooling2D()(x)
    # One more convolution at the coarsest scale: cheap there, and worth
    # about a point of test accuracy after a few epochs.
    x = _conv_block(x, 64)
    x = layers.Flatten()(x)
    x = layers.Dense(128, activation="relu")(x)
    x = layers.Dropout(0.3)(x)
    logits = layers.Dense(num_classes, dtype="float32", name="logits")(x)
    return keras.Model(inputs, logits, name=name)


def _conv_block(x, filters):
    # No bias: the batch norm's offset that follows plays its part.
    x = layers.Conv2D(filters, 3, padding="same", use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    return layers.ReLU()(x)


def predict_classes(classifier, images, batch_size=500):
    """The most likely class of each image, as a NumPy int32 array.

    Args:
        classifier: a model from images to logits (or probabilities), such
            as `image_classifier()` or `load_classifier(path)`.
        images: images in [-1, 1] of shape `(n, height, width, channels)`: a
            NumPy array or a tensor of the current backend (a generator's
            output).
        batch_size: images per `predict` batch.

    Returns:
        An int32 array of shape `(n,)`.

    Example:

    >>> model = image_classifier(image_shape=(8, 8, 1), num_classes=3)
    >>> predict_classes(model, np.zeros((4, 8, 8, 1), "float32")).shape
    (4,)
    """
    # Backend tensors (a torch tensor, a JAX array) go through NumPy so that
    # `predict` gets the input type it accepts on every backend.
    images = keras.ops.convert_to_numpy(images)
    if len(images) == 0:
        return np.zeros((0,), dtype="int32")
    logits = classifier.predict(images, batch_size=batch_size, verbose=0)
    return np.argmax(logits, axis=-1).astype("int32")


def load_classifier(path):
    """Loads a classifier saved by `tools/train_classifier.py`.

    It is loaded uncompiled: measuring only needs the forward pass, and so
    no optimizer state is rebuilt.

    Args:
        path: a `.keras` file.

    Returns:
        The `keras.Model`.

    Raises:
        FileNotFoundError: when `path` does not exist.
    """
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise FileNotFoundError(
            f"No classifier at {path}. Train one with `{TRAIN_COMMAND}` "
            f"(or `{TRAIN_COMMAND} --out {path}`)."
        )
    return keras.saving.load_model(path, compile=False)
