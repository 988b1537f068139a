import numpy as np
import pytest

from tests.tools import load_tool


@pytest.fixture(scope="module")
def tool():
    return load_tool("measure_mode_collapse")


def test_each_technique_row_changes_one_setting_of_pacgan_s_gan(tool):
    plain, plain_options = tool.build_gan("gan", 0, "plain")
    assert plain.packing == 1 and plain_options["generator_ema"] is None
    assert float(plain_options["g_optimizer"].learning_rate) == pytest.approx(1e-4)
    packed, _ = tool.build_gan("gan", 0, "pacgan4")
    assert packed.packing == 4 and packed.discriminator.input_shape == (None, 8)
    _, options = tool.build_gan("gan", 0, "wgan_gp")
    assert options["loss"] == "wgan_gp" and options["generator_ema"] is None
    _, options = tool.build_gan("gan", 0, "generator_ema")
    assert options["generator_ema"] == 0.999 and "loss" not in options
    normalized, options = tool.build_gan("gan", 0, "spectral_norm")
    assert [layer.name for layer in normalized.discriminator.layers][2:] == [
        "maxout_0_sn", "maxout_1_sn", "maxout_2_sn", "logit_sn"
    ]
    assert options["generator_ema"] is None and options["penalty"] is None
    assert not any(layer.name.endswith("_sn") for layer in plain.discriminator.layers)
    _, options = tool.build_gan("gan", 0, "fgan_pearson")
    assert options["loss"] == "fgan_pearson" and options["generator_ema"] is None


def test_the_salimans_rows_add_their_layer_to_pacgan_s_networks(tool):
    discriminating, _ = tool.build_gan("gan", 0, "minibatch_discrimination")
    assert discriminating.discriminator.get_layer("minibatch_discrimination").output.shape[-1] == 200 + 50
    virtual, _ = tool.build_gan("gan", 0, "virtual_batch_norm")
    network = virtual.generator.layers[0].network
    layers = [type(layer).__name__ for layer in network.layers]
    assert layers.count("VirtualBatchNormalization") == 4 and "BatchNormalization" not in layers
    assert virtual.generator.layers[0].reference.shape == (100, 2)
    defaults = tool.technique_settings("defaults")
    with_vbn = tool.technique_settings("defaults_virtual_batch_norm")
    changed = {key for key in defaults if defaults[key] != with_vbn[key]}
    assert changed == {"virtual_batch_norm", "generator_batch_norm"}


def test_the_five_critic_wgan_gp_row_gives_each_critic_step_a_full_minibatch(tool):
    _, options = tool.build_gan("gan", 0, "wgan_gp_5_critic", total_steps=200)
    assert options["loss"] == "wgan_gp" and options["d_steps"] == 5
    for optimizer in (options["g_optimizer"], options["d_optimizer"]):
        assert (optimizer.beta_1, optimizer.beta_2) == (0.0, 0.9)
    assert tool.batch_size("gan", "wgan_gp_5_critic") == 5 * tool.batch_size("gan", "wgan_gp") == 500
    assert tool.training_steps("gan", "wgan_gp_5_critic", epochs=10) == 2_000  # 10,000 D updates
    _, plain_options = tool.build_gan("gan", 0, "plain")
    assert "d_steps" not in plain_options and plain_options["d_optimizer"].beta_2 == 0.999


def test_the_long_unrolled_rows_unroll_at_their_own_rate_not_d_s(tool):
    gan, options = tool.build_gan("gan", 0, "unrolled_lr_3e-2")
    assert options["unrolled_steps"] == 5 and options["unrolled_learning_rate"] == 3e-2
    gan.compile(**options)
    assert gan.unrolled_learning_rate == pytest.approx(3e-2)
    gan, options = tool.build_gan("gan", 0, "unrolled")
    gan.compile(**options)
    assert gan.unrolled_learning_rate == pytest.approx(1e-4)


def test_the_adam_unrolled_row_steps_with_d_s_own_adam(tool):
    gan, options = tool.build_gan("gan", 0, "unrolled_adam")
    gan.compile(**options)
    assert gan.unrolled_steps == 5 and gan.unrolled_update == "adam" and gan.unrolled_learning_rate is None


def test_a_decaying_rate_ends_with_each_network_s_own_updates(tool):
    import keras

    chosen = tool.optimizers(200, d_steps=5, **tool.technique_settings("cosine_decay"))
    horizons = [
        keras.optimizers.schedules.deserialize(chosen[name].get_config()["learning_rate"]).decay_steps
        for name in ("g_optimizer", "d_optimizer")
    ]
    assert horizons == [200, 1000]


