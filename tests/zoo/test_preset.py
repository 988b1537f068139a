import json
import os

import keras
import numpy as np
import pytest

from keras_gans import models, zoo
from keras_gans.version import __version__
from tests.conftest import tiny_dcgan, tiny_images


def tiny_models():
    return {
        "vanilla": models.VanillaGAN(data_shape=(2,), latent_dim=2, generator_units=(8,), discriminator_units=(8,),
                                     output_activation=None, seed=0),
        "dcgan": tiny_dcgan(),
        "cgan": models.ConditionalGAN(num_classes=3, image_shape=(8, 8, 1), latent_dim=4, generator_filters=4,
                                      discriminator_filters=4, seed=0),
        "infogan": models.InfoGAN(image_shape=(8, 8, 1), noise_dim=4, generator_filters=4, discriminator_filters=4,
                                  seed=0),
    }


@pytest.mark.parametrize("kind", ["vanilla", "dcgan", "cgan", "infogan"])
def test_a_preset_round_trips_generation_and_compile_settings(kind, tmp_path):
    gan = tiny_models()[kind]
    gan.compile(loss="minimax", d_steps=2)
    files = zoo.save_preset(gan, tmp_path, {"dataset": "toy"})
    assert sorted(os.listdir(tmp_path)) == sorted(files)
    loaded = zoo.load_preset(tmp_path)
    assert type(loaded) is type(gan) and loaded.d_steps == 2 and loaded.gan_loss.name == "minimax"
    # float16 storage: three significant digits of every weight survive.
    np.testing.assert_allclose(loaded.generate(5, seed=3), gan.generate(5, seed=3), atol=2e-3)
    metadata = json.load(open(tmp_path / "metadata.json"))
    assert metadata["keras_gans_version"] == __version__ and metadata["dataset"] == "toy"
    assert metadata["parameters"]["generator"] == gan.generator.count_params()


def test_float32_storage_is_exact(tmp_path):
    gan = tiny_dcgan()
    zoo.save_preset(gan, tmp_path, weights_dtype="float32")
    np.testing.assert_array_equal(zoo.load_preset(tmp_path).generate(4, seed=0), gan.generate(4, seed=0))


def test_a_generator_only_load_reads_no_discriminator_and_refuses_to_train(tmp_path):
    gan = tiny_dcgan()
    zoo.save_preset(gan, tmp_path)
    os.remove(tmp_path / "discriminator.weights.h5")
    generator_only = zoo.load_preset(tmp_path, generator_only=True)
    np.testing.assert_allclose(generator_only.generate(3, seed=0), gan.generate(3, seed=0), atol=2e-3)
    generator_only.compile()
    with pytest.raises(RuntimeError, match="generator_only=False to train"):
        generator_only.fit(tiny_images(), batch_size=8, epochs=1, verbose=0)
    with pytest.raises(ValueError, match="discriminator.weights.h5 cannot be read"):
        zoo.load_preset(tmp_path)


def test_a_generator_ema_preset_samples_from_the_moving_average(tmp_path):
    gan = tiny_models()["vanilla"]
    gan.compile(g_optimizer=keras.optimizers.Adam(0.05), generator_ema=0.5)
    gan.fit(np.random.default_rng(0).normal(size=(64, 2)).astype("float32"), batch_size=16, epochs=2, verbose=0)
    latent = gan.draw_latent(3, seed=0)
    raw = keras.ops.convert_to_numpy(gan.generator(latent))
    assert np.abs(gan.generate(latent=latent) - raw).max() > 1e-2  # the average is not the generator
    assert "ema_generator.weights.h5" in zoo.save_preset(gan, tmp_path, weights_dtype="float32")
    for generator_only in (False, True):
        loaded = zoo.load_preset(tmp_path, generator_only=generator_only)
        assert loaded.generator_ema == 0.5
        np.testing.assert_array_equal(loaded.generate(latent=latent), gan.generate(latent=latent))
        np.testing.assert_array_equal(keras.ops.convert_to_numpy(loaded.generator(latent)), raw)


def test_a_plain_keras_model_is_stored_whole(tmp_path):
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    assert zoo.save_preset(model, tmp_path)[0] == "model.weights.h5"
    data = np.ones((2, 3), "float32")
    np.testing.assert_allclose(zoo.load_preset(tmp_path).predict(data, verbose=0), model.predict(data, verbose=0),
                               atol=2e-3)


def test_a_newer_preset_and_a_corrupted_file_are_explained(tmp_path):
    zoo.save_preset(tiny_dcgan(), tmp_path)
    (tmp_path / "generator.weights.h5").write_bytes(b"not hdf5")
    with pytest.raises(ValueError, match="generator.weights.h5 cannot be read.*corrupted"):
        zoo.load_preset(tmp_path, generator_only=True)
    config = json.load(open(tmp_path / "config.json"))
    config["keras_gans_version"] = "99.0.0"
    (tmp_path / "config.json").write_text(json.dumps(config))
    with pytest.raises(ValueError, match="made by keras-gans 99.0.0, newer than the installed"):
        zoo.load_preset(tmp_path)
    (tmp_path / "config.json").write_text("{half")
    with pytest.raises(ValueError, match="config.json is not valid JSON"):
        zoo.load_preset(tmp_path)


def test_weights_outside_the_declared_networks_are_refused(tmp_path):
    gan = tiny_dcgan()
    gan.extra_scale = gan.add_weight(shape=(), initializer="ones", name="extra_scale")
    with pytest.raises(ValueError, match="weights outside its preset networks"):
        zoo.save_preset(gan, tmp_path)
    assert not os.listdir(tmp_path)


def test_from_preset_checks_the_class(tmp_path):
    zoo.save_preset(tiny_dcgan(), tmp_path)
    assert isinstance(models.DCGAN.from_preset(str(tmp_path)), models.DCGAN)
    with pytest.raises(ValueError, match="holds a DCGAN, not a ConditionalGAN"):
        models.ConditionalGAN.from_preset(str(tmp_path))


def test_a_text_gan_preset_keeps_its_text_encoder_and_vocabulary(tmp_path):
    from tests.models.captioned_toy import tiny_text_gan

    gan = tiny_text_gan()
    files = zoo.save_preset(gan, tmp_path)
    assert "text_encoder.weights.h5" in files
    os.remove(tmp_path / "discriminator.weights.h5")
    loaded = zoo.load_preset(tmp_path, generator_only=True)
    captions = ["a dark shirt", "a light bag"]
    np.testing.assert_allclose(loaded.embed_text(captions), gan.embed_text(captions), atol=2e-3)
    np.testing.assert_allclose(loaded.generate_from_text(captions, seed=0), gan.generate_from_text(captions, seed=0),
                               atol=5e-3)
