"""GAN-train and GAN-test (Shmelkov, Schmid and Alahari, 2018).

Two accuracies for a class-conditional generator:

- GAN-test: a classifier trained on real data labels the generated images;
  accuracy against the classes requested. High when samples are realistic
  and on-class, but blind to diversity: a generator that draws one good
  image per class scores well.
- GAN-train: a fresh classifier trained on generated images only, tested
  on real images. High only when the samples cover each class the way the
  real data does, so it also measures diversity.
"""

import keras
import numpy as np

from keras_gans.metrics.class_agreement import conditional_accuracy
from keras_gans.metrics.classifier import image_classifier, predict_classes


def gan_test_accuracy(classifier, generated_images, requested_labels, batch_size=500):
    """Accuracy of a real-data classifier on conditionally generated images.

    Args:
        classifier: a model from images to logits (or probabilities),
            trained on the real data.
        generated_images: samples of shape `(n, height, width, channels)`,
            a NumPy array or a tensor of the current backend.
        requested_labels: the int classes the generator was asked for,
            shape `(n,)`.
        batch_size: images per `predict` batch.

    Returns:
        A float in [0, 1]: the fraction of samples classified as requested.

    Raises:
        ValueError: when images and labels differ in number.

    Example:

    A stand-in classifier: class 1 when the mean pixel is positive.

    >>> layers = keras.layers
    >>> model = keras.Sequential([keras.Input((4, 4, 1)), layers.GlobalAveragePooling2D(), layers.Dense(2)])
    >>> model.layers[-1].set_weights([np.array([[-1.0, 1.0]]), np.zeros(2)])
    >>> images = np.array([-0.5, 0.5, 0.5, -0.5])[:, None, None, None] * np.ones((4, 4, 4, 1))
    >>> gan_test_accuracy(model, images, [0, 1, 0, 0])
    0.75
    """
    _check_same_number(generated_images, "generated_images", requested_labels, "requested_labels")
    predicted = predict_classes(classifier, generated_images, batch_size=batch_size)
    return conditional_accuracy(requested_labels, predicted)


def gan_train_accuracy(
    generated_images,
    generated_labels,
    test_images,
    test_labels,
    num_classes,
    epochs=5,
    batch_size=128,
    seed=0,
    build_classifier=None,
):
    """Accuracy on real test data of a classifier trained on generated data.

    The classifier is built fresh, trained on `(generated_images,
    generated_labels)` only and scored on `(test_images, test_labels)`.
    Compare with the same classifier trained on as many real images: the gap
    is what the generator misses.

    Args:
        generated_images: samples of shape `(n, height, width, channels)`.
        generated_labels: the int classes they were generated with, `(n,)`.
        test_images: real held-out images of the same image shape.
        test_labels: their int classes.
        num_classes: number of classes.
        epochs: training epochs over the generated data.
        batch_size: training batch size.
        seed: passed to `keras.utils.set_random_seed` before the classifier
            is built, so that the result is reproducible. This resets the
            global Python, NumPy and backend seeds; `None` leaves them
            alone (and the result then varies between calls).
        build_classifier: optional callable `(image_shape, num_classes) ->
            keras.Model` mapping images to logits. Default: `image_classifier`.
            A model returned uncompiled is compiled with Adam and sparse
            categorical cross-entropy from logits; one returned compiled
            keeps its own optimizer and loss.

    Returns:
        A float in [0, 1].

    Raises:
        ValueError: for images that are not 4-D or differ in shape between
            the generated and test sets, labels that do not match the images
            in number, or labels outside `[0, num_classes)`.

    Example:

    >>> def linear(image_shape, num_classes):
    ...     return keras.Sequential(
    ...         [keras.Input(image_shape), keras.layers.Flatten(), keras.layers.Dense(num_classes)]
    ...     )
    >>> labels = np.repeat([0, 1], 16)
    >>> images = np.where(labels == 1, 0.5, -0.5)[:, None, None, None] * np.ones((32, 4, 4, 1))
    >>> gan_train_accuracy(images, labels, images, labels, num_classes=2, epochs=20,
    ...                    batch_size=8, build_classifier=linear)
    1.0
    """
    generated_images, generated_labels = _labelled_set(
        generated_images, generated_labels, num_classes, "generated"
    )
    test_images, test_labels = _labelled_set(test_images, test_labels, num_classes, "test")
    if generated_images.shape[1:] != test_images.shape[1:]:
        raise ValueError(
            f"generated images have shape {generated_images.shape[1:]} but test images "
            f"{test_images.shape[1:]}; generate at the real data's image shape."
        )
    if seed is not None:
        keras.utils.set_random_seed(seed)
    model = _fresh_classifier(build_classifier, generated_images.shape[1:], num_classes)
    model.fit(generated_images, generated_labels, epochs=epochs, batch_size=batch_size, verbose=0)
    predicted = predict_classes(model, test_images)
    return float(np.mean(predicted == test_labels))


def _fresh_classifier(build_classifier, image_shape, num_classes):
    build = build_classifier or image_classifier
    model = build(tuple(image_shape), num_classes)
    if not model.compiled:
        model.compile(
            optimizer=keras.optimizers.Adam(),
            loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        )
    return model


def _labelled_set(images, labels, num_classes, name):
    """NumPy float32 images and int64 labels, checked; or a ValueError."""
    images = np.asarray(keras.ops.convert_to_numpy(images), dtype="float32")
    labels = np.asarray(keras.ops.convert_to_numpy(labels))
    if images.ndim != 4:
        raise ValueError(f"{name} images must have shape (n, height, width, channels), got {images.shape}.")
    _check_same_number(images, f"{name} images", labels, f"{name} labels")
    if len(labels) == 0:
        raise ValueError(f"{name} images are empty; pass at least one labelled image.")
    if labels.ndim != 1 or labels.dtype.kind not in "iu":
        raise ValueError(
            f"{name} labels must be a 1-D array of int classes, got shape {labels.shape} and "
            f"dtype {labels.dtype}. One-hot labels need np.argmax(labels, axis=-1) first."
        )
    if labels.min() < 0 or labels.max() >= num_classes:
        raise ValueError(
            f"{name} labels must lie in [0, {num_classes}), got values from {labels.min()} to "
            f"{labels.max()}; check num_classes."
        )
    return images, labels.astype("int64")


def _check_same_number(images, images_name, labels, labels_name):
    if len(images) != len(labels):
        raise ValueError(
            f"{images_name} and {labels_name} must have one entry per sample, "
            f"got {len(images)} and {len(labels)}."
        )
