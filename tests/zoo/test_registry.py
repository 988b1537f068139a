import os
import shutil

import numpy as np
import pytest

from keras_gans import zoo
from keras_gans.zoo import registry
from tests.conftest import tiny_dcgan


def publish(root, name, gan=None):
    """A tiny preset in the registry folder `root`, indexed."""
    directory = root / name
    zoo.save_preset(gan or tiny_dcgan(), directory, {"dataset": "toy"})
    registry.write_index_entry(root, name, registry.index_entry(directory, {"class_name": "DCGAN"}))
    return directory


@pytest.fixture
def keras_home(tmp_path, monkeypatch):
    home = tmp_path / "keras_home"
    monkeypatch.setenv("KERAS_HOME", str(home))
    monkeypatch.delenv(zoo.ZOO_URL_VARIABLE, raising=False)
    return home


def cached_files(home):
    return sorted(
        os.path.relpath(os.path.join(folder, name), home)
        for folder, _, names in os.walk(home) for name in names
    )


def test_index_lists_every_file_with_its_hash(tmp_path):
    directory = publish(tmp_path, "toy_dcgan")
    entry = zoo.LocalRegistry(tmp_path).entry("toy_dcgan")
    assert sorted(entry["files"]) == sorted(os.listdir(directory))
    assert all(len(record["sha256"]) == 64 and record["bytes"] > 0 for record in entry["files"].values())


def test_a_local_registry_preset_loads_by_directory_and_a_changed_file_is_caught(tmp_path):
    gan = tiny_dcgan()
    directory = publish(tmp_path, "toy_dcgan", gan)
    np.testing.assert_allclose(zoo.load(str(directory)).generate(2, seed=0), gan.generate(2, seed=0), atol=2e-3)
    weights = directory / "generator.weights.h5"
    weights.write_bytes(weights.read_bytes()[:-10] + b"0123456789")
    with pytest.raises(ValueError, match="does not match the SHA-256.*re-publish"):
        zoo.load(str(directory), generator_only=True)


def test_unknown_names_get_close_matches(tmp_path, keras_home, monkeypatch):
    publish(tmp_path, "toy_dcgan")
    monkeypatch.setenv(zoo.ZOO_URL_VARIABLE, str(tmp_path))
    with pytest.raises(zoo.UnknownPresetError, match="Did you mean 'toy_dcgan'"):
        zoo.load("toy_dcgn")
    with pytest.raises(zoo.UnknownPresetError, match="Known presets: .*toy_dcgan"):
        zoo.load("something_else_entirely")


def test_a_download_is_cached_verified_and_reused_with_the_server_stopped(server, keras_home, monkeypatch):
    publish(server.folder, "toy_dcgan")
    monkeypatch.setenv(zoo.ZOO_URL_VARIABLE, server.url)
    assert "toy_dcgan" in zoo.list()
    first = zoo.load("toy_dcgan", generator_only=True).generate(3, seed=1)
    cached = cached_files(keras_home)
    # Generator-only: the discriminator's weights were never downloaded.
    assert any(path.endswith("generator.weights.h5") for path in cached)
    assert not any(path.endswith("discriminator.weights.h5") for path in cached)
    zoo.download("toy_dcgan")
    assert any(path.endswith("discriminator.weights.h5") for path in cached_files(keras_home))
    server.stop()
    np.testing.assert_array_equal(zoo.load("toy_dcgan", generator_only=True).generate(3, seed=1), first)
    assert not zoo.load(f"{server.url}/toy_dcgan").generator_only


def test_a_tampered_download_is_rejected_and_leaves_nothing_behind(server, keras_home):
    directory = publish(server.folder, "toy_dcgan")
    tampered = tiny_dcgan()
    tampered.generator.save_weights(str(directory / "generator.weights.h5"))  # after the index was written
    with pytest.raises(ValueError, match="not the expected"):
        zoo.load(f"{server.url}/toy_dcgan", generator_only=True)
    assert not any("generator.weights.h5" in path for path in cached_files(keras_home))
    assert not any(".tmp" in path for path in cached_files(keras_home))


def test_a_corrupted_cached_file_is_removed_and_downloaded_again(server, keras_home):
    publish(server.folder, "toy_dcgan")
    url = f"{server.url}/toy_dcgan"
    zoo.download(url, generator_only=True)
    cached = next(keras_home.rglob("generator.weights.h5"))
    cached.write_bytes(b"bit rot")
    with pytest.warns(UserWarning, match="removed and is downloaded again"):
        zoo.load(url, generator_only=True)
    server.stop()
    cached.write_bytes(b"bit rot")
    with pytest.warns(UserWarning), pytest.raises(ConnectionError, match="Could not download"):
        zoo.load(url, generator_only=True)
    assert not cached.exists()


def test_an_unreachable_registry_without_a_cache_is_explained(keras_home, server):
    url = server.url
    server.stop()
    with pytest.raises(ConnectionError, match="no cached copy"):
        zoo.load(f"{url}/toy_dcgan")


def test_file_uris_and_presets_made_by_a_newer_version(tmp_path, keras_home):
    directory = publish(tmp_path / "registry", "toy_dcgan")
    assert zoo.load(f"file://{tmp_path / 'registry'}/toy_dcgan", generator_only=True).generate(1, seed=0).shape == (
        1, 8, 8, 1)
    bare = tmp_path / "bare"
    shutil.copytree(directory, bare)
    config = (bare / "config.json").read_text().replace('"keras_gans_version": "', '"keras_gans_version": "9')
    (bare / "config.json").write_text(config)
    with pytest.raises(ValueError, match="Upgrade keras-gans"):
        zoo.load(str(bare))


def test_a_preset_published_after_the_index_was_cached_is_found(server, keras_home, monkeypatch):
    publish(server.folder, "toy_dcgan")
    monkeypatch.setenv(zoo.ZOO_URL_VARIABLE, server.url)
    zoo.download("toy_dcgan", generator_only=True)
    publish(server.folder, "toy_dcgan_2")
    assert zoo.load("toy_dcgan_2", generator_only=True).generate(1, seed=0).shape == (1, 8, 8, 1)


def test_shipped_presets_load_while_a_configured_registry_is_unreachable(server, keras_home, monkeypatch):
    monkeypatch.setenv(zoo.ZOO_URL_VARIABLE, server.url)
    server.stop()
    assert zoo.load("ring_gan", generator_only=True).generate(2, seed=0).shape == (2, 2)
