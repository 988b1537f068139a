import keras
import numpy as np
import pytest

from keras_gans.metrics import features
from keras_gans.metrics.classifier import image_classifier
from keras_gans.metrics.features import FeatureExtractor, classifier_extractor, inception_extractor


def test_classifier_features_are_what_its_logits_layer_reads():
    classifier = image_classifier((8, 8, 1), num_classes=3)
    extractor = classifier_extractor(classifier)
    images = np.random.default_rng(0).uniform(-1, 1, (5, 8, 8, 1)).astype("float32")
    found = extractor(images, batch_size=2)
    assert found.shape == (5, 128) and found.dtype == np.float64 and "128-d" in extractor.name
    logits_layer = classifier.get_layer("logits")
    np.testing.assert_allclose(
        keras.ops.convert_to_numpy(logits_layer(found.astype("float32"))),
        keras.ops.convert_to_numpy(classifier(images)), rtol=1e-5, atol=1e-5,
    )


def test_images_are_resized_and_made_colour_for_the_network():
    model = keras.Sequential([keras.Input((6, 6, 3)), keras.layers.GlobalAveragePooling2D()])
    extractor = FeatureExtractor(model, name="mean colour")
    gray = np.full((2, 3, 3, 1), 0.5, "float32")
    np.testing.assert_allclose(extractor(gray), 0.5, rtol=1e-6)
    with pytest.raises(ValueError, match="NaN"):
        extractor(np.full((1, 6, 6, 3), np.nan, "float32"))
    with pytest.raises(ValueError, match="shape \\(n, height, width, channels\\)"):
        extractor(np.zeros((2, 6, 6), "float32"))


def test_inception_weights_come_from_a_checked_download_or_a_local_file(server, tmp_path, monkeypatch):
    served, url = server.folder, server.url
    (served / "inception.h5").write_bytes(b"not the weights")
    monkeypatch.setattr(features, "INCEPTION_WEIGHTS_URL", f"{url}/inception.h5")
    with pytest.raises(ValueError, match="not the expected"):
        inception_extractor("imagenet", cache_dir=str(tmp_path / "cache"))
    with pytest.raises(FileNotFoundError, match="weights='imagenet' to download it"):
        inception_extractor(str(tmp_path / "missing.h5"))
