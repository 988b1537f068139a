import json
import os

import keras
import numpy as np
import pytest

from keras_gans import cli, recipes
from keras_gans.networks import SpectralNormalization
from tests.conftest import BACKENDS, run_python, tiny_dcgan
from tests.data.test_fashion_mnist import write_split


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("fashion")
    write_split(directory, 64, "train", compress=True)
    write_split(directory, 16, "t10k", compress=True)
    return str(directory)


@pytest.fixture(scope="module")
def run_dir(data_dir, tmp_path_factory):
    out = str(tmp_path_factory.mktemp("run"))
    code = cli.main(["train", "dcgan", "--data-dir", data_dir, "--epochs", "2", "--steps-per-epoch", "2",
                     "--batch-size", "8", "--latent-dim", "8", "--d-steps", "2", "--label-smoothing", "0.1", "--out", out])
    assert code == 0
    return out


def test_train_writes_the_run_directory(run_dir):
    assert sorted(os.listdir(run_dir)) == [
        "checkpoints", "config.json", "curves.png", "history.json", "model.keras", "samples", "samples.png"
    ]
    assert sorted(os.listdir(os.path.join(run_dir, "samples"))) == ["epoch_0001.png", "epoch_0002.png"]
    with open(os.path.join(run_dir, "config.json")) as f:
        config = json.load(f)
    assert config["backend"] == keras.backend.backend() and config["d_steps"] == 2
    with open(os.path.join(run_dir, "history.json")) as f:
        assert len(json.load(f)["d_loss"]) == 2
    model = keras.saving.load_model(os.path.join(run_dir, "model.keras"))
    assert int(model.g_optimizer.iterations.numpy()) == 4 and int(model.d_optimizer.iterations.numpy()) == 8
    assert model.gan_loss.label_smoothing == pytest.approx(0.1)
    # DCGAN's measured training (recipes.DCGAN_TRAINING): TTUR and an EMA of G.
    assert (config["lr"], config["d_lr"], config["generator_ema"]) == (2e-4, 4e-4, 0.999)
    g_rate, d_rate = (float(o.learning_rate.numpy()) for o in (model.g_optimizer, model.d_optimizer))
    assert d_rate == pytest.approx(2 * g_rate)
    assert model.generator_ema == 0.999


def test_dcgan_s_training_defaults_follow_lr_and_turn_off(data_dir, tmp_path):
    common = ["train", "dcgan", "--data-dir", data_dir, "--epochs", "1", "--steps-per-epoch", "1",
              "--batch-size", "8", "--latent-dim", "8"]
    assert cli.main([*common, "--lr", "1e-4", "--out", str(tmp_path / "faster_d")]) == 0
    gan = keras.saving.load_model(tmp_path / "faster_d" / "model.keras")
    assert float(gan.d_optimizer.learning_rate.numpy()) == pytest.approx(2e-4)
    plain = ["--d-lr", "2e-4", "--generator-ema", "0"]
    assert cli.main([*common, *plain, "--out", str(tmp_path / "plain")]) == 0
    gan = keras.saving.load_model(tmp_path / "plain" / "model.keras")
    assert float(gan.d_optimizer.learning_rate.numpy()) == pytest.approx(2e-4) and gan.generator_ema is None


def test_generate_writes_a_grid_or_an_array(run_dir, tmp_path):
    model_path = os.path.join(run_dir, "model.keras")
    assert cli.main(["generate", model_path, "--num", "5", "--out", str(tmp_path / "s.npy")]) == 0
    samples = np.load(tmp_path / "s.npy")
    assert samples.shape == (5, 28, 28, 1) and np.abs(samples).max() <= 1.0
    assert cli.main(["generate", model_path, "--num", "9", "--out", str(tmp_path / "s.png")]) == 0
    import matplotlib.image

    assert matplotlib.image.imread(tmp_path / "s.png").shape[:2] == (84, 84)


def test_backend_option_reruns_under_that_backend(run_dir, tmp_path):
    other = next(b for b in BACKENDS if b != keras.backend.backend())
    out = str(tmp_path / "other.npy")
    printed = run_python(
        "import sys, keras_gans.cli as c; sys.exit(c.main(['--backend', %r, 'generate', %r, '--num', '3', '--out', %r]))"
        % (other, os.path.join(run_dir, "model.keras"), out),
        keras.backend.backend(),
    )
    assert "Wrote 3 samples" in printed and np.load(out).shape == (3, 28, 28, 1)


