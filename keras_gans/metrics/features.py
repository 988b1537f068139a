"""Feature extractors for distribution metrics (FID, KID, precision/recall).

A metric computed on features is only comparable with another computed on
the same features, the same number of samples and the same reference split,
so every extractor carries a `name` that reports quote.

- `classifier_extractor`: the penultimate layer (128-d) of the Fashion-MNIST
  classifier (`tools/train_classifier.py`), for 28×28 grayscale data.
- `inception_extractor`: InceptionV3's 2048-d average-pool features with
  ImageNet weights, the features FID was defined on. Images are resized to
  299×299 with bilinear interpolation (`keras.ops.image.resize`) and
  grayscale is repeated to three channels; GAN images in [-1, 1] are
  already in the range Inception's preprocessing produces.
"""

import os

import keras
import numpy as np

from keras_gans.utils.download import fetch

INCEPTION_SIZE = 299
# Keras Applications' InceptionV3 weights without the classifier head.
INCEPTION_WEIGHTS_URL = (
    "https://storage.googleapis.com/tensorflow/keras-applications/inception_v3/"
    "inception_v3_weights_tf_dim_ordering_tf_kernels_notop.h5"
)
INCEPTION_WEIGHTS_MD5 = "bcbd6486424b2319ff4ef7d526e38f63"


class FeatureExtractor:
    """Images in [-1, 1] → float64 feature vectors, in batches.

    Images are fitted to the network's input first: resized (bilinear) to
    its height and width, and grayscale repeated to three channels when it
    takes colour.

    Args:
        model: a Keras model from images to `(batch, features)`.
        name: what the features are, quoted beside every number.

    Example:

    >>> model = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Flatten()])
    >>> extractor = FeatureExtractor(model, name="pixels")
    >>> extractor(np.zeros((3, 4, 4, 1), "float32")).shape
    (3, 64)
    """

    def __init__(self, model, name):
        self.model = model
        self.name = name
        self.input_shape = tuple(model.input_shape[1:])

    def __call__(self, images, batch_size=250):
        images = np.asarray(keras.ops.convert_to_numpy(images), dtype="float32")
        if images.ndim != 4:
            raise ValueError(f"{self.name} takes images of shape (n, height, width, channels), got {images.shape}.")
        if not np.isfinite(images).all():
            raise ValueError("The images hold NaN or infinite values; the generator has diverged.")
        batches = [self._features(images[i : i + batch_size]) for i in range(0, len(images), batch_size)]
        return np.concatenate(batches).astype("float64")

    def _features(self, images):
        height, width, channels = self.input_shape
        if images.shape[-1] == 1 and channels == 3:
            images = np.repeat(images, 3, axis=-1)
        if images.shape[-1] != channels:
            raise ValueError(f"{self.name} takes {channels}-channel images, got {images.shape[-1]} channels.")
        if images.shape[1:3] != (height, width):
            images = keras.ops.image.resize(images, (height, width), interpolation="bilinear")
        return keras.ops.convert_to_numpy(self.model(images, training=False))


def classifier_extractor(classifier):
    """The 128-d penultimate features of a classifier from `image_classifier`.

    Args:
        classifier: the `keras.Model` (e.g. from `load_classifier`), or the
            path of its `.keras` file.
    """
    from keras_gans.metrics.classifier import load_classifier

    if isinstance(classifier, (str, os.PathLike)):
        classifier = load_classifier(classifier)
    # What the logits layer reads: the dense features (dropout is off at inference).
    features = classifier.get_layer("logits").input
    model = keras.Model(classifier.input, features, name="classifier_features")
    return FeatureExtractor(model, name=f"{classifier.name} penultimate ({features.shape[-1]}-d)")


def inception_extractor(weights="imagenet", cache_dir=None):
    """InceptionV3's 2048-d average-pool features.

    Args:
        weights: `"imagenet"` (downloaded once from Keras Applications and
            checked against its MD5 hash), the path of a local weights file
            (`.h5`, without the top), or None for random weights (tests).
        cache_dir: where a download is kept (default `~/.keras/keras_gans`).
    """
    if weights == "imagenet":
        weights = fetch(INCEPTION_WEIGHTS_URL, INCEPTION_WEIGHTS_MD5, cache_dir=cache_dir)
        source = "imagenet"
    elif weights is not None:
        if not os.path.isfile(weights):
            raise FileNotFoundError(
                f"No Inception weights at {weights}. Pass the path of "
                f"{os.path.basename(INCEPTION_WEIGHTS_URL)}, or weights='imagenet' to download it."
            )
        source = os.path.basename(weights)
    else:
        source = "random weights"
    model = keras.applications.InceptionV3(
        include_top=False, pooling="avg", weights=weights, input_shape=(INCEPTION_SIZE, INCEPTION_SIZE, 3)
    )
    return FeatureExtractor(model, name=f"inception_v3 pool ({source}, 2048-d)")
