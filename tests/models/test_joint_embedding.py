import keras
import numpy as np

from keras_gans.models import JointEmbedding
from keras_gans.models.joint_embedding import symmetric_contrastive_loss
from keras_gans.networks import image_encoder, text_encoder
from tests.models.captioned_toy import MAX_LENGTH, WORDS, captioned_images, tiny_text_parts


def test_contrastive_loss_is_log_batch_for_identical_embeddings_and_small_for_matched_ones():
    same = np.ones((8, 4), "float32") / 2.0
    np.testing.assert_allclose(float(symmetric_contrastive_loss(same, same)), np.log(8), rtol=1e-5)
    matched = np.eye(4, dtype="float32")
    assert float(symmetric_contrastive_loss(matched, matched, temperature=0.05)) < 1e-6
    assert float(symmetric_contrastive_loss(matched, matched[::-1], temperature=0.05)) > 10


def test_training_brings_each_caption_nearest_to_its_own_images():
    tokenizer, _ = tiny_text_parts()
    model = JointEmbedding(
        tokenizer, image_shape=(8, 8, 1), embedding_dim=8,
        text_encoder=text_encoder(tokenizer.vocabulary_size(), MAX_LENGTH, 8, token_dim=4, filters=8),
        image_encoder=image_encoder((8, 8, 1), embedding_dim=8, filters=4),
    )
    model.compile(optimizer=keras.optimizers.Adam(3e-3))
    images, captions, labels = captioned_images(96, seed=1)
    history = model.fit(images, captions, batch_size=32, epochs=20, verbose=0)
    # Three classes per batch of 32: from log(32) ≈ 3.47 towards log(32 / 3) ≈ 2.37.
    assert history.history["loss"][-1] < 2.8 < history.history["loss"][0]
    test_images, _, test_labels = captioned_images(60, seed=2)
    similarity = model.encode_text([f"the {word}" for word in WORDS]) @ model.encode_images(test_images).T
    retrieved = np.argmax(similarity, axis=0)  # the caption each image is closest to
    assert np.mean(retrieved == test_labels) > 0.8


def test_saving_keeps_both_encoders_and_the_vocabulary(tmp_path):
    tokenizer, _ = tiny_text_parts()
    model = JointEmbedding(tokenizer, image_shape=(8, 8, 1), embedding_dim=8)
    model.save(tmp_path / "joint.keras")
    restored = keras.saving.load_model(tmp_path / "joint.keras")
    np.testing.assert_allclose(restored.encode_text(["the top"]), model.encode_text(["the top"]), atol=1e-6)
    images = captioned_images(4)[0]
    np.testing.assert_allclose(restored.encode_images(images), model.encode_images(images), atol=1e-6)
    assert restored.tokenizer.get_vocabulary() == tokenizer.get_vocabulary()
