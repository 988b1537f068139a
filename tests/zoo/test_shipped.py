"""The presets shipped in the repository's zoo/: intact, loadable offline on this backend, as measured."""

import os

import numpy as np
import pytest

from keras_gans import zoo
from keras_gans.utils.download import file_hash
from keras_gans.zoo import headline
from keras_gans.zoo.preset import METADATA_FILE, read_json

ROOT = zoo.shipped_zoo()
INDEX = read_json(os.path.join(ROOT, "index.json"))
NAMES = sorted(INDEX["presets"])
SIZE_LIMIT_BYTES = 60 * 1024 * 1024
# Issue 7's list: the Fashion-MNIST models, the text GAN and its encoder,
# the classifier the metrics use, and the 2D mixtures' GANs.
REQUIRED = {
    "gan_fashion_mnist": "VanillaGAN",
    "dcgan_fashion_mnist": "DCGAN",
    "cgan_fashion_mnist": "ConditionalGAN",
    "acgan_fashion_mnist": "ACGAN",
    "infogan_fashion_mnist": "InfoGAN",
    "text_gan_captioned_fashion_mnist": "TextConditionalGAN",
    "fashion_mnist_classifier": "Functional",
    "ring_gan": "VanillaGAN",
    "grid_gan": "VanillaGAN",
}


def test_the_index_and_the_files_agree():
    folders = sorted(entry.name for entry in os.scandir(ROOT) if entry.is_dir())
    assert folders == NAMES, "every preset folder is indexed and every indexed preset has a folder"
    for name in NAMES:
        listed = INDEX["presets"][name]["files"]
        on_disk = sorted(f for f in os.listdir(os.path.join(ROOT, name)) if not f.startswith("."))
        assert on_disk == sorted(listed), f"{name}: files differ from the index"
        for file_name, record in listed.items():
            path = os.path.join(ROOT, name, file_name)
            assert os.path.getsize(path) == record["bytes"], f"{path} changed size since it was indexed"
            assert file_hash(path) == record["sha256"], f"{path} changed since it was indexed"


def test_every_required_preset_is_shipped():
    missing = sorted(set(REQUIRED) - set(NAMES))
    assert not missing, f"not yet published: {missing}"
    for name, class_name in REQUIRED.items():
        metadata = read_json(os.path.join(ROOT, name, METADATA_FILE))
        assert metadata["class_name"] == class_name, name
        assert metadata["training_seconds"] > 0 and metadata["hardware"] and metadata["command"], name


def test_the_zoo_stays_small():
    total = sum(record["bytes"] for entry in INDEX["presets"].values() for record in entry["files"].values())
    assert total < SIZE_LIMIT_BYTES


@pytest.mark.parametrize("name", NAMES)
def test_every_preset_loads_offline_and_passes_its_headline_check(name, monkeypatch):
    # Offline: no hosted registry, only the shipped folder.
    monkeypatch.delenv(zoo.ZOO_URL_VARIABLE, raising=False)
    metadata = read_json(os.path.join(ROOT, name, METADATA_FILE))
    model = zoo.load(name, generator_only=True)
    if hasattr(model, "generate"):
        samples = model.generate(4, seed=0)
        assert samples.shape[0] == 4 and np.isfinite(samples).all()
    result = headline.verify(model, metadata["check"])
    assert result["passed"], result
    for field in ("command", "seed", "training_seconds", "hardware", "metrics", "keras_version", "parameters"):
        assert field in metadata, f"{name}'s card lacks {field}"
    assert os.path.isfile(os.path.join(ROOT, name, "README.md"))
    assert os.path.isfile(os.path.join(ROOT, name, "samples.png"))
