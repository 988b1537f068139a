import keras
import numpy as np
import pytest

from keras_gans.metrics.gan_train_test import gan_test_accuracy, gan_train_accuracy
from tests.metrics.brightness_classifier import CENTRES, brightness_classifier
from tests.models.labelled_toy import labelled_images


def linear_classifier(image_shape, num_classes):
    """Logistic regression on the pixels, left uncompiled."""
    return keras.Sequential(
        [keras.Input(image_shape), keras.layers.Flatten(), keras.layers.Dense(num_classes)]
    )


def compiled_linear_classifier(image_shape, num_classes):
    model = linear_classifier(image_shape, num_classes)
    model.compile(
        optimizer=keras.optimizers.Adam(1e-2),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    )
    return model


def test_gan_test_is_the_fraction_classified_as_requested():
    shown = np.array([0, 1, 2, 2, 1, 0, 0, 1, 2, 1])
    images = np.broadcast_to(CENTRES[shown][:, None, None, None], (10, 8, 8, 1)).astype("float32")
    requested = shown.copy()
    requested[[1, 4, 8]] = [0, 2, 0]
    assert gan_test_accuracy(brightness_classifier(), images, requested) == pytest.approx(0.7)
    assert gan_test_accuracy(brightness_classifier(), keras.ops.convert_to_tensor(images), shown) == 1.0


def test_gan_test_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="one entry per sample, got 4 and 3"):
        gan_test_accuracy(brightness_classifier(), np.zeros((4, 8, 8, 1)), [0, 1, 2])


def test_gan_train_on_real_data_scores_high_on_real_test_data():
    images, labels = labelled_images(192, seed=0)
    test_images, test_labels = labelled_images(96, seed=1)
    accuracy = gan_train_accuracy(
        images, labels, test_images, test_labels, num_classes=3, epochs=3, batch_size=32,
        build_classifier=compiled_linear_classifier,
    )
    assert accuracy > 0.9


def test_gan_train_on_shuffled_labels_is_near_chance():
    images, labels = labelled_images(192, seed=0)
    test_images, test_labels = labelled_images(96, seed=1)
    shuffled = np.random.default_rng(0).permutation(labels)
    accuracy = gan_train_accuracy(
        images, shuffled, test_images, test_labels, num_classes=3, epochs=3, batch_size=32,
        build_classifier=compiled_linear_classifier,
    )
    assert accuracy < 0.6


def test_gan_train_compiles_an_uncompiled_classifier_and_is_reproducible():
    images, labels = labelled_images(96, seed=0)
    test_images, test_labels = labelled_images(48, seed=1)
    options = dict(num_classes=3, epochs=4, batch_size=16, seed=3, build_classifier=linear_classifier)
    first = gan_train_accuracy(images, labels, test_images, test_labels, **options)
    second = gan_train_accuracy(images, labels, test_images, test_labels, **options)
    # 24 steps at Adam's default 1e-3: well above chance (1/3), not yet converged.
    assert first == second and first > 0.5


def test_gan_train_builds_image_classifier_by_default(monkeypatch):
    # The real CNN takes seconds to compile under JAX; a spy in its place
    # checks that the default path asks for it with the right arguments.
    calls = []

    def spy(image_shape, num_classes):
        calls.append((image_shape, num_classes))
        return linear_classifier(image_shape, num_classes)

    monkeypatch.setattr("keras_gans.metrics.gan_train_test.image_classifier", spy)
    images, labels = labelled_images(24, seed=0)
    accuracy = gan_train_accuracy(images, labels, images[:6], labels[:6], num_classes=3, epochs=1)
    assert calls == [((8, 8, 1), 3)] and 0.0 <= accuracy <= 1.0


def test_gan_train_rejects_bad_inputs():
    images, labels = labelled_images(12, seed=0)
    shapes = r"generated images have shape \(8, 8, 1\) but test images \(4, 4, 1\)"
    with pytest.raises(ValueError, match=shapes):
        gan_train_accuracy(images, labels, np.zeros((3, 4, 4, 1)), [0, 1, 2], num_classes=3)
    with pytest.raises(ValueError, match="test labels must lie in"):
        gan_train_accuracy(images, labels, images, labels + 1, num_classes=3)
    with pytest.raises(ValueError, match="generated images and generated labels .* got 12 and 11"):
        gan_train_accuracy(images, labels[:-1], images, labels, num_classes=3)
    with pytest.raises(ValueError, match="argmax"):
        gan_train_accuracy(images, np.eye(3)[labels], images, labels, num_classes=3)
    with pytest.raises(ValueError, match=r"\(n, height, width, channels\)"):
        gan_train_accuracy(images[..., 0], labels, images, labels, num_classes=3)