def test_bad_arguments_exit_with_a_message(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["train", "dcgan", "--epochs", "-1"])
    assert exit_info.value.code == 2 and "must be a positive integer" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["train", "stylegan"])
    assert "invalid choice: 'stylegan'" in capsys.readouterr().err
    assert cli.main(["generate", str(tmp_path / "missing.keras")]) == 2
    assert "No model file" in capsys.readouterr().err


def test_training_options_from_the_literature_reach_the_saved_model(data_dir, tmp_path):
    out = tmp_path / "run"
    code = cli.main(["train", "dcgan", "--data-dir", data_dir, "--epochs", "1", "--steps-per-epoch", "2",
                     "--batch-size", "8", "--latent-dim", "8", "--out", str(out), "--loss", "fgan_pearson",
                     "--spectral-norm", "--generator-ema", "0.9", "--feature-matching", "--unrolled-steps", "2",
                     "--unrolled-update", "adam",
                     "--historical-averaging", "0.01", "--mode-seeking", "0.5", "--d-lr", "4e-4"])
    assert code == 0
    gan = keras.saving.load_model(out / "model.keras")
    assert float(gan.d_optimizer.learning_rate.numpy()) == pytest.approx(4e-4)  # TTUR: D faster than G
    assert float(gan.g_optimizer.learning_rate.numpy()) == pytest.approx(2e-4)
    assert gan.gan_loss.name == "fgan_pearson" and gan.generator_ema == 0.9 and gan.feature_matching is True
    # Unrolled through D's Adam, at its rate of the moment (None: read when unrolling).
    assert gan.unrolled_steps == 2 and gan.unrolled_update == "adam" and gan.unrolled_learning_rate is None
    assert gan.historical_averaging == 0.01 and gan.mode_seeking == 0.5
    assert sum(isinstance(layer, SpectralNormalization) for layer in gan.discriminator.layers) == 3  # 2 convs, logit


def test_a_discriminator_rate_without_infogan_s_generator_rate_is_refused(data_dir, tmp_path, capsys):
    out = tmp_path / "run"
    assert cli.main(["train", "infogan", "--data-dir", data_dir, "--d-lr", "4e-4", "--out", str(out)]) == 2
    assert "--d-lr needs --lr for infogan" in capsys.readouterr().err
    assert not out.exists()


def test_an_unknown_loss_or_a_lone_penalty_weight_is_refused(data_dir, tmp_path, capsys):
    train = ["train", "gan", "--data-dir", data_dir, "--epochs", "1", "--out", str(tmp_path / "run")]
    assert cli.main([*train, "--loss", "wgan-gp"]) == 2
    assert "Did you mean 'wgan_gp'" in capsys.readouterr().err
    assert cli.main([*train, "--penalty-weight", "3"]) == 2
    assert "--penalty-weight needs --penalty" in capsys.readouterr().err
    assert cli.main(["train", "acgan", *train[2:], "--spectral-norm"]) == 2
    assert "--spectral-norm is a gan and dcgan option" in capsys.readouterr().err
    assert cli.main(["train", "cgan", *train[2:], "--packing", "2"]) == 2
    assert "--packing is a gan and dcgan option" in capsys.readouterr().err
    assert cli.main(["train", "dcgan", *train[2:], "--virtual-batch-norm", "8"]) == 2
    assert "--virtual-batch-norm is a gan option" in capsys.readouterr().err
    assert cli.main(["train", "infogan", *train[2:], "--minibatch-stddev"]) == 2
    assert "--minibatch-stddev is a gan and dcgan option" in capsys.readouterr().err
    assert cli.main(["train", "acgan", *train[2:], "--latent-categories", "4"]) == 2
    assert "--latent-categories is a gan and dcgan option" in capsys.readouterr().err


def test_batch_larger_than_the_dataset_is_refused(data_dir, tmp_path, capsys):
    out = tmp_path / "run"
    assert cli.main(["train", "gan", "--data-dir", data_dir, "--batch-size", "1000", "--out", str(out)]) == 2
    assert "batch size (1000) is larger than the dataset (64 samples)" in capsys.readouterr().err
    assert not out.exists()