def test_the_defaults_row_is_what_the_cli_trains(tool):
    from keras_gans import recipes

    gan, options = tool.build_gan("gan", 0, "defaults")
    assert gan.packing == recipes.MIXTURE_GAN["packing"]
    assert gan.latent_categories == recipes.MIXTURE_GAN["latent_categories"]
    assert options["generator_ema"] == recipes.MIXTURE_GAN["generator_ema"]
    assert options["mode_seeking"] == recipes.MIXTURE_GAN["mode_seeking"]


def test_the_defaults_are_the_row_they_were_chosen_from(tool):
    chosen = "categorical_latent_x4_mode_seeking_1e-4_critic_40"
    assert tool.technique_settings("defaults") == tool.technique_settings(chosen)
    # So with --models-dir the two rows share their trained GANs.
    assert tool.gan_name("gan", "non_saturating", "ring", 0, 20, "defaults") == tool.gan_name(
        "gan", "non_saturating", "ring", 0, 20, chosen
    )


def test_rows_measured_before_the_defaults_changed_keep_their_settings(tool):
    # Built on PacGAN's GAN or the R1 defaults, not on whatever the recipe holds now.
    def chosen(row, *keys):
        settings = tool.technique_settings(row)
        return tuple(settings[key] for key in keys)

    sampling = ("latent_categories", "mode_seeking", "rejection_epochs")
    assert chosen("plain", *sampling, "penalty", "learning_rate") == (0, None, 0, None, 1e-4)
    assert chosen("r1_defaults", *sampling, "penalty", "learning_rate") == (0, None, 0, "r1", 5e-4)
    assert chosen("categorical_latent_x4", *sampling, "latent_category_scale") == (50, None, 0, 4.0)
    assert chosen("rejection_sampling", *sampling, "rejection_learning_rate", "rejection_percentile") == (
        0, None, 20, 3e-3, 99.0
    )


def test_the_table_has_a_row_per_setting_with_mean_and_error(tool):
    def run(technique, mixture, seed, modes, quality):
        return {"model": "gan", "loss": "non_saturating", "technique": technique, "mixture": mixture,
                "seed": seed, "modes_captured": modes, "high_quality_percent": quality,
                "per_epoch": [{"modes_captured": modes, "high_quality_percent": quality}]}

    runs = [run("defaults", "ring", s, 8, 96.0 + s) for s in range(2)]
    # A run from before techniques existed counts as plain, and comes first.
    old = run("plain", "grid", 0, 20, 50.0)
    del old["technique"]
    table = tool.table([*runs, old])
    rows = [line for line in table.splitlines() if line.startswith("| gan")]
    assert rows[0].startswith("| gan | non_saturating | plain | 1 |")
    assert rows[1] == "| gan | non_saturating | defaults | 2 | 8.0 ± 0.0 | 96.5 ± 0.5 | – | – |"


def test_the_rejection_row_is_the_r1_defaults_sampled_through_a_rejection_sampler(tool):
    settings = tool.technique_settings("rejection_sampling")
    assert settings == {**tool.technique_settings("r1_defaults"), "rejection_epochs": 20}
    assert settings["penalty"] == "r1" and settings["generator_ema"] == 0.999 and settings["latent_categories"] == 0


def test_a_rejection_run_scores_the_sampler(tool, monkeypatch):
    from keras_gans import recipes

    monkeypatch.setattr(tool, "NUM_TRAINING_POINTS", 1_000)
    gan = recipes.mixture_gan(seed=0, generator_units=(8,), discriminator_units=(8,))
    assert tool._rejection_scores(gan, "ring", 0, {**recipes.MIXTURE_GAN, "rejection_epochs": 0}) == {}
    scores = tool._rejection_scores(gan, "ring", 0, {**recipes.MIXTURE_GAN, "rejection_epochs": 1})
    assert 0 <= scores["modes_captured"] <= 8 and 0.0 <= scores["high_quality_percent"] <= 100.0
    assert "spread" in scores  # recorded beside HQ
    assert 0.0 < scores["acceptance_rate"] <= 1.0 and scores["rejection_seconds"] > 0


def test_the_rejection_rows_change_only_the_sampler_and_share_their_base_row_s_gan(tool):
    names = {tool.gan_name("gan", "non_saturating", "ring", 0, 20, row)
             for row in ("r1_defaults", "rejection_sampling", "rejection_p95", "rejection_slow_critic")}
    assert len(names) == 1
    assert tool.gan_name("gan", "non_saturating", "ring", 0, 20, "r1") not in names
    assert tool.gan_name("gan", "non_saturating", "ring", 1, 20, "r1_defaults") not in names
    assert tool.gan_name("gan", "non_saturating", "ring", 0, 20, "defaults") not in names
    slow = tool.technique_settings("rejection_slow_critic")
    assert slow["rejection_learning_rate"] < tool.technique_settings("rejection_sampling")["rejection_learning_rate"]
    assert tool.technique_settings("rejection_p95")["rejection_percentile"] == 95.0


