
import keras
import numpy as np
import pytest

from keras_gans.models import GAN, VanillaGAN
from tests.conftest import BACKENDS, run_python, tiny_dcgan, tiny_images


def tiny_vanilla(seed=0):
    # Dropout draws from its own seed generator, which must be saved too.
    return VanillaGAN(data_shape=(8, 8, 1), latent_dim=4, generator_units=(8,), discriminator_units=(8,), maxout_pieces=2, dropout=0.3, seed=seed)


def all_state(gan):
    variables = gan.variables + gan.optimizer.variables
    return [np.array(v.numpy()) for v in variables]


def train(gan, epochs):
    gan.fit(tiny_images(48), batch_size=16, epochs=epochs, verbose=0, shuffle=False)


@pytest.mark.parametrize("build", [tiny_dcgan, tiny_vanilla], ids=["dcgan", "vanilla"])
@pytest.mark.parametrize("extension", [".keras", ".weights.h5"])
def test_resumed_training_matches_uninterrupted(tmp_path, build, extension):
    keras.utils.set_random_seed(11)
    uninterrupted = build(seed=5)
    keras.utils.set_random_seed(11)
    interrupted = build(seed=5)
    for gan in (uninterrupted, interrupted):
        gan.compile(d_steps=2, label_smoothing=0.1)
    train(uninterrupted, 3)
    train(interrupted, 1)

    path = str(tmp_path / f"gan{extension}")
    interrupted.save(path) if extension == ".keras" else interrupted.save_weights(path)
    if extension == ".keras":
        resumed = keras.saving.load_model(path)
    else:
        keras.utils.set_random_seed(99)  # other initial weights: all must be overwritten
        resumed = build(seed=123)
        resumed.compile(d_steps=2, label_smoothing=0.1)
        resumed.load_weights(path)
    assert type(resumed) is type(interrupted)
    assert int(resumed.d_optimizer.iterations.numpy()) == 6
    train(resumed, 2)

    for a, b in zip(all_state(uninterrupted), all_state(resumed)):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-6)


def test_compile_settings_survive_saving(tmp_path):
    gan = tiny_dcgan()
    gan.compile(g_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.3), d_optimizer=keras.optimizers.SGD(0.05), loss="minimax", label_smoothing=0.2, d_steps=3)
    gan.save(tmp_path / "gan.keras")
    loaded = keras.saving.load_model(tmp_path / "gan.keras")
    assert loaded.d_steps == 3
    assert loaded.gan_loss.name == "minimax" and loaded.gan_loss.label_smoothing == pytest.approx(0.2)
    assert isinstance(loaded.d_optimizer, keras.optimizers.SGD)
    assert float(loaded.g_optimizer.beta_1) == pytest.approx(0.3)
    assert loaded.g_optimizer is not loaded.d_optimizer


def test_generic_gan_round_trips_its_networks(tmp_path):
    generator = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)], name="g")
    discriminator = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)], name="d")
    gan = GAN(generator, discriminator, seed=4, data_range=None)
    gan.compile()
    gan.save(tmp_path / "gan.keras")
    loaded = keras.saving.load_model(tmp_path / "gan.keras")
    assert loaded.data_range is None and loaded.latent_dim == 3 and loaded.seed == 4
    np.testing.assert_allclose(loaded.generate(4, seed=0), gan.generate(4, seed=0), atol=1e-6)


def test_weights_from_another_architecture_are_refused(tmp_path):
    gan = tiny_dcgan()
    gan.save_weights(tmp_path / "dcgan.weights.h5")
    other = tiny_vanilla()
    with pytest.raises(ValueError):
        other.load_weights(tmp_path / "dcgan.weights.h5")


LOAD_AND_GENERATE = """
import keras, numpy as np, keras_gans
model = keras.saving.load_model({path!r})
latent = np.load({latent!r})
np.save({out!r}, model.generate(latent=latent))
print(int(model.d_optimizer.iterations.numpy()), int(model.seed_generator.state.numpy()[1]))
"""


