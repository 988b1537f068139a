"""Exported generators give the Keras generator's images without keras-gans."""

import json
import os

import keras
import numpy as np
import pytest

from keras_gans.export import export_generator, float32_copy
from tests.conftest import run_python, tiny_dcgan
from tests.models.captioned_toy import tiny_text_gan
from tests.models.test_conditional_gan import tiny_cgan
from tests.models.test_infogan import tiny_infogan
from tests.models.test_vanilla_gan_salimans import point_gan

NUM = 5
CAPTIONS = ["a top pattern", "the left", "pattern at the corner", "the top", "a corner pattern"]
LABELS = np.array([0, 1, 2, 1, 0], "int32")
BUILDERS = {
    "dcgan": tiny_dcgan, "categorical": lambda: tiny_dcgan(latent_categories=3), "cgan": tiny_cgan,
    "infogan": tiny_infogan, "text": tiny_text_gan,
    # A generator wrapped round its reference batch (WithReferenceBatch).
    "virtual_batch_norm": lambda: point_gan(virtual_batch_norm=8, output_activation="tanh"),
}

# Runs with TensorFlow and NumPy only: what a serving machine has.
LOAD_SAVED_MODELS = """
import json, sys
import numpy as np
import tensorflow as tf
assert "keras_gans" not in sys.modules
cases = json.loads(open({cases!r}).read())
for name, case in cases.items():
    loaded = tf.saved_model.load(case["path"])
    z = tf.constant(np.load(case["z"]))
    given = {{"labels": lambda: tf.constant(case["labels"], tf.int32), "text": lambda: tf.constant(case["text"])}}
    args = [z] + ([given[case["condition"]]()] if case["condition"] else [])
    np.save(case["path"] + ".generate.npy", loaded.generate(*args).numpy())
    sample = loaded.sample(*args[1:]) if case["condition"] else loaded.sample(tf.constant(len(case["labels"])))
    np.save(case["path"] + ".sample.npy", sample.numpy())
    # The serving signature, as TF Serving calls it.
    named = {{"z": z, **({{case["condition"]: args[1]}} if case["condition"] else {{}})}}
    np.save(case["path"] + ".signature.npy", loaded.signatures["generate"](**named)["output_0"].numpy())
assert "keras_gans" not in sys.modules
print("loaded", len(cases))
"""


def condition_of(name):
    return {"cgan": "labels", "text": "text"}.get(name)


def expected_images(model, name, z):
    if name == "cgan":
        return model.generate(latent=z, labels=LABELS)
    if name == "text":
        return model.generate(latent=z, text=CAPTIONS)
    return model.generate(latent=z)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """Every kind of model exported in both formats from this backend, with its expected images."""
    folder = tmp_path_factory.mktemp("exported")
    keras.utils.set_random_seed(0)
    cases = {}
    for name, build in BUILDERS.items():
        model = build()
        z = model.draw_latent(NUM, seed=1)
        np.save(folder / f"{name}.z.npy", z)
        export_generator(model, folder / name, seed=0)
        export_generator(model, folder / f"{name}.onnx", format="onnx")
        cases[name] = {
            "path": str(folder / name), "onnx": str(folder / f"{name}.onnx"), "z": str(folder / f"{name}.z.npy"),
            "condition": condition_of(name), "labels": LABELS.tolist(), "text": CAPTIONS,
            "word_ids": model.tokenizer.encode(CAPTIONS).tolist() if name == "text" else None,
            "expected": expected_images(model, name, z),
        }
    return cases


def test_saved_models_load_with_tensorflow_alone_and_match_keras(exported):
    cases = {name: {k: v for k, v in case.items() if k != "expected"} for name, case in exported.items()}
    folder = os.path.dirname(cases["dcgan"]["path"])
    with open(os.path.join(folder, "cases.json"), "w") as file:
        json.dump(cases, file)
    code = LOAD_SAVED_MODELS.format(cases=os.path.join(folder, "cases.json"))
    assert f"loaded {len(BUILDERS)}" in run_python(code, "tensorflow")
    for name, case in exported.items():
        expected = case["expected"]
        for endpoint in ("generate", "signature"):
            images = np.load(case["path"] + f".{endpoint}.npy")
            assert images.dtype == np.float32
            np.testing.assert_allclose(images, expected, atol=1e-5, err_msg=f"{name} {endpoint}")
        sample = np.load(case["path"] + ".sample.npy")
        assert sample.shape == expected.shape and sample.dtype == np.float32
        assert np.all(np.abs(sample) <= 1.0)
        # Its own noise: not the images of the given z.
        assert np.abs(sample - expected).max() > 1e-3


