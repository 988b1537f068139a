import keras
import numpy as np
import pytest

from keras_gans.models import GAN, VanillaGAN
from keras_gans.optimizers import GANOptimizer
from tests.conftest import tiny_dcgan, tiny_images


def snapshot(variables):
    return [np.array(v.numpy()) for v in variables]


def changed(before, variables):
    return [not np.array_equal(a, v.numpy()) for a, v in zip(before, variables)]


def test_discriminator_update_leaves_generator_untouched():
    gan = tiny_dcgan()
    gan.compile(g_optimizer=keras.optimizers.Adam(0.0), d_optimizer=keras.optimizers.Adam(1e-2))
    g_before, d_before = snapshot(gan.generator.trainable_variables), snapshot(gan.discriminator.trainable_variables)
    gan.fit(tiny_images(), batch_size=16, epochs=1, verbose=0)
    assert not any(changed(g_before, gan.generator.trainable_variables))
    assert all(changed(d_before, gan.discriminator.trainable_variables))


def test_generator_update_leaves_discriminator_untouched():
    gan = tiny_dcgan()
    gan.compile(g_optimizer=keras.optimizers.Adam(1e-2), d_optimizer=keras.optimizers.Adam(0.0))
    g_before, d_before = snapshot(gan.generator.trainable_variables), snapshot(gan.discriminator.trainable_variables)
    gan.fit(tiny_images(), batch_size=16, epochs=1, verbose=0)
    assert all(changed(g_before, gan.generator.trainable_variables))
    assert not any(changed(d_before, gan.discriminator.trainable_variables))


@pytest.mark.parametrize("d_steps", [1, 3])
def test_optimizer_iterations_follow_d_steps(d_steps):
    gan = tiny_dcgan()
    gan.compile(d_steps=d_steps)
    gan.fit(tiny_images(48), batch_size=12, epochs=2, verbose=0)  # 4 steps an epoch
    assert int(gan.g_optimizer.iterations.numpy()) == 8
    assert int(gan.d_optimizer.iterations.numpy()) == 8 * d_steps
    assert int(gan.optimizer.iterations.numpy()) == 8
    # Each step draws latent vectors d_steps + 1 times.
    assert int(gan.seed_generator.state.numpy()[1]) == 8 * (d_steps + 1)


def test_fit_logs_losses_and_scores():
    gan = tiny_dcgan()
    gan.compile()
    history = gan.fit(tiny_images(), batch_size=16, epochs=2, verbose=0).history
    assert sorted(history) == ["d_fake", "d_loss", "d_real", "g_loss"]
    for name in ("d_real", "d_fake"):
        assert all(0.0 < score < 1.0 for score in history[name])
    assert all(np.isfinite(history["d_loss"])) and all(np.isfinite(history["g_loss"]))


def test_same_seed_reproduces_training():
    results = []
    for _ in range(2):
        keras.utils.set_random_seed(7)
        gan = tiny_dcgan(seed=3)
        gan.compile()
        gan.fit(tiny_images(), batch_size=16, epochs=2, verbose=0, shuffle=False)
        results.append(snapshot(gan.generator.variables))
    for a, b in zip(*results):
        np.testing.assert_array_equal(a, b)


def test_different_seeds_give_different_training():
    results = []
    for seed in (3, 4):
        keras.utils.set_random_seed(7)
        gan = tiny_dcgan(seed=seed)
        gan.compile()
        gan.fit(tiny_images(), batch_size=16, epochs=1, verbose=0, shuffle=False)
        results.append(snapshot(gan.generator.trainable_variables))
    assert any(not np.array_equal(a, b) for a, b in zip(*results))


def test_evaluate_updates_nothing():
    gan = tiny_dcgan()
    gan.compile()
    gan.fit(tiny_images(), batch_size=16, epochs=1, verbose=0)
    seed_state = snapshot([gan.seed_generator.state])
    before = snapshot(gan.trainable_variables) + snapshot(gan.optimizer.variables)
    moving = snapshot(gan.generator.non_trainable_variables + gan.discriminator.non_trainable_variables)
    logs = gan.evaluate(tiny_images(seed=1), batch_size=16, verbose=0, return_dict=True)
    assert sorted(logs) == ["d_fake", "d_loss", "d_real", "g_loss"]
    assert not any(changed(before, gan.trainable_variables + gan.optimizer.variables))
    assert not any(changed(moving, gan.generator.non_trainable_variables + gan.discriminator.non_trainable_variables))
    assert not any(changed(seed_state, [gan.seed_generator.state]))


