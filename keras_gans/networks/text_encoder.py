"""Encoders of a joint text–image embedding: captions and images to unit vectors."""

import keras

from keras_gans.networks.layers.masked_pooling import MaskedGlobalPooling


def text_encoder(vocabulary_size, max_length=16, embedding_dim=256, token_dim=64, filters=256, name="text_encoder"):
    """Word ids → a unit-length caption embedding φ(t).

    Word embeddings go through two width-3 convolutions (each word sees its
    neighbours, so "dark" next to "boot" differs from "dark" alone), are
    pooled over the words (mean and max, padding left out), and projected
    to `embedding_dim`, then scaled to unit length so that a dot product is
    a cosine similarity.

    Args:
        vocabulary_size: number of word ids (`CaptionTokenizer.vocabulary_size()`).
        max_length: words per caption.
        embedding_dim: size of the caption embedding.
        token_dim: size of the word embeddings.
        filters: channels of the convolutions.
        name: the model's name.

    Returns:
        A functional `keras.Model` from int ids `(batch, max_length)` to
        `(batch, embedding_dim)`.

    Example:

    >>> import numpy as np
    >>> encoder = text_encoder(vocabulary_size=10, max_length=4, embedding_dim=8, token_dim=4, filters=8)
    >>> embeddings = encoder.predict_on_batch(np.array([[2, 3, 0, 0]]))
    >>> embeddings.shape, round(float((embeddings ** 2).sum()), 4)
    ((1, 8), 1.0)
    """
    ids = keras.Input((max_length,), dtype="int32", name="word_ids")
    x = keras.layers.Embedding(vocabulary_size, token_dim, name="word_embedding")(ids)
    for i in range(2):
        x = keras.layers.Conv1D(filters, 3, padding="same", activation="relu", name=f"conv_{i}")(x)
    x = MaskedGlobalPooling(name="pool_words")([x, ids])
    x = keras.layers.Dense(embedding_dim, name="project")(x)
    embedding = keras.layers.UnitNormalization(dtype="float32", name="normalize")(x)
    return keras.Model(ids, embedding, name=name)


def image_encoder(image_shape=(28, 28, 1), embedding_dim=256, filters=32, name="image_encoder"):
    """Images in [-1, 1] → a unit-length embedding, the text encoder's partner.

    Three stride-2 3×3 convolutions (`filters`, 2×, 4× channels, leaky
    ReLU), a dense layer and a projection to `embedding_dim`, scaled to unit
    length. It only serves to train the text encoder; the GAN uses the text
    side.

    Example:

    >>> import numpy as np
    >>> encoder = image_encoder((8, 8, 1), embedding_dim=8, filters=4)
    >>> encoder.predict_on_batch(np.zeros((2, 8, 8, 1), "float32")).shape
    (2, 8)
    """
    images = keras.Input(tuple(image_shape), name="images")
    x = images
    for i in range(3):
        x = keras.layers.Conv2D(filters * 2**i, 3, strides=2, padding="same", name=f"conv_{i}")(x)
        x = keras.layers.LeakyReLU(0.2, name=f"conv_{i}_relu")(x)
    x = keras.layers.Flatten(name="flatten")(x)
    x = keras.layers.Dense(embedding_dim, activation="relu", name="hidden")(x)
    x = keras.layers.Dense(embedding_dim, name="project")(x)
    embedding = keras.layers.UnitNormalization(dtype="float32", name="normalize")(x)
    return keras.Model(images, embedding, name=name)