def test_a_gan_kept_in_models_dir_is_loaded_not_trained_again(tool, monkeypatch, tmp_path):
    monkeypatch.setattr(tool, "NUM_TRAINING_POINTS", 1_000)
    gan, training = tool.trained_gan("gan", "non_saturating", "ring", 0, 1, "defaults", models_dir=str(tmp_path))
    assert len(training["per_epoch"]) == 1 and "loaded_from" not in training
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".json", ".keras"]

    def no_training(*args, **kwargs):
        raise AssertionError("trained again")

    monkeypatch.setattr(tool, "train_mixture_gan", no_training)
    loaded, reloaded = tool.trained_gan(
        "gan", "non_saturating", "ring", 0, 1, "categorical_latent_x4_mode_seeking_1e-4", models_dir=str(tmp_path)
    )
    assert reloaded["per_epoch"] == training["per_epoch"] and reloaded["loaded_from"].endswith(".keras")
    np.testing.assert_allclose(loaded.generate(64, seed=3), gan.generate(64, seed=3), atol=1e-6)


def test_first_seed_leaves_the_earlier_seeds_to_another_process(tool, monkeypatch, tmp_path):
    trained = []

    def fake_run(model, loss, mixture, seed, epochs, technique, models_dir):
        trained.append(seed)
        return {"model": model, "loss": loss, "technique": technique, "mixture": mixture, "seed": seed,
                "epochs": epochs, "modes_captured": 8, "high_quality_percent": 90.0, "per_epoch": []}

    monkeypatch.setattr(tool, "train_and_score", fake_run)
    tool.main(["--techniques", "defaults", "--mixtures", "ring", "--seeds", "4", "--first-seed", "2",
               "--epochs", "1", "--out", str(tmp_path)])
    assert trained == [2, 3]
    tool.main(["--techniques", "defaults", "--mixtures", "ring", "--seeds", "4", "--epochs", "1",
               "--out", str(tmp_path)])
    assert trained == [2, 3, 0, 1]  # the second process skips what the first one wrote


def test_the_longer_critic_row_refits_only_the_shorter_one_s_sampler(tool):
    shorter = "categorical_latent_x4_mode_seeking_1e-4_rejection"
    longer = "categorical_latent_x4_mode_seeking_1e-4_critic_40"
    short_settings, long_settings = tool.technique_settings(shorter), tool.technique_settings(longer)
    assert {key for key in short_settings if short_settings[key] != long_settings[key]} == {"rejection_epochs"}
    assert (short_settings["rejection_epochs"], long_settings["rejection_epochs"]) == (20, 40)
    assert tool.gan_name("gan", "non_saturating", "grid", 3, 20, longer) == tool.gan_name(
        "gan", "non_saturating", "grid", 3, 20, shorter
    )


def test_non_finite_samples_are_scored_as_off_every_mode_not_fatal(tool):
    ring = tool.MIXTURES["ring"]()
    points = ring.sample(400, seed=0)
    clean = tool._coverage(points, ring)
    assert clean["modes_captured"] == 8 and clean["high_quality_percent"] > 90 and "non_finite" not in clean
    half = np.concatenate([points[:200], np.full((200, 2), np.nan, "float32")])
    scored = tool._coverage(half, ring)
    assert scored["non_finite"] == 200 and scored["modes_captured"] == 8
    finite_half = tool._coverage(points[:200], ring)["high_quality_percent"]
    assert scored["high_quality_percent"] == pytest.approx(finite_half / 2, abs=0.01)
    assert tool._coverage(np.full((10, 2), np.inf, "float32"), ring) == {
        "modes_captured": 0, "high_quality_percent": 0.0, "spread": None, "non_finite": 10
    }


def test_a_run_whose_generator_weights_go_nan_stops_at_that_epoch(tool, monkeypatch):
    monkeypatch.setattr(tool, "NUM_TRAINING_POINTS", 1_000)
    # Adam steps of 1e30 overflow G's activations within the first epoch.
    monkeypatch.setitem(tool.TECHNIQUES, "exploding", {"learning_rate": 1e30})
    _, training = tool.trained_gan("gan", "non_saturating", "ring", 0, 3, "exploding")
    assert training["diverged_at_epoch"] == 1 and len(training["per_epoch"]) == 1
    assert training["per_epoch"][0]["modes_captured"] == 0
    _, training = tool.trained_gan("gan", "non_saturating", "ring", 0, 2, "plain")
    assert "diverged_at_epoch" not in training and len(training["per_epoch"]) == 2