RING = ["--dataset", "ring", "--num-samples", "400", "--latent-dim", "2", "--batch-size", "50", "--steps-per-epoch", "3"]


def ring_run(out, *extra):
    return cli.main(["train", "gan", *RING, "--out", str(out), *extra])


def load_weights(path):
    model = keras.saving.load_model(path)
    return [keras.ops.convert_to_numpy(v) for v in model.variables]


def test_python_api_gives_the_cli_s_result(tmp_path):
    assert ring_run(tmp_path / "cli", "--epochs", "2", "--seed", "4") == 0
    from keras_gans import data

    keras.utils.set_random_seed(4)
    dataset = data.load("ring", batch_size=50, seed=4, steps_per_epoch=3, num_samples=400)
    # The CLI's defaults for gan on a mixture are the measured recipe.
    gan = recipes.mixture_gan(seed=4)
    gan.compile(
        g_optimizer=recipes.optimizer(6), d_optimizer=recipes.optimizer(6), generator_ema=0.999,
        penalty=recipes.penalty(), mode_seeking=recipes.MIXTURE_GAN["mode_seeking"],
    )
    gan.fit(dataset, epochs=2, verbose=0)
    for cli_value, api_value in zip(load_weights(tmp_path / "cli" / "model.keras"), gan.variables):
        np.testing.assert_array_equal(cli_value, keras.ops.convert_to_numpy(api_value))
    assert sorted(os.listdir(tmp_path / "cli" / "samples")) == ["modes_epoch_0001.png", "modes_epoch_0002.png"]


def test_gan_on_a_mixture_gets_the_measured_recipe_and_its_flags(tmp_path):
    assert ring_run(tmp_path / "recipe", "--epochs", "1") == 0
    with open(tmp_path / "recipe" / "config.json") as f:
        config = json.load(f)
    recipe = recipes.MIXTURE_GAN
    assert (config["lr"], config["lr_decay"], config["generator_ema"], config["minibatch_stddev"]) == (
        recipe["learning_rate"], recipe["learning_rate_decay"], recipe["generator_ema"], recipe["minibatch_stddev"]
    )
    assert (config["penalty"], config["penalty_weight"]) == (recipe["penalty"], recipe["penalty_weight"])
    assert config["latent_categories"] == recipe["latent_categories"]
    assert (config["mode_seeking"], config["rejection_epochs"]) == (recipe["mode_seeking"], recipe["rejection_epochs"])
    gan = keras.saving.load_model(tmp_path / "recipe" / "model.keras")
    assert gan.generator_ema == 0.999 and repr(gan.penalty) == repr(recipes.penalty())
    assert gan.mode_seeking == recipe["mode_seeking"] and gan.latent_categories == recipe["latent_categories"]
    sampler = keras.saving.load_model(tmp_path / "recipe" / "sampler.keras")
    assert sampler.percentile == recipe["rejection_percentile"]
    assert "minibatch_stddev" not in [layer.name for layer in gan.discriminator.layers]
    assert ring_run(tmp_path / "changed", "--epochs", "1", "--packing", "5", "--minibatch-stddev", "--spectral-norm",
                    "--generator-ema", "0", "--lr-decay", "none", "--penalty", "none", "--latent-categories", "7",
                    "--mode-seeking", "0", "--rejection-epochs", "0") == 0
    gan = keras.saving.load_model(tmp_path / "changed" / "model.keras")
    assert gan.packing == 5 and gan.generator_ema is None and gan.penalty is None and gan.mode_seeking is None
    assert not (tmp_path / "changed" / "sampler.keras").exists()
    assert (gan.latent_categories, gan.generator.input_shape) == (7, (None, 9))
    assert gan.discriminator.get_layer("minibatch_stddev") is not None
    assert [layer.name for layer in gan.discriminator.layers if isinstance(layer, SpectralNormalization)] == [
        "maxout_0_sn", "maxout_1_sn", "maxout_2_sn", "logit_sn"
    ]
    # A loss with its own penalty does not get the recipe's on top.
    assert ring_run(tmp_path / "wgan_gp", "--epochs", "1", "--loss", "wgan_gp") == 0
    gan = keras.saving.load_model(tmp_path / "wgan_gp" / "model.keras")
    assert type(gan.penalty).__name__ == "GradientPenalty"