def test_onnx_files_run_with_onnxruntime_and_match_keras(exported):
    import onnxruntime

    for name, case in exported.items():
        session = onnxruntime.InferenceSession(case["onnx"], providers=["CPUExecutionProvider"])
        feeds = {"z": np.load(case["z"])}
        if name == "cgan":
            feeds["labels"] = np.array(case["labels"], "int32")
        if name == "text":
            feeds["word_ids"] = np.array(case["word_ids"], "int32")
        assert sorted(i.name for i in session.get_inputs()) == sorted(feeds)
        (images,) = session.run(None, feeds)
        assert images.dtype == np.float32
        np.testing.assert_allclose(images, case["expected"], atol=1e-5, err_msg=name)


@pytest.fixture
def bfloat16_policy():
    keras.config.set_dtype_policy("mixed_bfloat16")
    yield
    keras.config.set_dtype_policy("float32")


def test_a_mixed_precision_generator_exports_in_float32(bfloat16_policy, tmp_path):
    model = tiny_dcgan()
    assert model.generator.layers[1].compute_dtype == "bfloat16"
    copy = float32_copy(model.generator)
    computing = [layer for layer in copy.layers if not isinstance(layer, keras.layers.InputLayer)]
    assert {layer.compute_dtype for layer in computing} == {"float32"}
    for ours, theirs in zip(copy.weights, model.generator.weights):
        np.testing.assert_array_equal(keras.ops.convert_to_numpy(ours), keras.ops.convert_to_numpy(theirs))
    export_generator(model, tmp_path / "model.onnx", format="onnx")
    import onnxruntime

    z = model.draw_latent(3, seed=0)
    session = onnxruntime.InferenceSession(str(tmp_path / "model.onnx"), providers=["CPUExecutionProvider"])
    (images,) = session.run(None, {"z": z})
    np.testing.assert_allclose(images, keras.ops.convert_to_numpy(copy(z)), atol=1e-5)
    # The bfloat16 model itself is near, not equal: the export did not keep its rounding.
    np.testing.assert_allclose(images, model.generate(latent=z), atol=0.1)


def test_a_preset_exports_by_name(tmp_path):
    path = export_generator("dcgan_fashion_mnist", tmp_path / "served.onnx", format="onnx")
    import onnxruntime

    from keras_gans import zoo

    model = zoo.load("dcgan_fashion_mnist", generator_only=True)
    z = model.draw_latent(2, seed=0)
    (images,) = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"]).run(None, {"z": z})
    np.testing.assert_allclose(images, model.generate(latent=z), atol=1e-5)


def test_a_missing_model_file_is_explained_and_the_previous_export_kept(tmp_path):
    target = tmp_path / "model.onnx"
    target.write_bytes(b"the previous export")
    with pytest.raises(FileNotFoundError, match="No model file at .*missing.keras"):
        export_generator(str(tmp_path / "missing.keras"), target, format="onnx")
    assert target.read_bytes() == b"the previous export"
    assert sorted(os.listdir(tmp_path)) == ["model.onnx"]


def test_bad_arguments_are_explained(tmp_path):
    with pytest.raises(ValueError, match="Unknown export format 'tflite'.*tf_saved_model, onnx"):
        export_generator(tiny_dcgan(), tmp_path / "x", format="tflite")
    generator = tiny_dcgan().generator
    with pytest.raises(TypeError, match="keras-gans GAN.*model.export"):
        export_generator(generator, tmp_path / "x")
    # Found by the TensorFlow process on the other backends, raised here all the same.
    with pytest.raises(ValueError, match="dcgan_fashion_mnist"):
        export_generator("dcgan_fashion_mnst", tmp_path / "x")
    assert not os.path.exists(tmp_path / "x")
