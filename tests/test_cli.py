import json
import os

import keras
import numpy as np
import pytest

from keras_gans import cli
from tests.conftest import BACKENDS, run_python
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
    assert sorted(os.listdir(run_dir)) == ["config.json", "history.json", "losses.png", "model.keras", "samples.png"]
    with open(os.path.join(run_dir, "config.json")) as f:
        config = json.load(f)
    assert config["backend"] == keras.backend.backend() and config["d_steps"] == 2
    with open(os.path.join(run_dir, "history.json")) as f:
        assert len(json.load(f)["d_loss"]) == 2
    model = keras.saving.load_model(os.path.join(run_dir, "model.keras"))
    assert int(model.g_optimizer.iterations.numpy()) == 4 and int(model.d_optimizer.iterations.numpy()) == 8
    assert model.gan_loss.label_smoothing == pytest.approx(0.1)


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


def test_batch_larger_than_the_dataset_is_refused(data_dir, tmp_path, capsys):
    out = tmp_path / "run"
    assert cli.main(["train", "gan", "--data-dir", data_dir, "--batch-size", "1000", "--out", str(out)]) == 2
    assert "larger than the dataset (64 samples)" in capsys.readouterr().err
