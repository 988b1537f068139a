import keras
import numpy as np

from keras_gans.networks import MaskedGlobalPooling, text_encoder


def test_pooling_ignores_padding_and_what_sits_there():
    features = np.random.default_rng(0).normal(size=(2, 5, 3)).astype("float32")
    ids = np.array([[4, 2, 0, 0, 0], [4, 2, 0, 0, 0]])
    features[1] = features[0]
    features[1, 2:] = 100.0  # garbage at padded positions
    pooled = keras.ops.convert_to_numpy(MaskedGlobalPooling()([features, ids]))
    np.testing.assert_allclose(pooled[0], pooled[1], rtol=1e-6)
    np.testing.assert_allclose(pooled[0, :3], features[0, :2].mean(axis=0), rtol=1e-6)
    np.testing.assert_allclose(pooled[0, 3:], features[0, :2].max(axis=0), rtol=1e-6)
    empty = keras.ops.convert_to_numpy(MaskedGlobalPooling()([features, np.zeros_like(ids)]))
    np.testing.assert_array_equal(empty, 0.0)


def test_text_encoder_gives_unit_vectors_that_do_not_depend_on_padding_length():
    encoder = text_encoder(vocabulary_size=12, max_length=6, embedding_dim=8, token_dim=4, filters=8)
    ids = np.array([[3, 5, 7, 0, 0, 0], [3, 5, 7, 0, 0, 0], [7, 5, 3, 0, 0, 0]])
    embeddings = np.asarray(encoder.predict_on_batch(ids))
    np.testing.assert_allclose(np.linalg.norm(embeddings, axis=1), 1.0, rtol=1e-5)
    np.testing.assert_allclose(embeddings[0], embeddings[1], rtol=1e-6)
    assert np.abs(embeddings[0] - embeddings[2]).max() > 1e-4  # word order matters
