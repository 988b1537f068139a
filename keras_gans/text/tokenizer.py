"""Captions → fixed-length sequences of word ids, checked before they reach a model."""

import re

import keras
import numpy as np

# The punctuation Keras' `TextVectorization` strips ("lower_and_strip_punctuation").
_PUNCTUATION = re.compile(r"[!\"#$%&()\*\+,\-\./:;<=>?@\[\\\]^_`{|}~']")
PADDING_ID, UNKNOWN_ID = 0, 1


@keras.saving.register_keras_serializable(package="keras_gans")
class CaptionTokenizer(keras.layers.TextVectorization):
    """Turns captions into word ids: lower case, punctuation stripped, split
    on whitespace, padded or truncated to `max_length` words.

    A `TextVectorization` with those settings, so it runs inside a `tf.data`
    pipeline on every backend; string tensors never reach a jitted train
    step. Id 0 is padding and id 1 an unknown word. Called on a batch (in
    a pipeline) it truncates captions longer than `max_length` words;
    `encode`, for captions typed by a person, checks them first and raises a
    clear error for an empty caption, a non-string, a caption of unknown
    words only, or one longer than `max_length`.

    Args:
        vocabulary: a list of words, or None to `adapt` it to captions.
        max_length: words per caption after padding/truncation.
        **kwargs: passed to `TextVectorization` (e.g. `name`).

    Example:

    >>> tokenizer = CaptionTokenizer(vocabulary=["a", "dark", "boot"], max_length=4)
    >>> tokenizer.encode(["A dark boot.", "a boot"]).tolist()
    [[2, 3, 4, 0], [2, 4, 0, 0]]
    """

    def __init__(self, vocabulary=None, max_length=16, **kwargs):
        for fixed in ("standardize", "split", "output_mode", "output_sequence_length"):
            kwargs.pop(fixed, None)
        super().__init__(
            vocabulary=vocabulary,
            standardize="lower_and_strip_punctuation",
            split="whitespace",
            output_mode="int",
            output_sequence_length=int(max_length),
            **kwargs,
        )
        self.max_length = int(max_length)
        # Nothing to build (the vocabulary is a lookup table, not a weight);
        # a model holding an unbuilt layer would trace itself before `fit`.
        self.built = self._lookup_layer.built = True

    def encode(self, captions, truncate=False):
        """Checks captions and returns their ids as an int32 NumPy array.

        Args:
            captions: a string, or a list / array of strings.
            truncate: cut captions longer than `max_length` words instead of
                raising an error (what the pipeline does).

        Returns:
            An int32 array of shape `(len(captions), max_length)`.
        """
        captions = check_captions(captions)
        known = set(self.get_vocabulary()[2:])
        for index, caption in enumerate(captions):
            words = split_words(caption)
            if not truncate and len(words) > self.max_length:
                raise ValueError(
                    f"Caption {index} ({caption!r}) has {len(words)} words; this model reads at "
                    f"most {self.max_length}. Shorten it, or pass truncate=True to keep the first "
                    f"{self.max_length}."
                )
            if not any(word in known for word in words[: self.max_length]):
                sample = ", ".join(sorted(known)[:12])
                raise ValueError(
                    f"No word of caption {index} ({caption!r}) is in the model's vocabulary of "
                    f"{len(known)} words, so it would condition on nothing. Use words such as: "
                    f"{sample}, …"
                )
        ids = self(np.asarray(captions, dtype=object))
        return keras.ops.convert_to_numpy(ids).astype("int32")

    def unknown_words(self, caption):
        """The words of `caption` that are not in the vocabulary."""
        known = set(self.get_vocabulary())
        return [word for word in split_words(caption) if word not in known]

    def get_config(self):
        config = super().get_config()
        for fixed in ("standardize", "split", "output_mode", "output_sequence_length", "vocabulary_size"):
            config.pop(fixed, None)
        # The words themselves, also after `adapt`, so the config alone rebuilds it.
        vocabulary = [str(word) for word in self.get_vocabulary()[2:]] or None
        return {**config, "vocabulary": vocabulary, "max_length": self.max_length}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def split_words(caption):
    """The words `CaptionTokenizer` sees in a caption."""
    return _PUNCTUATION.sub("", caption.lower()).split()


def check_captions(captions):
    """Returns `captions` as a list of non-empty strings, or raises a clear error."""
    if isinstance(captions, (str, bytes)):
        captions = [captions]
    if isinstance(captions, np.ndarray):
        captions = captions.reshape(-1).tolist()
    try:
        captions = list(captions)
    except TypeError:
        raise TypeError(
            f"Captions must be a string or a list of strings, got {type(captions).__name__}."
        ) from None
    if not captions:
        raise ValueError("No captions were given; pass at least one string.")
    checked = []
    for index, caption in enumerate(captions):
        if isinstance(caption, bytes):
            caption = caption.decode("utf-8")
        if not isinstance(caption, str):
            raise TypeError(
                f"Caption {index} is a {type(caption).__name__} ({caption!r}), not a string. "
                "Pass captions as text, e.g. ['a dark ankle boot']."
            )
        if not split_words(caption):
            raise ValueError(f"Caption {index} ({caption!r}) has no words; write what to draw.")
        checked.append(caption)
    return checked
