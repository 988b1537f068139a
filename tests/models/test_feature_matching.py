import keras
import numpy as np
import pytest

from tests.conftest import tiny_dcgan, tiny_images
from tests.models.labelled_toy import labelled_images
from tests.models.test_conditional_gan import tiny_cgan


def numpy(x):
    return keras.ops.convert_to_numpy(x)


def test_the_feature_matching_loss_by_hand():
    gan = tiny_dcgan()
    gan.compile(feature_matching="flatten")
    real, fake = tiny_images(8, seed=1), tiny_images(8, seed=2)
    features = keras.Model(gan.discriminator.inputs[0], gan.discriminator.get_layer("flatten").output)
    expected = np.sum((numpy(features(real)).mean(0) - numpy(features(fake)).mean(0)) ** 2)
    loss = numpy(gan._feature_matching_loss(real, None, fake, None))
    assert loss == pytest.approx(expected, rel=1e-4)


def test_feature_matching_replaces_the_generator_s_adversarial_loss():
    images = tiny_images(32)
    histories = {}
    for matching in (None, True):
        gan = tiny_dcgan()
        gan.compile(feature_matching=matching)
        histories[matching] = gan.fit(images, batch_size=16, epochs=1, verbose=0, shuffle=False).history
        assert int(gan.g_optimizer.iterations) == 2
    # Same run, same discriminator losses on the first step; only g_loss differs.
    assert histories[True]["g_loss"] != pytest.approx(histories[None]["g_loss"], rel=1e-3)
    assert np.isfinite(histories[True]["g_loss"]).all() and histories[True]["g_loss"][0] >= 0


def test_a_conditional_gan_matches_features_and_saves_the_setting(tmp_path):
    gan = tiny_cgan()
    gan.compile(feature_matching=True)
    images, labels = labelled_images(32)
    before = [numpy(w).copy() for w in gan.generator.trainable_weights]
    gan.fit(images, labels, batch_size=16, epochs=1, verbose=0)
    assert any(not np.allclose(b, numpy(w)) for b, w in zip(before, gan.generator.trainable_weights))
    gan.save(tmp_path / "gan.keras")
    restored = keras.saving.load_model(tmp_path / "gan.keras")
    assert restored.feature_matching is True
    np.testing.assert_allclose(
        restored.generate(labels=[0, 1], seed=0), gan.generate(labels=[0, 1], seed=0), atol=1e-5
    )


def test_an_unknown_feature_layer_is_explained():
    with pytest.raises(ValueError, match="Did you mean 'flatten'"):
        tiny_dcgan().compile(feature_matching="flaten")
