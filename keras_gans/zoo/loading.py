"""Finding a preset by name or address, downloading it, and loading it."""

import os

from keras_gans.zoo.preset import CONFIG_FILE, METADATA_FILE, load_preset, read_config, read_json, weight_files
from keras_gans.zoo.registry import LocalRegistry, RemoteRegistry, UnknownPresetError, unknown_name_message

# A registry hosted elsewhere (any static file server, a mirror): its base
# URL, under which lie index.json and one folder per preset.
ZOO_URL_VARIABLE = "KERAS_GANS_ZOO_URL"
REMOTE_SCHEMES = ("https://", "http://", "file://")


def shipped_zoo():
    """The repository's `zoo/` folder, or None when keras-gans is installed without it."""
    root = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "zoo")
    return root if os.path.isfile(os.path.join(root, "index.json")) else None


def registries():
    """The registries names are looked up in, in order: the shipped zoo, then `KERAS_GANS_ZOO_URL`."""
    return list(_lazy_registries())


def _lazy_registries():
    # The hosted registry is only contacted when the shipped one lacks a name.
    shipped = shipped_zoo()
    if shipped:
        yield LocalRegistry(shipped)
    url = os.environ.get(ZOO_URL_VARIABLE)
    if url:
        yield _registry_at(url)


def list_presets():
    """The names of every preset in the shipped zoo and the configured registry.

    Example:

    >>> from keras_gans import zoo
    >>> "dcgan_fashion_mnist" in zoo.list()
    True
    """
    return sorted({name for registry in registries() for name in registry.names()})


def info(name):
    """A preset's index entry and metadata, as a dict (downloads only `metadata.json`).

    Example:

    >>> from keras_gans import zoo
    >>> details = zoo.info("dcgan_fashion_mnist")
    >>> details["class_name"], details["metadata"]["dataset"]
    ('DCGAN', 'fashion_mnist')
    """
    registry, name = _resolve(name)
    if registry is None:
        return {"name": os.path.basename(name), "location": name,
                "metadata": read_json(os.path.join(name, METADATA_FILE))}
    directory = registry.directory(name, [METADATA_FILE])
    return {"name": name, "location": registry.location, **registry.entry(name),
            "metadata": read_json(os.path.join(directory, METADATA_FILE))}


def download(name, generator_only=False):
    """Downloads (or verifies) a preset's files and returns its local directory.

    Args:
        name: a preset name, a preset directory, or the URL of a preset
            directory inside a hosted registry (`https://host/zoo/NAME`,
            `file:///path/zoo/NAME`).
        generator_only: only the files generating needs.
    """
    registry, name = _resolve(name)
    if registry is None:
        return name
    config = registry.config(name)
    return registry.directory(name, [CONFIG_FILE, METADATA_FILE] + weight_files(config, generator_only))


def load(name, generator_only=False):
    """Loads a pretrained model from the zoo.

    Args:
        name: a preset name (`keras_gans.zoo.list()`), a local preset
            directory, or the URL of a preset in a hosted registry
            (`https://host/zoo/NAME` or `file:///path/zoo/NAME`). Names are
            looked up in the presets shipped with keras-gans, then in the
            registry at `$KERAS_GANS_ZOO_URL`.
        generator_only: read only the generator's weights (and a text
            encoder's): no discriminator, no dataset. The model generates
            but cannot be trained.

    Returns:
        The model. Remote files are downloaded once into
        `$KERAS_HOME/keras_gans/zoo`, checked against the index's SHA-256
        before use, and reused offline.

    Raises:
        UnknownPresetError: a name no registry lists (close matches are
            suggested).
        ValueError: a file whose hash does not match the index, or a preset
            made by a newer keras-gans.
        ConnectionError: a remote preset that cannot be downloaded and is
            not cached.

    Example:

    >>> from keras_gans import zoo
    >>> generator = zoo.load("dcgan_fashion_mnist", generator_only=True)
    >>> generator.generate(4, seed=0).shape
    (4, 28, 28, 1)
    """
    return load_preset(download(name, generator_only), generator_only=generator_only)


def _resolve(name):
    """`(registry, preset name)`, or `(None, directory)` for a bare preset directory."""
    name = os.fspath(name) if isinstance(name, os.PathLike) else name
    if not isinstance(name, str) or not name:
        raise TypeError(f"A preset is named by a non-empty string; got {name!r}.")
    if name.startswith(REMOTE_SCHEMES):
        base, _, preset = name.rstrip("/").rpartition("/")
        return _registry_at(base), preset
    if os.path.isdir(name):
        return _local_directory(name)
    known = []
    for registry in _lazy_registries():
        known.append(registry)
        if registry.lists(name):
            return registry, name
    if not known:
        raise UnknownPresetError(
            f"Unknown preset {name!r}: this keras-gans has no shipped zoo and {ZOO_URL_VARIABLE} is "
            "not set. Set it to a registry's base URL, or pass a preset directory."
        )
    names = sorted({n for registry in known for n in registry.names()})
    raise UnknownPresetError(unknown_name_message(name, names, " and ".join(r.location for r in known)))


def _local_directory(path):
    path = os.path.abspath(path)
    if not os.path.isfile(os.path.join(path, CONFIG_FILE)):
        raise FileNotFoundError(f"{path} is not a preset directory: it has no {CONFIG_FILE}.")
    parent, preset = os.path.split(path)
    if os.path.isfile(os.path.join(parent, "index.json")):
        registry = LocalRegistry(parent)
        if preset in registry.index["presets"]:
            return registry, preset
    read_config(path)
    return None, path


def _registry_at(url):
    if url.startswith(REMOTE_SCHEMES):
        return RemoteRegistry(url)
    return LocalRegistry(url)
