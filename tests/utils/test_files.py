import os

import pytest

from keras_gans.utils import atomic_directory, atomic_path


def test_atomic_path_replaces_the_file_on_success(tmp_path):
    target = tmp_path / "model.weights.h5"
    target.write_text("old")
    with atomic_path(target) as temporary:
        assert temporary.endswith(".weights.h5") and os.path.dirname(temporary) == str(tmp_path)
        with open(temporary, "w") as f:
            f.write("new")
    assert target.read_text() == "new"
    assert os.listdir(tmp_path) == ["model.weights.h5"]


def test_atomic_path_keeps_the_old_file_on_failure(tmp_path):
    target = tmp_path / "samples.png"
    target.write_text("old")
    with pytest.raises(RuntimeError):
        with atomic_path(target) as temporary:
            with open(temporary, "w") as f:
                f.write("half")
            raise RuntimeError("crash while writing")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["samples.png"]


def test_finished_files_get_the_usual_permissions(tmp_path):
    plain = tmp_path / "plain.json"
    plain.write_text("{}")
    with atomic_path(tmp_path / "atomic.json") as temporary:
        with open(temporary, "w") as f:
            f.write("{}")
    assert os.stat(tmp_path / "atomic.json").st_mode & 0o777 == os.stat(plain).st_mode & 0o777


def write_export(directory, text):
    os.makedirs(os.path.join(directory, "variables"))
    with open(os.path.join(directory, "variables", "data"), "w") as f:
        f.write(text)


def test_atomic_directory_replaces_an_existing_directory_on_success(tmp_path):
    target = tmp_path / "exported"
    write_export(target, "old")
    with atomic_directory(target) as temporary:
        assert os.path.dirname(temporary) == str(tmp_path) and not os.listdir(temporary)
        write_export(os.path.join(temporary, "inner"), "new")
    assert (target / "inner" / "variables" / "data").read_text() == "new"
    assert not (target / "variables").exists()
    assert os.listdir(tmp_path) == ["exported"]


def test_atomic_directory_keeps_the_old_directory_on_failure(tmp_path):
    target = tmp_path / "exported"
    write_export(target, "old")
    with pytest.raises(RuntimeError):
        with atomic_directory(target) as temporary:
            write_export(temporary, "half")
            raise RuntimeError("crash while writing")
    assert (target / "variables" / "data").read_text() == "old"
    assert os.listdir(tmp_path) == ["exported"]


def test_atomic_directory_creates_a_new_one(tmp_path):
    with atomic_directory(tmp_path / "new" / "exported") as temporary:
        write_export(temporary, "first")
    assert (tmp_path / "new" / "exported" / "variables" / "data").read_text() == "first"
    assert os.listdir(tmp_path / "new") == ["exported"]
