import keras
import numpy as np
import pytest

from keras_gans.metrics import image_classifier, load_classifier, predict_classes


def separable_images(n=64, shape=(8, 8, 1)):
    """Two classes of constant images: -0.5 is class 0, +0.5 is class 1."""
    labels = np.arange(n) % 2
    images = np.where(labels[:, None, None, None] == 1, 0.5, -0.5) * np.ones((n, *shape))
    return images.astype("float32"), labels.astype("int32")


def trained_tiny_classifier():
    images, labels = separable_images()
    model = image_classifier(image_shape=(8, 8, 1), num_classes=2)
    model.compile(
        optimizer=keras.optimizers.Adam(1e-2),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    )
    model.fit(images, labels, batch_size=16, epochs=5, verbose=0)
    return model


def test_classifier_outputs_float32_logits_per_class():
    model = image_classifier()
    assert model.input_shape == (None, 28, 28, 1)
    logits = model(np.zeros((3, 28, 28, 1), "float32"))
    assert tuple(logits.shape) == (3, 10)
    assert keras.backend.standardize_dtype(logits.dtype) == "float32"


def test_classifier_rejects_bad_shapes():
    with pytest.raises(ValueError, match="height, width, channels"):
        image_classifier(image_shape=(28, 28))
    with pytest.raises(ValueError, match="at least 2"):
        image_classifier(num_classes=1)


def test_predict_classes_learns_separable_classes():
    model = trained_tiny_classifier()
    images, labels = separable_images(n=10)
    predicted = predict_classes(model, images, batch_size=4)
    assert predicted.dtype == np.int32 and predicted.shape == (10,)
    np.testing.assert_array_equal(predicted, labels)


def test_predict_classes_accepts_backend_tensors_and_no_images():
    model = image_classifier(image_shape=(8, 8, 1), num_classes=3)
    images = keras.random.uniform((5, 8, 8, 1), minval=-1, maxval=1)
    expected = predict_classes(model, keras.ops.convert_to_numpy(images))
    np.testing.assert_array_equal(predict_classes(model, images), expected)
    assert predict_classes(model, np.zeros((0, 8, 8, 1), "float32")).shape == (0,)


def test_load_classifier_names_the_training_script(tmp_path):
    missing = tmp_path / "nowhere.keras"
    with pytest.raises(FileNotFoundError, match="train_classifier") as error:
        load_classifier(missing)
    assert str(missing) in str(error.value)


def test_save_and_load_keep_predictions(tmp_path):
    model = trained_tiny_classifier()
    path = tmp_path / "classifier.keras"
    model.save(path)
    loaded = load_classifier(path)
    images = np.random.default_rng(0).uniform(-1, 1, (12, 8, 8, 1)).astype("float32")
    np.testing.assert_allclose(loaded.predict(images, verbose=0), model.predict(images, verbose=0), atol=1e-5)
    np.testing.assert_array_equal(predict_classes(loaded, images), predict_classes(model, images))
