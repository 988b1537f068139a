import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans.models import ACGAN, ConditionalGAN
from keras_gans.networks import conditional_dcgan_discriminator, conditional_dcgan_generator
from tests.models.labelled_toy import labelled_images, nearest_template


def fast_adam():
    return keras.optimizers.Adam(1e-3, beta_1=0.5)


def tiny_cgan(**kwargs):
    options = dict(num_classes=3, image_shape=(8, 8, 1), latent_dim=4, generator_filters=8, discriminator_filters=8, seed=0)
    return ConditionalGAN(**{**options, **kwargs})


def tiny_acgan(**kwargs):
    options = dict(num_classes=3, image_shape=(8, 8, 1), latent_dim=4, generator_filters=8, discriminator_filters=8, seed=0)
    return ACGAN(**{**options, **kwargs})


BUILDERS = {
    "projection": tiny_cgan,
    "concat": lambda: tiny_cgan(discriminator_conditioning="concat"),
    "embedding": lambda: tiny_cgan(embedding_dim=5),
    "mlp": lambda: tiny_cgan(architecture="mlp"),
    "acgan": tiny_acgan,
}


@pytest.mark.parametrize("name", BUILDERS)
def test_the_generator_draws_what_the_label_asks_for(name):
    gan = BUILDERS[name]()
    latent = gan.draw_latent(4, seed=0)
    images = [gan.generate(latent=latent, label=label) for label in range(3)]
    for a in range(3):
        for b in range(a + 1, 3):
            assert np.abs(images[a] - images[b]).max() > 1e-4, (a, b)
    # The same label and noise give the same image.
    np.testing.assert_array_equal(images[1], gan.generate(latent=latent, label=1))


@pytest.mark.parametrize("name", ["projection", "concat"])
def test_the_discriminator_reads_the_label(name):
    gan = BUILDERS[name]()
    images = labelled_images(6)[0]
    logits = [np.asarray(gan.discriminator.predict_on_batch([images, np.full(6, k)])) for k in range(3)]
    assert np.abs(logits[0] - logits[1]).max() > 1e-6 and np.abs(logits[1] - logits[2]).max() > 1e-6


@pytest.mark.parametrize("build", [tiny_cgan, tiny_acgan], ids=["projection", "acgan"])
def test_short_training_draws_the_requested_classes(build):
    images, labels = labelled_images()
    gan = build()
    gan.compile(g_optimizer=fast_adam(), d_optimizer=fast_adam())
    history = gan.fit(images, labels, batch_size=32, epochs=6, verbose=0)
    requested = np.arange(300) % 3
    accuracy = np.mean(nearest_template(gan.generate(requested, seed=1)) == requested)
    assert accuracy > 0.8, accuracy  # chance is 1/3
    if isinstance(gan, ACGAN):
        assert history.history["d_class_loss"][-1] < history.history["d_class_loss"][0]


def test_generate_forms():
    gan = tiny_cgan()
    latent = gan.draw_latent(5, seed=3)
    by_list = gan.generate([2, 2, 2, 2, 2], seed=3)
    np.testing.assert_array_equal(by_list, gan.generate(5, label=2, seed=3))
    np.testing.assert_array_equal(by_list, gan.generate(latent=latent, labels=np.full(5, 2)))
    cycled = gan.generate(latent=latent)
    np.testing.assert_allclose(cycled[3], gan.generate(latent=latent[3:4], label=0)[0], atol=1e-6)


def test_fit_takes_a_dataset_of_pairs():
    images, labels = labelled_images(64)
    gan = tiny_cgan()
    gan.compile()
    dataset = tf.data.Dataset.from_tensor_slices((images, labels[:, None])).batch(16)
    history = gan.fit(dataset, epochs=1, verbose=0)
    assert np.isfinite(history.history["g_loss"]).all()


@pytest.mark.parametrize(
    "labels, message",
    [
        (np.arange(64) % 4, r"3 classes.*num_classes=4"),
        (-(np.arange(64) % 2), r"\[-1, 0\]"),
        (np.eye(64)[:, :3], "argmax"),
    ],
)
def test_bad_labels_are_refused_before_training(labels, message):
    gan = tiny_cgan()
    gan.compile()
    with pytest.raises(ValueError, match=message):
        gan.fit(labelled_images(64)[0], labels, batch_size=16, verbose=0)
    assert int(gan.d_optimizer.iterations.numpy()) == 0


def test_missing_labels_are_explained():
    gan = tiny_cgan()
    gan.compile()
    images = labelled_images(32)[0]
    with pytest.raises(ValueError, match=r"needs class labels: fit\(images, labels\)"):
        gan.fit(images, batch_size=16, verbose=0)
    with pytest.raises(ValueError, match="needs class labels"):
        gan.fit(tf.data.Dataset.from_tensor_slices(images).batch(16), verbose=0)


def test_bad_requests_are_explained():
    gan = tiny_cgan()
    with pytest.raises(ValueError, match="num_classes=4"):
        gan.generate([0, 3])
    with pytest.raises(ValueError, match="labels or label"):
        gan.generate(2, labels=[0, 1], label=1)
    with pytest.raises(ValueError, match="architecture"):
        tiny_cgan(architecture="resnet")
    with pytest.raises(ValueError, match="conditioning"):
        tiny_cgan(discriminator_conditioning="film")
    with pytest.raises(ValueError, match="num_classes"):
        tiny_cgan(num_classes=1)


def test_networks_given_directly_round_trip(tmp_path):
    generator = conditional_dcgan_generator(4, 3, (8, 8, 1), filters=4)
    discriminator = conditional_dcgan_discriminator((8, 8, 1), 3, filters=4)
    gan = ConditionalGAN(num_classes=3, generator=generator, discriminator=discriminator, seed=2)
    gan.compile()
    gan.save(tmp_path / "cgan.keras")
    loaded = keras.saving.load_model(tmp_path / "cgan.keras")
    assert loaded.num_classes == 3 and loaded.latent_dim == 4
    np.testing.assert_allclose(loaded.generate(6, seed=0), gan.generate(6, seed=0), atol=1e-6)
