"""A preset: one trained model as a directory of config, weights and provenance.

The layout follows KerasHub's presets, with one weights file per network so
that a generator-only load reads only what generating needs:

- `config.json`: the model's class and config, its compile config, and which
  `<network>.weights.h5` holds which network;
- `<network>.weights.h5`: `generator`, `discriminator`, and for the
  text-conditioned GAN `text_encoder` (`model` for a plain Keras model such
  as the Fashion-MNIST classifier);
- `metadata.json`: keras and keras-gans versions, parameter counts, the
  dataset, the training command and seed, training time and hardware, and
  the measured metrics with their protocol;
- `README.md` and `samples.png`: the model card (written by
  `tools/publish_preset.py`).
"""

import json
import os
import platform

import h5py
import keras
import numpy as np

from keras_gans.utils.files import atomic_path
from keras_gans.version import __version__

CONFIG_FILE = "config.json"
METADATA_FILE = "metadata.json"
FORMAT_VERSION = 1
# float16 keeps every value of these weights to about 3 significant digits
# and halves the zoo; variables are float32 again once loaded.
FLOAT16_LIMIT = float(np.finfo("float16").max)


def preset_networks(model):
    """`{name: (network, needed_to_generate)}` for the networks a preset stores.

    GANs declare theirs in `preset_networks` (generator and discriminator,
    the generator's moving average when compiled with `generator_ema`; the
    text-conditioned GAN adds its text encoder); any other Keras model is
    stored whole as `model`.
    """
    declared = getattr(model, "preset_networks", None)
    if declared is None:
        return {"model": (model, True)}
    return {name: (getattr(model, name), needed) for name, needed in declared.items()}


def save_preset(model, directory, metadata=None, weights_dtype="float16"):
    """Writes `model` as a preset directory (config, weights, metadata).

    Every file is written atomically. Existing files of the same names are
    replaced; other files in `directory` (a model card) are left alone.

    Args:
        model: a keras-gans model or any serializable Keras model.
        directory: the preset directory, created if needed.
        metadata: provenance to record: dataset, training command, seed,
            training time, hardware, metrics with their protocol.
            Versions, parameter counts and the format are added.
        weights_dtype: `"float16"` (half the size; values beyond float16's
            range stay float32) or `"float32"`.

    Returns:
        The names of the files written.

    Example:

    >>> import tempfile
    >>> from keras_gans.models import VanillaGAN
    >>> gan = VanillaGAN(data_shape=(2,), latent_dim=2, generator_units=(8,),
    ...                  discriminator_units=(8,), output_activation=None, seed=0)
    >>> directory = tempfile.mkdtemp()
    >>> save_preset(gan, directory, {"dataset": "ring"})
    ['generator.weights.h5', 'discriminator.weights.h5', 'config.json', 'metadata.json']
    >>> load_preset(directory).generate(3, seed=0).shape
    (3, 2)
    """
    if weights_dtype not in ("float16", "float32"):
        raise ValueError(f"weights_dtype must be 'float16' or 'float32', got {weights_dtype!r}.")
    networks = preset_networks(model)
    _check_every_weight_is_stored(model, networks)
    weights = {}
    for name, (network, needed) in networks.items():
        file_name = f"{name}.weights.h5"
        with atomic_path(os.path.join(directory, file_name)) as temporary:
            network.save_weights(temporary)
            if weights_dtype == "float16":
                _store_as_float16(temporary)
        weights[name] = {"file": file_name, "needed_to_generate": needed}
    config = {
        "format_version": FORMAT_VERSION,
        "keras_gans_version": __version__,
        "model": keras.saving.serialize_keras_object(model),
        "compile_config": model.get_compile_config() if model.compiled else None,
        "weights": weights,
    }
    _write_json(os.path.join(directory, CONFIG_FILE), config)
    _write_json(os.path.join(directory, METADATA_FILE), _full_metadata(model, networks, metadata, weights_dtype))
    return [entry["file"] for entry in weights.values()] + [CONFIG_FILE, METADATA_FILE]


