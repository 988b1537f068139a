"""A toy captioned image set: three 8×8 patterns, each named by its captions."""

import numpy as np

import keras

from keras_gans.networks import MaskedGlobalPooling
from keras_gans.text import CaptionTokenizer
from tests.models.labelled_toy import labelled_images

WORDS = ("top", "left", "corner")
VOCABULARY = ["a", "the", "pattern", "at", *WORDS]
MAX_LENGTH = 5


def captioned_images(n=192, seed=0):
    """Images of `labelled_images`, with a caption naming each one's pattern."""
    images, labels = labelled_images(n, seed)
    phrasings = ("a {} pattern", "the {}", "pattern at the {}")
    captions = np.array([phrasings[(i // 3) % 3].format(WORDS[label]) for i, label in enumerate(labels)])
    return images, captions, labels


def tiny_text_parts(embedding_dim=8):
    """A tokenizer and a frozen bag-of-words encoder for the toy captions.

    Pattern words get random normal vectors and every other word a zero
    vector, so each pattern's captions share one embedding in any phrasing:
    a clean condition, without training an encoder.
    """
    tokenizer = CaptionTokenizer(VOCABULARY, max_length=MAX_LENGTH)
    ids = keras.Input((MAX_LENGTH,), dtype="int32")
    embedding = keras.layers.Embedding(tokenizer.vocabulary_size(), embedding_dim)
    pooled = MaskedGlobalPooling()([embedding(ids), ids])
    encoder = keras.Model(ids, keras.layers.UnitNormalization(dtype="float32")(pooled), name="bag_of_words")
    vectors = np.zeros((tokenizer.vocabulary_size(), embedding_dim), "float32")
    pattern_ids = tokenizer.encode(list(WORDS))[:, 0]
    vectors[pattern_ids] = np.random.default_rng(0).standard_normal((len(WORDS), embedding_dim))
    embedding.set_weights([vectors])
    return tokenizer, encoder


def tiny_text_gan(**kwargs):
    """A text GAN for 8×8 toy images."""
    from keras_gans.models import TextConditionalGAN

    tokenizer, encoder = tiny_text_parts()
    options = dict(image_shape=(8, 8, 1), latent_dim=4, projection_dim=16, generator_filters=8, discriminator_filters=8, seed=0)
    return TextConditionalGAN(tokenizer, encoder, **{**options, **kwargs})
