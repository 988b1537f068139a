"""Exporting a generator for serving without keras-gans: SavedModel and ONNX.

The exported graph is built by TensorFlow. On the JAX and torch backends
`export_generator` saves the model and exports it from a TensorFlow
subprocess, so every backend gives the same artefact.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

import keras

from keras_gans.utils.files import atomic_directory, atomic_path

FORMATS = ("tf_saved_model", "onnx")
ONNX_OPSET = 17
# Errors the export subprocess reports back to be raised in the caller.
_REPORTED_ERRORS = {error.__name__: error for error in (ValueError, TypeError, FileNotFoundError, ConnectionError)}
_ERROR_MARKER = "KERAS_GANS_EXPORT_ERROR "


def export_generator(model_or_preset, path, format="tf_saved_model", seed=None):
    """Exports a GAN's generator with serving endpoints.

    A SavedModel (`format="tf_saved_model"`) has two endpoints, each also a
    serving signature:

    - `generate(z)` for unconditional models (InfoGAN's `z` holds its
      codes), `generate(z, labels)` for conditional ones and
      `generate(z, text)` for the text-conditioned GAN, whose captions are
      strings tokenised inside the graph;
    - `sample(n)`, `sample(labels)` or `sample(text)`, which draws its own
      noise (and InfoGAN's codes) from the model's priors.

    An ONNX file (`format="onnx"`) holds `generate` only: its inputs are
    `z`, plus int32 `labels` for conditional models, or int32 word ids
    (`model.tokenizer.encode(captions)`) for the text-conditioned GAN.

    Images come out float32 in the generator's range (tanh: [-1, 1]); a
    model trained under a mixed-precision policy is exported in float32.
    The file or directory is written atomically.

    Args:
        model_or_preset: a keras-gans GAN, a `.keras` file, or a zoo preset
            (name, directory or URL).
        path: where to write: a directory for a SavedModel, a file
            (conventionally `.onnx`) for ONNX.
        format: `"tf_saved_model"` or `"onnx"`.
        seed: seed of the noise `sample` draws (None: a random one).

    Returns:
        `path`.

    Example:

    >>> import os, tempfile
    >>> path = export_generator("dcgan_fashion_mnist", os.path.join(tempfile.mkdtemp(), "dcgan"))
    >>> sorted(os.listdir(path))
    ['assets', 'fingerprint.pb', 'saved_model.pb', 'variables']
    """
    if format not in FORMATS:
        raise ValueError(f"Unknown export format {format!r}; use one of {', '.join(FORMATS)}.")
    path = os.fspath(path)
    if isinstance(model_or_preset, (str, os.PathLike)):
        _check_model_file(os.fspath(model_or_preset))
    if keras.backend.backend() == "tensorflow":
        _export_in_tensorflow(_load(model_or_preset), path, format, seed)
        return path
    with tempfile.TemporaryDirectory() as scratch:
        source = model_or_preset
        if not isinstance(source, (str, os.PathLike)):
            source = os.path.join(scratch, "model.keras")
            _check_model(model_or_preset).save(source)
        _export_in_subprocess(os.fspath(source), path, format, seed)
    return path


def _load(model_or_preset):
    if not isinstance(model_or_preset, (str, os.PathLike)):
        return _check_model(model_or_preset)
    source = os.fspath(model_or_preset)
    if source.endswith(".keras"):
        model = keras.saving.load_model(source)
    else:
        from keras_gans import zoo

        model = zoo.load(source, generator_only=True)
    if not _is_gan(model):
        raise ValueError(f"{source!r} holds a {type(model).__name__}, not a keras-gans GAN; it has no generator to export.")
    return model


def _check_model_file(source):
    if source.endswith(".keras") and not os.path.isfile(source):
        raise FileNotFoundError(f"No model file at {source!r}; pass a saved .keras file or a zoo preset.")


def _is_gan(model):
    from keras_gans.models import GAN

    return isinstance(model, GAN)


def _check_model(model):
    if not _is_gan(model):
        raise TypeError(
            f"export_generator takes a keras-gans GAN, a .keras file or a zoo preset; got a "
            f"{type(model).__name__}. To export a plain Keras model, use model.export(path)."
        )
    return model


def _export_in_subprocess(source, path, format, seed):
    command = [sys.executable, "-c", "import sys; from keras_gans.export import main; main(sys.argv[1:])",
               source, os.path.abspath(path), "--format", format]
    if seed is not None:
        command += ["--seed", str(seed)]
    env = dict(os.environ, KERAS_BACKEND="tensorflow", TF_CPP_MIN_LOG_LEVEL="2")
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    reported = [line for line in result.stderr.splitlines() if line.startswith(_ERROR_MARKER)]
    if reported:
        # Bad input found by the TensorFlow process: the same error here.
        error = json.loads(reported[-1][len(_ERROR_MARKER) :])
        raise _REPORTED_ERRORS[error["type"]](error["message"])
    if result.returncode != 0:
        raise RuntimeError(
            f"Exporting from the {keras.backend.backend()} backend runs TensorFlow in a subprocess, "
            f"which failed (is tensorflow installed?):\n{result.stderr[-3000:]}"
        )


# Everything below runs with the TensorFlow backend.


def _export_in_tensorflow(model, path, format, seed):
    import tensorflow as tf

    generator = float32_copy(model.sampler)
    text_parts = None
    if _kind(model) == "text":
        text_parts = (model.tokenizer, float32_copy(model.text_encoder))
    if format == "onnx":
        _write_onnx(model, generator, text_parts, path, tf)
    else:
        _write_saved_model(model, generator, text_parts, path, seed, tf)


def _kind(model):
    from keras_gans.models import ConditionalGAN, TextConditionalGAN

    if isinstance(model, TextConditionalGAN):
        return "text"
    if isinstance(model, ConditionalGAN):
        return "labels"
    return "unconditional"


class _NoiseSource(keras.layers.Layer):
    """Holds the seed state of the noise `sample` draws, saved with the graph."""

    def __init__(self, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.seed_generator = keras.random.SeedGenerator(seed, name="sample_noise")
        self.built = True


def _write_saved_model(model, generator, text_parts, path, seed, tf):
    archive = keras.export.ExportArchive()
    archive.track(generator)
    noise = _NoiseSource(seed)
    archive.track(noise)
    latent = tf.TensorSpec((None, model.latent_dim), tf.float32, name="z")
    kind = _kind(model)
    if kind == "unconditional":
        archive.add_endpoint("generate", lambda z: generator(z, training=False), input_signature=[latent])

        def sample(n):
            inputs, _ = model.generator_inputs(n, None, noise.seed_generator)
            return generator(inputs, training=False)

        archive.add_endpoint("sample", sample, input_signature=[tf.TensorSpec((), tf.int32, name="n")])
        return _write_archive(archive, path)

    if kind == "labels":
        condition_spec = tf.TensorSpec((None,), tf.int32, name="labels")

        def condition_of(labels):
            return labels

    else:
        tokenizer, text_encoder = text_parts
        archive.track(text_encoder)
        archive.track(tokenizer)
        condition_spec = tf.TensorSpec((None,), tf.string, name="text")

        def condition_of(text):
            return text_encoder(tf.cast(tokenizer(text), "int32"), training=False)

    archive.add_endpoint(
        "generate", lambda z, given: generator([z, condition_of(given)], training=False),
        input_signature=[latent, condition_spec],
    )

    def sample_given(given):
        condition = condition_of(given)
        inputs, _ = model.generator_inputs(tf.shape(condition)[0], condition, noise.seed_generator)
        return generator(inputs, training=False)

    archive.add_endpoint("sample", sample_given, input_signature=[condition_spec])
    _write_archive(archive, path)


def _write_archive(archive, path):
    with atomic_directory(path) as temporary:
        archive.write_out(temporary, verbose=False)


def _write_onnx(model, generator, text_parts, path, tf):
    try:
        import tf2onnx
    except ImportError:
        raise ValueError(
            "ONNX export needs tf2onnx, which is not installed: pip install 'keras-gans[export]' "
            "(or pip install tf2onnx onnx)."
        ) from None

    latent = tf.TensorSpec((None, model.latent_dim), tf.float32, name="z")
    kind = _kind(model)
    if kind == "unconditional":
        signature = [latent]

        def generate(z):
            return generator(z, training=False)

    elif kind == "labels":
        signature = [latent, tf.TensorSpec((None,), tf.int32, name="labels")]

        def generate(z, labels):
            return generator([z, labels], training=False)

    else:
        text_encoder = text_parts[1]
        signature = [latent, tf.TensorSpec((None, text_parts[0].max_length), tf.int32, name="word_ids")]

        def generate(z, word_ids):
            return generator([z, text_encoder(word_ids, training=False)], training=False)

    function = tf.function(generate, input_signature=signature)
    with atomic_path(path) as temporary:
        tf2onnx.convert.from_function(function, input_signature=signature, opset=ONNX_OPSET, output_path=temporary)


def float32_copy(network):
    """`network` itself if it computes in float32, else a float32 copy of it.

    The copy is rebuilt from the network's config with every mixed policy
    replaced by float32, and takes its (float32) weights.
    """
    layers = [layer for layer in network._flatten_layers() if not isinstance(layer, keras.layers.InputLayer)]
    if all(layer.compute_dtype == "float32" for layer in layers):
        return network
    copy = network.__class__.from_config(_float32_config(network.get_config()))
    copy.set_weights(network.get_weights())
    return copy


def _float32_config(config):
    if isinstance(config, dict):
        if config.get("class_name") == "DTypePolicy" and str(config["config"].get("name", "")).startswith("mixed_"):
            return {**config, "config": {**config["config"], "name": "float32"}}
        return {key: _float32_config(value) for key, value in config.items()}
    if isinstance(config, list):
        return [_float32_config(value) for value in config]
    return config


def main(argv=None):
    parser = argparse.ArgumentParser(description="Exports a generator (run with KERAS_BACKEND=tensorflow).")
    parser.add_argument("source", help="a .keras file or a zoo preset")
    parser.add_argument("path")
    parser.add_argument("--format", choices=FORMATS, default="tf_saved_model")
    parser.add_argument("--seed", type=int)
    args = parser.parse_args(argv)
    try:
        export_generator(args.source, args.path, args.format, args.seed)
    except tuple(_REPORTED_ERRORS.values()) as error:
        kind = next(name for name, base in _REPORTED_ERRORS.items() if isinstance(error, base))
        print(_ERROR_MARKER + json.dumps({"type": kind, "message": str(error)}), file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
