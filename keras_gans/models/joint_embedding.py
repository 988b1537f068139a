"""A joint embedding of captions and images, to give a text-conditioned GAN
its text encoder (Reed et al. 2016 pretrain theirs the same way)."""

import keras
import numpy as np
from keras import ops

from keras_gans.networks.text_encoder import image_encoder as build_image_encoder
from keras_gans.networks.text_encoder import text_encoder as build_text_encoder
from keras_gans.text.pipeline import with_word_ids
from keras_gans.utils.batching import predict_in_batches


def symmetric_contrastive_loss(image_embeddings, text_embeddings, temperature=0.1):
    """Cross-entropy of matching each image to its caption and each caption to its image.

    Row i of both inputs is a matching pair; every other row of the batch is
    a non-matching one. Embeddings are unit vectors, so the logits are
    cosine similarities over `temperature`.
    """
    image_embeddings = ops.cast(image_embeddings, "float32")
    text_embeddings = ops.cast(text_embeddings, "float32")
    logits = ops.matmul(image_embeddings, ops.transpose(text_embeddings)) / temperature
    targets = ops.arange(ops.shape(logits)[0])
    image_to_text = keras.losses.sparse_categorical_crossentropy(targets, logits, from_logits=True)
    text_to_image = keras.losses.sparse_categorical_crossentropy(targets, ops.transpose(logits), from_logits=True)
    return 0.5 * (ops.mean(image_to_text) + ops.mean(text_to_image))


@keras.saving.register_keras_serializable(package="keras_gans")
class JointEmbedding(keras.Model):
    """A caption encoder and an image encoder trained to agree.

    Trained with `fit` on `(images, captions)` pairs (a `tf.data.Dataset`,
    or arrays `x=images, y=captions`): a symmetric contrastive loss pulls
    each caption's embedding towards its image's and away from the other
    images' of the batch. The text side (`tokenizer` + `text_encoder`) is
    then frozen and conditions a `TextConditionalGAN`.

    Args:
        tokenizer: a `CaptionTokenizer` with its vocabulary.
        image_shape: `(height, width, channels)` of the images.
        embedding_dim: size of both embeddings.
        temperature: the softmax temperature of the loss.
        text_encoder, image_encoder: networks to use instead of building
            `keras_gans.networks.text_encoder` / `image_encoder`.

    Example:

    >>> import numpy as np
    >>> from keras_gans.text import CaptionTokenizer
    >>> tokenizer = CaptionTokenizer(["a", "dark", "light", "boot"], max_length=4)
    >>> model = JointEmbedding(tokenizer, image_shape=(8, 8, 1), embedding_dim=8)
    >>> model.compile(optimizer="adam")
    >>> images = np.random.uniform(-1, 1, (8, 8, 8, 1)).astype("float32")
    >>> captions = np.array(["a dark boot", "a light boot"] * 4)
    >>> _ = model.fit(images, captions, batch_size=4, verbose=0)
    >>> model.encode_text(["a dark boot"]).shape
    (1, 8)
    """

    def __init__(
        self,
        tokenizer,
        image_shape=(28, 28, 1),
        embedding_dim=256,
        temperature=0.1,
        text_encoder=None,
        image_encoder=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.tokenizer = tokenizer
        self.image_shape = tuple(image_shape)
        self.embedding_dim = int(embedding_dim)
        self.temperature = float(temperature)
        self.text_encoder = text_encoder or build_text_encoder(
            tokenizer.vocabulary_size(), tokenizer.max_length, self.embedding_dim
        )
        self.image_encoder = image_encoder or build_image_encoder(self.image_shape, self.embedding_dim)

    def call(self, inputs, training=False):
        images, ids = inputs
        return (
            self.image_encoder(images, training=training),
            self.text_encoder(ids, training=training),
        )

    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        image_embeddings, text_embeddings = y_pred
        return symmetric_contrastive_loss(image_embeddings, text_embeddings, self.temperature)

    def fit(self, x=None, y=None, *args, **kwargs):
        """`keras.Model.fit` on `(images, captions)` pairs."""
        return super().fit(*_as_pairs(*with_word_ids(x, y, self.tokenizer)), *args, **kwargs)

    def encode_text(self, captions, batch_size=256):
        """Caption embeddings, as NumPy, for captions checked by `tokenizer.encode`."""
        ids = self.tokenizer.encode(captions)
        return predict_in_batches(self.text_encoder, ids, batch_size)

    def encode_images(self, images, batch_size=256):
        """Image embeddings, as NumPy, for images in [-1, 1]."""
        return predict_in_batches(self.image_encoder, np.asarray(images, "float32"), batch_size)

    def get_config(self):
        return {
            "name": self.name,
            "tokenizer": keras.saving.serialize_keras_object(self.tokenizer),
            "image_shape": self.image_shape,
            "embedding_dim": self.embedding_dim,
            "temperature": self.temperature,
            "text_encoder": keras.saving.serialize_keras_object(self.text_encoder),
            "image_encoder": keras.saving.serialize_keras_object(self.image_encoder),
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        for key in ("tokenizer", "text_encoder", "image_encoder"):
            config[key] = keras.saving.deserialize_keras_object(config[key], custom_objects=custom_objects)
        return cls(**config)


def _as_pairs(x, y):
    """Makes `(images, ids)` the model's input, so `fit` passes no targets."""
    import tensorflow as tf

    if isinstance(x, tf.data.Dataset):
        return x.map(lambda images, ids, *rest: ((images, ids),)), None
    if y is None:
        return x, None
    return (x, y), None