def test_minibatch_discrimination_and_virtual_batch_norm_from_the_cli(tmp_path):
    assert ring_run(tmp_path / "run", "--epochs", "1", "--minibatch-discrimination", "6", "--virtual-batch-norm", "20",
                    "--rejection-epochs", "0") == 0
    gan = keras.saving.load_model(tmp_path / "run" / "model.keras")
    assert gan.get_config()["minibatch_discrimination"] == 6
    assert gan.discriminator.get_layer("minibatch_discrimination").output.shape[-1] == 200 + 6
    # In place of the recipe's batch norm in G.
    layers = [type(layer).__name__ for layer in gan.generator.layers[0].network.layers]
    assert layers.count("VirtualBatchNormalization") == 4 and "BatchNormalization" not in layers
    assert gan.generator.layers[0].reference.shape == (20, gan.latent_dim)


def test_top_k_and_a_rejection_sampler_from_the_cli(tmp_path, capsys):
    out = tmp_path / "run"
    assert ring_run(out, "--epochs", "1", "--top-k", "0.5", "--top-k-decay-steps", "10", "--rejection-epochs", "1") == 0
    gan = keras.saving.load_model(out / "model.keras")
    assert (gan.top_k, gan.top_k_decay_steps) == (0.5, 10)
    sampler = keras.saving.load_model(out / "sampler.keras")
    assert 0.0 < float(sampler.acceptance_rate) <= 1.0
    assert cli.main(["generate", str(out / "sampler.keras"), "--num", "16", "--out", str(tmp_path / "x.npy")]) == 0
    assert np.load(tmp_path / "x.npy").shape == (16, 2)
    assert "keeps" in capsys.readouterr().out
    code = cli.main(["train", "infogan", "--dataset", "ring", "--rejection-epochs", "1", "--out", str(tmp_path / "i")])
    assert code != 0 and "--rejection-epochs is for the unconditional models" in capsys.readouterr().err


def test_a_decaying_run_resumes_only_to_its_own_length(tmp_path, capsys):
    assert ring_run(tmp_path / "run", "--epochs", "1") == 0
    assert ring_run(tmp_path / "run", "--epochs", "2", "--resume") == 2
    assert "--resume needs --epochs 1" in capsys.readouterr().err


# Many-threaded CPU kernels may sum in a different order from one run to the
# next, and Adam's early steps magnify the last bit (TensorFlow's runs differed
# by 2e-4 in 9 steps once in CI). One thread was not enough: a later CI run
# still differed by 4e-3, so TensorFlow also runs without its oneDNN kernels
# (which its own log says may round differently) and with deterministic ops.
DETERMINISTIC = {
    "TF_NUM_INTRAOP_THREADS": "1",
    "TF_NUM_INTEROP_THREADS": "1",
    "TF_ENABLE_ONEDNN_OPTS": "0",
    "TF_DETERMINISTIC_OPS": "1",
    "OMP_NUM_THREADS": "1",
    "XLA_FLAGS": "--xla_cpu_multi_thread_eigen=false",
}

RESUMED_RUNS = """
from keras_gans import cli
ring = {ring!r} + ["--lr-decay", "none"]  # A decaying rate would end at zero after the first leg.
assert cli.main(["train", "gan", *ring, "--out", {straight!r}, "--epochs", "3"]) == 0
for epochs, resume in (("1", []), ("3", ["--resume"])):
    argv = ["train", "gan", *ring, "--out", {resumed!r}, "--epochs", epochs, "--checkpoint-every", "2", *resume]
    assert cli.main(argv) == 0
"""


def test_resume_continues_a_run_to_more_epochs(tmp_path):
    straight, resumed = tmp_path / "straight", tmp_path / "resumed"
    code = RESUMED_RUNS.format(ring=RING, straight=str(straight), resumed=str(resumed))
    run_python(code, keras.backend.backend(), env=DETERMINISTIC)
    for a, b in zip(load_weights(straight / "model.keras"), load_weights(resumed / "model.keras")):
        np.testing.assert_array_equal(a, b)
    with open(resumed / "history.json") as f:
        assert len(json.load(f)["d_loss"]) == 3