def load_preset(directory, generator_only=False):
    """Builds the model of a preset directory and loads its weights.

    Args:
        directory: a directory written by `save_preset`.
        generator_only: load only the networks generating needs (no
            discriminator weights are read). The model can generate but not
            train: `fit` says so.

    Returns:
        The model, compiled as it was when saved (a generator-only one
        refuses to `fit`).

    Raises:
        ValueError: a preset made by a newer keras-gans, or a weights file
            that cannot be read.
    """
    config = read_config(directory)
    model = keras.saving.deserialize_keras_object(config["model"])
    if config.get("compile_config"):
        # Before the weights: compiling builds networks they fill, such as
        # the generator's moving average that samples.
        model.compile_from_config(config["compile_config"])
    networks = preset_networks(model)
    for name, entry in config["weights"].items():
        if generator_only and not entry["needed_to_generate"]:
            continue
        path = os.path.join(directory, entry["file"])
        try:
            networks[name][0].load_weights(path)
        except (OSError, ValueError, KeyError) as error:
            raise ValueError(
                f"The weights file {path} cannot be read ({type(error).__name__}: {error}); it is "
                "corrupted or does not belong to this preset. Download the preset again "
                "(keras-gans zoo download NAME) or re-publish it."
            ) from None
    if generator_only:
        model.generator_only = True
    return model


def read_config(directory):
    """The preset's `config.json`, after checking it was made by a keras-gans this old or older."""
    path = os.path.join(directory, CONFIG_FILE)
    config = read_json(path)
    made_by = config.get("keras_gans_version", "0")
    if _version_tuple(made_by) > _version_tuple(__version__):
        raise ValueError(
            f"The preset in {directory} was made by keras-gans {made_by}, newer than the "
            f"installed {__version__}. Upgrade keras-gans (pip install -U keras-gans) to load it."
        )
    return config


def read_json(path):
    """A JSON file, or a ValueError naming the file when it is not valid JSON."""
    try:
        with open(path) as file:
            return json.load(file)
    except json.JSONDecodeError as error:
        raise ValueError(f"{path} is not valid JSON ({error}); the file is corrupted.") from None


def weight_files(config, generator_only=False):
    """The weights files a load reads: all of them, or only the generator's."""
    return [
        entry["file"] for entry in config["weights"].values()
        if entry["needed_to_generate"] or not generator_only
    ]


def _check_every_weight_is_stored(model, networks):
    # A variable outside the declared networks would be silently lost from
    # the preset. (Noise-generator states are not among a model's weights.)
    stored = {id(v) for network, _ in networks.values() for v in network.weights}
    missing = [v.path for v in model.weights if id(v) not in stored]
    if missing:
        raise ValueError(
            f"{type(model).__name__} has weights outside its preset networks "
            f"{sorted(networks)}: {missing[:5]}. Declare the network that holds them in "
            "preset_networks."
        )


def _store_as_float16(path):
    # Rewritten whole: HDF5 keeps the space of deleted datasets, so
    # converting in place would not make the file any smaller.
    with h5py.File(path, "r") as file:
        tree = _read_tree(file)
    with h5py.File(path, "w") as file:
        _write_tree(file, tree)


def _read_tree(group):
    items = {}
    for name, item in group.items():
        if isinstance(item, h5py.Group):
            items[name] = _read_tree(item)
        else:
            items[name] = (_as_float16(item[()]), dict(item.attrs))
    return {"attrs": dict(group.attrs), "items": items}


def _write_tree(group, tree):
    group.attrs.update(tree["attrs"])
    for name, item in tree["items"].items():
        if isinstance(item, dict):
            _write_tree(group.create_group(name), item)
        else:
            values, attrs = item
            group.create_dataset(name, data=values).attrs.update(attrs)


def _as_float16(values):
    if isinstance(values, np.ndarray) and values.dtype == np.float32 and np.all(np.abs(values) <= FLOAT16_LIMIT):
        return values.astype("float16")
    return values


def _full_metadata(model, networks, metadata, weights_dtype):
    return {
        "keras_version": keras.__version__,
        "keras_gans_version": __version__,
        "backend": keras.backend.backend(),
        "class_name": type(model).__name__,
        "parameters": {name: int(network.count_params()) for name, (network, _) in networks.items()},
        "weights_dtype": weights_dtype,
        "python": platform.python_version(),
        **(metadata or {}),
    }


def _write_json(path, payload):
    with atomic_path(path) as temporary, open(temporary, "w") as file:
        json.dump(payload, file, indent=2, default=_json_default)
        file.write("\n")


def _json_default(value):
    if isinstance(value, (np.integer, np.floating)):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _version_tuple(version):
    parts = []
    for part in str(version).split("."):
        digits = "".join(c for c in part if c.isdigit())
        parts.append(int(digits or 0))
    return tuple(parts)
