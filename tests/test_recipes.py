import keras
import numpy as np
import pytest

from keras_gans import recipes


def test_the_mixture_recipe_builds_pacgan_s_networks_with_its_techniques():
    gan = recipes.mixture_gan(seed=0)
    dense = [layer.units for layer in gan.generator.layers if isinstance(layer, keras.layers.Dense)]
    assert dense == [400, 400, 400, 400, 2] and gan.noise_dim == 2
    assert gan.latent_categories == recipes.MIXTURE_GAN["latent_categories"]
    maxouts = [(layer.units, layer.pieces) for layer in gan.discriminator.layers if type(layer).__name__ == "Maxout"]
    assert maxouts == [(200, 5)] * 3
    assert gan.packing == recipes.MIXTURE_GAN["packing"]
    assert gan.discriminator.input_shape == (None, 2 * gan.packing)


def test_the_recipe_s_rate_decays_to_zero_over_the_run():
    optimizer = recipes.optimizer(100)
    schedule = keras.optimizers.schedules.deserialize(optimizer.get_config()["learning_rate"])
    assert float(schedule(0)) == pytest.approx(recipes.MIXTURE_GAN["learning_rate"])
    assert float(schedule(50)) == pytest.approx(recipes.MIXTURE_GAN["learning_rate"] / 2, rel=1e-5)
    assert float(schedule(100)) == pytest.approx(0.0, abs=1e-12)
    constant = recipes.optimizer(100, learning_rate_decay=None, learning_rate=1e-3)
    assert float(keras.ops.convert_to_numpy(constant.learning_rate)) == pytest.approx(1e-3)
    assert (constant.beta_1, constant.beta_2) == (recipes.MIXTURE_GAN["beta_1"], 0.999)
    assert recipes.optimizer(100, beta_1=0.0, beta_2=0.9).beta_2 == 0.9


def test_the_recipe_s_penalty_is_r1_at_its_weight_and_can_be_turned_off():
    penalty = recipes.penalty()
    assert type(penalty).__name__ == "R1Penalty" and penalty.weight == recipes.MIXTURE_GAN["penalty_weight"]
    assert recipes.penalty(penalty="gradient", penalty_weight=3.0).weight == 3.0
    assert recipes.penalty(penalty=None) is None


def test_unknown_settings_are_named():
    with pytest.raises(ValueError, match=r"Unknown setting\(s\) \['packin'\]"):
        recipes.mixture_gan(packin=2)
    with pytest.raises(ValueError, match="'cosine' or None"):
        recipes.optimizer(10, learning_rate_decay="linear")


def test_the_recipe_trains_a_few_steps_on_points():
    gan = recipes.mixture_gan(seed=0, generator_units=(16,), discriminator_units=(16,))
    gan.compile(
        g_optimizer=recipes.optimizer(4), d_optimizer=recipes.optimizer(4), generator_ema=0.999,
        penalty=recipes.penalty(),
    )
    history = gan.fit(np.random.default_rng(0).normal(size=(200, 2)), batch_size=50, epochs=1, verbose=0).history
    assert all(np.isfinite(v).all() for v in history.values())
    assert gan.generate(10, seed=0).shape == (10, 2)


def test_the_recipe_s_rejection_sampler_takes_its_epochs_rate_and_percentile():
    gan = recipes.mixture_gan(seed=0, generator_units=(8,), discriminator_units=(8,))
    assert recipes.rejection_sampler(gan, real=None, rejection_epochs=0) is None
    points = np.random.default_rng(0).normal(size=(200, 2)).astype("float32")
    sampler = recipes.rejection_sampler(
        gan, points, seed=0, rejection_epochs=1, rejection_learning_rate=2e-3, rejection_percentile=90.0
    )
    assert sampler.percentile == 90.0
    assert float(keras.ops.convert_to_numpy(sampler.critic.optimizer.learning_rate)) == pytest.approx(2e-3)
    assert int(keras.ops.convert_to_numpy(sampler.critic.optimizer.iterations)) == 1  # 400 samples, batch 500