def snapshot(directory):
    return {
        os.path.relpath(os.path.join(root, name), directory): open(os.path.join(root, name), "rb").read()
        for root, _, names in os.walk(directory)
        for name in names
    }


def test_bad_input_gets_one_clear_sentence_and_damages_nothing(tmp_path, data_dir, capsys):
    out = tmp_path / "run"
    assert ring_run(out, "--epochs", "1") == 0
    before = snapshot(out)
    images = tmp_path / "images"
    images.mkdir()
    (images / "readme.txt").write_text("no images")
    corrupt = tmp_path / "corrupt"
    corrupt.mkdir()
    (corrupt / "a.png").write_bytes(b"not a png")
    cases = [
        (["train", "gan", *RING, "--epochs", "1"], "already holds a run. Pass --resume"),
        (["train", "gan", *RING, "--epochs", "2", "--resume", "--lr", "0.1"], "these differ: lr"),
        (["train", "gan", "--dataset", "nope"], "Unknown dataset 'nope'"),
        (["train", "gan", *RING, "--loss", "wasserstein-ish"], "Unknown GAN loss 'wasserstein-ish'"),
        (["train", "dcgan", "--dataset", "fashion_mnist", "--data-dir", str(tmp_path / "none")], "No Fashion-MNIST train files"),
        (["train", "dcgan", "--dataset", f"folder:{images}", "--image-size", "32"], "holds no PNG or JPEG images"),
        (["train", "dcgan", "--dataset", f"folder:{corrupt}", "--image-size", "32"], "a.png is not a readable PNG or JPEG"),
        (["train", "dcgan", "--data-dir", data_dir, "--image-size", "9"], "A DCGAN needs an image size"),
        (["train", "dcgan", *RING], "dcgan needs images"),
        (["train", "cgan", *RING], "no labels; a conditional model needs a labelled one"),
        (["train", "infogan", "--data-dir", data_dir, "--categorical-codes", "--continuous-codes", "0"], "at least one code"),
        (["train", "gan", *RING[:-4], "--batch-size", "500"], "batch size (500) is larger than the dataset (400 samples)"),
    ]
    for argv, message in cases:
        target = ["--out", str(out)] if "--out" not in argv else []
        assert cli.main(argv + target) == cli.EXIT_BAD_INPUT, argv
        error = capsys.readouterr().err
        assert message in error and error.startswith("keras-gans: error: "), (argv, error)
        assert snapshot(out) == before, argv


@pytest.mark.parametrize("command", [[], ["train"], ["generate"], ["evaluate"], ["export"]])
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main([*command, "--help"])
    assert exit_info.value.code == 0 and "usage: keras-gans" in capsys.readouterr().out


@pytest.mark.parametrize("model, extra", [
    ("cgan", ["--loss", "hinge", "--penalty", "r1", "--penalty-weight", "2"]),
    ("acgan", []),
    ("infogan", ["--categorical-codes", "3", "--continuous-codes", "1"]),
])
def test_conditional_and_infogan_train_from_the_cli(model, extra, data_dir, tmp_path):
    out = tmp_path / model
    code = cli.main(["train", model, "--data-dir", data_dir, "--epochs", "1", "--steps-per-epoch", "2",
                     "--batch-size", "8", "--latent-dim", "6", "--out", str(out), *extra])
    assert code == 0
    gan = keras.saving.load_model(out / "model.keras")
    assert int(gan.g_optimizer.iterations.numpy()) == 2
    if model == "infogan":
        assert gan.latent_codes.categorical == (3,) and gan.latent_dim == 10
        assert float(gan.g_optimizer.learning_rate.numpy()) == pytest.approx(1e-3)  # Chen's G rate
        assert os.path.exists(out / "codes_0.png")
        history = json.load(open(out / "history.json"))
        assert "mutual_information" in history
    else:
        assert gan.num_classes == 10  # read from the labels
        expected_loss, expected_penalty = ("hinge", 2.0) if extra else ("non_saturating", None)
        assert gan.gan_loss.name == expected_loss
        assert (gan.penalty and gan.penalty.weight) == expected_penalty
        samples = tmp_path / "samples.npy"
        assert cli.main(["generate", str(out / "model.keras"), "--num", "4", "--label", "7", "--out", str(samples)]) == 0
        np.testing.assert_allclose(np.load(samples), gan.generate(4, label=7, seed=0), atol=1e-6)