def test_validation_does_not_change_the_training_run():
    results = []
    for validation in (None, tiny_images(16, seed=5)):
        keras.utils.set_random_seed(7)
        gan = tiny_dcgan(seed=3)
        gan.compile()
        history = gan.fit(tiny_images(), batch_size=16, epochs=2, verbose=0, shuffle=False, validation_data=validation)
        results.append(snapshot(gan.generator.trainable_variables))
    assert "val_d_loss" in history.history
    for a, b in zip(*results):
        np.testing.assert_array_equal(a, b)


def test_vanilla_gan_learns_a_gaussian():
    # Settings chosen over 6 seeds × 2 backends: the mean came within 0.1 in
    # all 12 runs and the standard deviation within 0.25 in 11 (one run
    # overshot to 0.94; a 1-D GAN's spread oscillates).
    data = np.random.default_rng(0).normal(3.0, 0.5, (256 * 900, 1)).astype("float32")
    gan = VanillaGAN(
        data_shape=(1,), latent_dim=4, generator_units=(64, 64), discriminator_units=(64,),
        dropout=0.0, output_activation=None, seed=0,
    )
    gan.compile(g_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5), d_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5))
    start = gan.generate(5000, seed=1)
    assert abs(start.mean() - 3.0) > 1.0  # far from the data before training
    gan.fit(data, batch_size=256, epochs=1, verbose=0, shuffle=False)  # 900 steps
    samples = gan.generate(5000, seed=1)
    assert abs(samples.mean() - 3.0) < 0.15
    assert abs(samples.std() - 0.5) < 0.25


def test_any_keras_models_can_be_the_networks():
    generator = keras.Sequential([keras.Input((3,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(2, activation="tanh")])
    discriminator = keras.Sequential([keras.Input((2,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)])
    gan = GAN(generator, discriminator, seed=0)
    assert gan.latent_dim == 3 and gan.sample_shape == (2,)
    gan.compile(loss="minimax")
    gan.fit(np.random.default_rng(0).uniform(-1, 1, (32, 2)).astype("float32"), batch_size=8, verbose=0)
    assert gan.generate(5, seed=0).shape == (5, 2)
    assert gan(np.zeros((2, 3), "float32")).shape == (2, 2)


def test_generate_is_seeded_and_accepts_latent_vectors():
    gan = tiny_dcgan()
    a, b, c = gan.generate(6, seed=1), gan.generate(6, seed=1), gan.generate(6, seed=2)
    assert a.shape == (6, 8, 8, 1) and a.dtype == np.float32
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    latent = np.random.default_rng(1).standard_normal((6, 4))
    np.testing.assert_allclose(gan.generate(latent=latent, batch_size=4), a, atol=1e-6)
    assert a.min() >= -1.0 and a.max() <= 1.0
    with pytest.raises(ValueError, match=r"latent must have shape \(n, 4\)"):
        gan.generate(latent=np.zeros((2, 5)))
    with pytest.raises(ValueError, match="exactly one"):
        gan.generate()


def test_compile_rejects_bad_settings():
    gan = tiny_dcgan()
    shared = keras.optimizers.Adam()
    with pytest.raises(ValueError, match="two separate optimizer"):
        gan.compile(g_optimizer=shared, d_optimizer=shared)
    with pytest.raises(ValueError, match="d_steps must be a positive integer"):
        gan.compile(d_steps=0)
    with pytest.raises(ValueError, match="Unknown GAN loss"):
        gan.compile(loss="hinge_loss")


def test_compile_accepts_optimizer_names_and_uses_the_loss():
    gan = tiny_dcgan()
    gan.compile(g_optimizer="sgd", d_optimizer="rmsprop", loss="minimax", label_smoothing=0.1, d_steps=2)
    assert isinstance(gan.optimizer, GANOptimizer)
    assert isinstance(gan.g_optimizer, keras.optimizers.SGD)
    assert isinstance(gan.d_optimizer, keras.optimizers.RMSprop)
    assert gan.gan_loss.name == "minimax" and gan.gan_loss.label_smoothing == 0.1


def test_fit_before_compile_is_explained():
    with pytest.raises(RuntimeError, match="Compile the DCGAN before fitting"):
        tiny_dcgan().fit(tiny_images(), verbose=0)
