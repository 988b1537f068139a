import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans.text import CaptionTokenizer
from keras_gans.text.pipeline import with_word_ids


def tokenizer(max_length=4):
    return CaptionTokenizer(["a", "dark", "light", "ankle", "boot"], max_length=max_length)


def test_encode_lowers_strips_punctuation_and_pads():
    ids = tokenizer().encode(["A dark, ankle-boot!", "light boot"])
    vocabulary = tokenizer().get_vocabulary()
    assert ids.dtype == np.int32 and ids.shape == (2, 4)
    assert [vocabulary[i] for i in ids[1]] == ["light", "boot", "", ""]
    # "ankle-boot" loses its hyphen and becomes one unknown word.
    assert [vocabulary[i] for i in ids[0]] == ["a", "dark", "[UNK]", ""]


def test_pipeline_truncates_long_captions_and_encode_refuses_them():
    layer = tokenizer(max_length=2)
    truncated = keras.ops.convert_to_numpy(layer(np.array(["a dark ankle boot"], dtype=object)))
    assert truncated.tolist() == [[2, 3]]
    np.testing.assert_array_equal(layer.encode(["a dark ankle boot"], truncate=True), truncated)
    with pytest.raises(ValueError, match="has 4 words; this model reads at most 2"):
        layer.encode(["a dark ankle boot"])


def test_unknown_words_are_reported():
    assert tokenizer().unknown_words("a purple boot") == ["purple"]
    with pytest.raises(ValueError, match="No word of caption 0 .*vocabulary"):
        tokenizer().encode("purple zebra")


def test_adapted_vocabulary_survives_serialization():
    layer = CaptionTokenizer(max_length=3)
    layer.adapt(["a dark boot", "a light bag"])
    restored = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(layer))
    assert restored.get_vocabulary() == layer.get_vocabulary()
    np.testing.assert_array_equal(restored.encode("a light boot"), layer.encode("a light boot"))


def test_datasets_and_arrays_of_captions_become_ids():
    layer = tokenizer()
    images = np.zeros((4, 2), "float32")
    captions = np.array(["a dark boot", "light boot", "a boot", "dark"])
    x, y = with_word_ids(images, captions, layer)
    np.testing.assert_array_equal(y, layer.encode(captions))
    dataset = tf.data.Dataset.from_tensor_slices((images, captions)).batch(2)
    mapped, _ = with_word_ids(dataset, None, layer)
    batch_images, batch_ids = next(iter(mapped))
    assert batch_ids.dtype == tf.int32
    np.testing.assert_array_equal(batch_ids.numpy(), y[:2])
    # Ids pass through unchanged.
    assert with_word_ids(images, y, layer)[1] is y