def test_text_gan_trains_and_draws_captions_from_the_cli(data_dir, tmp_path, capsys):
    from keras_gans.data.captions import PREVIEW_CAPTIONS
    from keras_gans.metrics import evaluation_captions
    from keras_gans.models import JointEmbedding
    from keras_gans.text import CaptionTokenizer

    tokenizer = CaptionTokenizer(max_length=16)
    tokenizer.adapt([*evaluation_captions(200)[0], *PREVIEW_CAPTIONS])
    encoder_path = str(tmp_path / "joint_embedding.keras")
    JointEmbedding(tokenizer, embedding_dim=16).save(encoder_path)
    out = tmp_path / "textgan"
    base = ["train", "textgan", "--dataset", "captioned_fashion_mnist", "--data-dir", data_dir,
            "--tfds-dir", str(tmp_path / "tfds"), "--epochs", "1", "--steps-per-epoch", "2",
            "--batch-size", "8", "--latent-dim", "6", "--out", str(out)]
    assert cli.main([*base, "--text-encoder", str(tmp_path / "missing.keras")]) == 2
    assert "tools/train_text_encoder.py" in capsys.readouterr().err
    assert cli.main([*base, "--text-encoder", encoder_path]) == 0
    gan = keras.saving.load_model(out / "model.keras")
    assert int(gan.g_optimizer.iterations.numpy()) == 2 and gan.mismatched_pairs
    assert "d_mismatched" in json.load(open(out / "history.json"))
    samples = tmp_path / "boots.npy"
    command = ["generate", str(out / "model.keras"), "--num", "3", "--out", str(samples),
               "--text", "a dark ankle boot", "--text", "a small bag"]
    assert cli.main(command) == 0
    expected = gan.generate_from_text(["a dark ankle boot", "a small bag"], n_per_caption=3, seed=0)
    np.testing.assert_allclose(np.load(samples), expected, atol=1e-6)
    assert cli.main([*command[:-4], "--text", "zebra crossing"]) == 2
    assert "No word of caption 0" in capsys.readouterr().err
    assert cli.main(["train", "dcgan", "--dataset", "captioned_fashion_mnist", "--out", str(tmp_path / "x")]) == 2
    assert "textgan trains on --dataset captioned_fashion_mnist" in capsys.readouterr().err


def test_evaluate_scores_a_saved_model_and_names_what_it_measured(run_dir, data_dir, tmp_path, capsys):
    from keras_gans.metrics import image_classifier

    classifier_path = str(tmp_path / "classifier.keras")
    image_classifier((28, 28, 1), 10).save(classifier_path)
    out = tmp_path / "scores.json"
    code = cli.main(["evaluate", os.path.join(run_dir, "model.keras"), "--data-dir", data_dir, "--num", "24",
                     "--classifier", classifier_path, "--metrics", "fid", "precision_recall", "inception_score",
                     "--out", str(out)])
    assert code == 0
    results = json.load(open(out))
    assert results["num_samples"] == 24 and results["reference"] == "fashion_mnist test"
    assert results["reference_samples"] == 16 and "penultimate (128-d)" in results["extractor"]
    assert results["fid"] > 0 and 0 <= results["precision"] <= 1 and 1 <= results["inception_score"] <= 10
    assert json.loads(capsys.readouterr().out) == results
    assert cli.main(["evaluate", os.path.join(run_dir, "model.keras"), "--data-dir", data_dir,
                     "--classifier", str(tmp_path / "none.keras")]) == 2
    assert "tools/train_classifier.py" in capsys.readouterr().err