def test_file_loads_on_every_other_backend(tmp_path):
    gan = tiny_dcgan()
    gan.compile()
    train(gan, 1)
    path, latent_path = str(tmp_path / "gan.keras"), str(tmp_path / "z.npy")
    gan.save(path)
    latent = np.random.default_rng(0).standard_normal((6, 4)).astype("float32")
    np.save(latent_path, latent)
    expected = gan.generate(latent=latent)
    for other in sorted(set(BACKENDS) - {keras.backend.backend()}):
        out = str(tmp_path / f"{other}.npy")
        printed = run_python(LOAD_AND_GENERATE.format(path=path, latent=latent_path, out=out), other)
        assert printed.split() == ["3", "6"], other  # optimizer and seed state came along
        np.testing.assert_allclose(np.load(out), expected, atol=1e-5, err_msg=other)


def labelled_gans(**options):
    from keras_gans.models import ACGAN, ConditionalGAN, InfoGAN

    small = dict(image_shape=(8, 8, 1), generator_filters=4, discriminator_filters=4, seed=3, **options)
    return {
        "cgan": ConditionalGAN(num_classes=3, latent_dim=4, **small),
        "acgan": ACGAN(num_classes=3, latent_dim=4, **small),
        "infogan": InfoGAN(noise_dim=4, categorical_codes=(3,), continuous_codes=1, **small),
    }


def fit_labelled(gan, epochs):
    images = tiny_images(48)
    labels = np.arange(48) % 3
    gan.fit(images, None if gan.name.startswith("info") else labels, batch_size=16, epochs=epochs, verbose=0, shuffle=False)


@pytest.mark.parametrize("name", ["cgan", "acgan", "infogan"])
def test_conditional_and_infogan_resume_exactly(tmp_path, name):
    keras.utils.set_random_seed(5)
    uninterrupted = labelled_gans()[name]
    keras.utils.set_random_seed(5)
    interrupted = labelled_gans()[name]
    for gan in (uninterrupted, interrupted):
        gan.compile()
    fit_labelled(uninterrupted, 2)
    fit_labelled(interrupted, 1)
    interrupted.save(tmp_path / "gan.keras")
    resumed = keras.saving.load_model(tmp_path / "gan.keras")
    assert type(resumed) is type(interrupted) and resumed.get_config() == interrupted.get_config()
    fit_labelled(resumed, 1)
    for a, b in zip(all_state(uninterrupted), all_state(resumed)):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-6)


LOAD_LABELLED_AND_GENERATE = """
import keras, numpy as np, keras_gans
for name in ("cgan", "acgan", "infogan"):
    model = keras.saving.load_model({directory!r} + "/" + name + ".keras")
    np.save({directory!r} + "/" + name + "-{backend}.npy", model.generate(6, seed=0))
"""


def test_conditional_and_infogan_files_load_on_every_other_backend(tmp_path):
    expected = {}
    for name, gan in labelled_gans().items():
        gan.compile()
        fit_labelled(gan, 1)
        gan.save(tmp_path / f"{name}.keras")
        expected[name] = gan.generate(6, seed=0)
    for other in sorted(set(BACKENDS) - {keras.backend.backend()}):
        run_python(LOAD_LABELLED_AND_GENERATE.format(directory=str(tmp_path), backend=other), other)
        for name, images in expected.items():
            np.testing.assert_allclose(np.load(tmp_path / f"{name}-{other}.npy"), images, atol=1e-5, err_msg=f"{name} on {other}")



@pytest.mark.parametrize("name", ["dcgan", "cgan", "acgan", "infogan"])
def test_base_arguments_given_to_a_prebuilt_model_survive_saving(name):
    # These models build their own networks and save their own
    # hyperparameters; GAN's arguments they pass on must be saved as well.
    if name == "dcgan":
        gan = tiny_dcgan(data_range=(0.0, 1.0))
    else:
        gan = labelled_gans(data_range=(0.0, 1.0))[name]
    assert gan.data_range == (0.0, 1.0)
    assert type(gan).from_config(gan.get_config()).data_range == (0.0, 1.0)