@pytest.fixture
def toy_zoo(tmp_path, monkeypatch):
    """A registry with a tiny DCGAN and a tiny cGAN, set as KERAS_GANS_ZOO_URL."""
    from keras_gans import models, zoo
    from keras_gans.zoo import registry

    root = tmp_path / "registry"
    gans = {
        "toy_dcgan": tiny_dcgan(),
        "toy_cgan": models.ConditionalGAN(num_classes=3, image_shape=(8, 8, 1), latent_dim=4, generator_filters=4,
                                          discriminator_filters=4, seed=0),
    }
    for name, gan in gans.items():
        zoo.save_preset(gan, root / name, {"dataset": "toy"})
        summary = {"class_name": type(gan).__name__, "description": f"a {name}", "dataset": "toy"}
        registry.write_index_entry(root, name, registry.index_entry(root / name, summary))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras_home"))
    monkeypatch.setenv(zoo.ZOO_URL_VARIABLE, str(root))
    return root


def test_zoo_commands_list_inspect_download_and_sample(toy_zoo, tmp_path, capsys):
    assert cli.main(["zoo", "list"]) == 0
    listed = capsys.readouterr().out
    assert "toy_dcgan" in listed and "a toy_cgan" in listed
    assert cli.main(["zoo", "info", "toy_dcgan"]) == 0
    details = json.loads(capsys.readouterr().out)
    assert details["metadata"]["dataset"] == "toy" and "generator.weights.h5" in details["files"]
    assert cli.main(["zoo", "download", "toy_dcgan"]) == 0
    assert os.path.isfile(os.path.join(capsys.readouterr().out.strip(), "discriminator.weights.h5"))
    out = tmp_path / "rows.npy"
    assert cli.main(["zoo", "generate", "toy_cgan", "--labels", "2", "0", "--n", "3", "--out", str(out)]) == 0
    assert np.load(out).shape == (6, 8, 8, 1)
    assert cli.main(["generate", "toy_dcgan", "--num", "4", "--out", str(tmp_path / "g.png")]) == 0
    assert os.path.isfile(tmp_path / "g.png")


def test_zoo_bad_input_exits_with_one_sentence(toy_zoo, capsys):
    assert cli.main(["zoo", "generate", "toy_dcgn"]) == cli.EXIT_BAD_INPUT
    assert "Did you mean 'toy_dcgan'" in capsys.readouterr().err
    assert cli.main(["zoo", "generate", "toy_dcgan", "--labels", "1"]) == cli.EXIT_BAD_INPUT
    assert "--labels needs a conditional preset" in capsys.readouterr().err


def test_evaluate_takes_a_preset_and_the_zoo_s_classifier(data_dir, monkeypatch, capsys):
    monkeypatch.delenv("KERAS_GANS_ZOO_URL", raising=False)
    code = cli.main(["evaluate", "dcgan_fashion_mnist", "--data-dir", data_dir, "--num", "32",
                     "--metrics", "fid", "inception_score"])
    assert code == 0
    results = json.loads(capsys.readouterr().out)
    assert results["model"] == "dcgan_fashion_mnist" and results["num_samples"] == 32
    assert results["fid"] > 0 and 1 <= results["inception_score"] <= 10


def test_export_writes_a_saved_model_or_onnx_and_explains_bad_input(run_dir, tmp_path, capsys):
    import onnxruntime

    model = keras.saving.load_model(os.path.join(run_dir, "model.keras"))
    z = model.draw_latent(3, seed=0)
    onnx_path = str(tmp_path / "generator.onnx")
    assert cli.main(["export", os.path.join(run_dir, "model.keras"), onnx_path]) == 0
    assert "(onnx)" in capsys.readouterr().out
    (images,) = onnxruntime.InferenceSession(onnx_path, providers=["CPUExecutionProvider"]).run(None, {"z": z})
    np.testing.assert_allclose(images, model.generate(latent=z), atol=1e-5)
    assert cli.main(["export", os.path.join(run_dir, "model.keras"), str(tmp_path / "served"), "--seed", "1"]) == 0
    assert os.path.isfile(tmp_path / "served" / "saved_model.pb")
    keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)]).save(tmp_path / "plain.keras")
    for source, message in [(str(tmp_path / "nothing.keras"), "No model file at"),
                            (str(tmp_path / "plain.keras"), "holds a Sequential, not a keras-gans GAN")]:
        assert cli.main(["export", source, str(tmp_path / "bad.onnx")]) == cli.EXIT_BAD_INPUT
        assert message in capsys.readouterr().err
        assert not os.path.exists(tmp_path / "bad.onnx")
