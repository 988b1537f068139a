"""Where presets come from: a registry of preset directories and its index.

A registry is a folder (or the same folder served over HTTP) holding
`index.json` and one directory per preset:

    index.json                 {"format_version": 1, "presets": {name: entry}}
    <name>/config.json
    <name>/<network>.weights.h5
    ...

Each index entry describes the preset and lists every file of its directory
with its SHA-256 and size. A `LocalRegistry` checks files in place; a
`RemoteRegistry` (`https://` or `file://`) downloads each file once into a
cache under `KERAS_HOME` and checks it before every use, so presets load
offline once downloaded.
"""

import difflib
import hashlib
import json
import os
import urllib.request

from keras_gans.utils.download import default_cache, fetch, file_hash
from keras_gans.utils.files import atomic_path
from keras_gans.zoo.preset import CONFIG_FILE, read_json

INDEX_FILE = "index.json"
INDEX_FORMAT_VERSION = 1


class UnknownPresetError(ValueError):
    """A preset name that the registry does not list."""


def cache_root():
    """`$KERAS_HOME/keras_gans/zoo` (`~/.keras/keras_gans/zoo` by default), read at call time."""
    return os.path.join(default_cache(), "zoo")


class Registry:
    """The presets of one index; subclasses say where the files live."""

    location = None

    def __init__(self, index):
        self.index = _check_index(index, self.location)

    def names(self):
        return sorted(self.index["presets"])

    def lists(self, name):
        """Whether the registry has a preset called `name`."""
        return name in self.index["presets"]

    def entry(self, name):
        """The index entry of `name`, or an `UnknownPresetError` with close matches."""
        try:
            return self.index["presets"][name]
        except KeyError:
            raise UnknownPresetError(unknown_name_message(name, self.names(), self.location)) from None

    def directory(self, name, files):
        """A local directory holding `files` of preset `name`, every one verified."""
        raise NotImplementedError

    def config(self, name):
        return read_json(os.path.join(self.directory(name, [CONFIG_FILE]), CONFIG_FILE))

    def _record(self, name, file_name):
        records = self.entry(name)["files"]
        if file_name not in records:
            raise ValueError(
                f"The index of {self.location} lists no file {file_name!r} for preset '{name}'; "
                "the index and the preset disagree. Re-publish the preset (tools/publish_preset.py)."
            )
        return records[file_name]


class LocalRegistry(Registry):
    """A registry folder on disk, such as the repository's `zoo/`.

    Example:

    >>> import os, keras_gans
    >>> shipped = os.path.join(os.path.dirname(os.path.dirname(keras_gans.__file__)), "zoo")
    >>> "ring_gan" in LocalRegistry(shipped).names()
    True
    """

    def __init__(self, root):
        self.root = os.fspath(root)
        self.location = self.root
        super().__init__(read_json(os.path.join(self.root, INDEX_FILE)))

    def directory(self, name, files):
        directory = os.path.join(self.root, name)
        for file_name in files:
            record = self._record(name, file_name)
            path = os.path.join(directory, file_name)
            if not os.path.isfile(path):
                raise FileNotFoundError(f"Preset '{name}' is missing {path}, which the index lists.")
            if file_hash(path) != record["sha256"]:
                raise ValueError(
                    f"{path} does not match the SHA-256 in {self.root}/{INDEX_FILE}: the file changed "
                    "after the preset was published. Restore it (git checkout) or re-publish the "
                    "preset with tools/publish_preset.py."
                )
        return directory


class RemoteRegistry(Registry):
    """A registry served at `base_url` (`https://…` or `file://…`).

    The index is downloaded when a preset is not yet in the cache (a cached
    copy is used when the server cannot be reached); files are downloaded
    once, checked against the index's SHA-256, and moved into the cache
    only when they match.
    """

    def __init__(self, base_url, cache_dir=None, timeout=30):
        self.base_url = base_url.rstrip("/")
        self.location = self.base_url
        # One cache folder per registry URL: two registries may both have a
        # preset of the same name.
        key = hashlib.sha256(self.base_url.encode()).hexdigest()[:16]
        self.cache_dir = os.path.join(cache_dir or cache_root(), key)
        self.timeout = timeout
        cached = self._cached_index()
        # Whether the index was read from the server by this object.
        self._fresh = cached is None
        super().__init__(cached or self._download_index())

    def lists(self, name):
        if name not in self.index["presets"]:
            self._refresh()
        return name in self.index["presets"]

    def directory(self, name, files):
        if not self._all_cached(name, files):
            self._refresh()
        directory = os.path.join(self.cache_dir, name)
        for file_name in files:
            fetch(
                f"{self.base_url}/{name}/{file_name}", self._record(name, file_name)["sha256"],
                file_name=file_name, cache_dir=directory, timeout=self.timeout,
            )
        return directory

    def _refresh(self):
        # A cached index may be older than the server's; read it again once.
        if not self._fresh:
            self.index = _check_index(self._download_index(), self.location)
            self._fresh = True

    def _all_cached(self, name, files):
        if name not in self.index["presets"]:
            return False
        directory = os.path.join(self.cache_dir, name)
        records = self.index["presets"][name]["files"]
        return all(
            file_name in records and os.path.isfile(os.path.join(directory, file_name))
            for file_name in files
        )

    def _cached_index(self):
        path = os.path.join(self.cache_dir, INDEX_FILE)
        return read_json(path) if os.path.isfile(path) else None

    def _download_index(self):
        url = f"{self.base_url}/{INDEX_FILE}"
        try:
            with urllib.request.urlopen(url, timeout=self.timeout) as response:
                text = response.read().decode("utf-8")
            index = json.loads(text)
        except (OSError, ValueError) as error:
            cached = self._cached_index()
            if cached is not None:
                return cached
            raise ConnectionError(
                f"Could not read the zoo index at {url} ({type(error).__name__}: {error}) and there "
                "is no cached copy. Check the URL and your connection, or load a preset shipped "
                "with keras-gans or a local preset directory."
            ) from None
        _check_index(index, url)
        with atomic_path(os.path.join(self.cache_dir, INDEX_FILE)) as temporary, open(temporary, "w") as file:
            file.write(text)
        return index


def index_entry(preset_dir, summary):
    """An index entry for a preset directory: `summary` plus every file's hash and size."""
    files = {}
    for file_name in sorted(os.listdir(preset_dir)):
        path = os.path.join(preset_dir, file_name)
        if os.path.isfile(path) and not file_name.startswith("."):
            files[file_name] = {"sha256": file_hash(path), "bytes": os.path.getsize(path)}
    return {**summary, "files": files}


def write_index_entry(root, name, entry):
    """Adds or replaces `name` in `<root>/index.json`, written atomically."""
    path = os.path.join(root, INDEX_FILE)
    index = read_json(path) if os.path.exists(path) else {"format_version": INDEX_FORMAT_VERSION, "presets": {}}
    index["presets"][name] = entry
    index["presets"] = dict(sorted(index["presets"].items()))
    with atomic_path(path) as temporary, open(temporary, "w") as file:
        json.dump(index, file, indent=2)
        file.write("\n")


def _check_index(index, location):
    if not isinstance(index, dict) or not isinstance(index.get("presets"), dict):
        raise ValueError(f"The zoo index at {location} is not a keras-gans index (no 'presets' table).")
    if index.get("format_version", 0) > INDEX_FORMAT_VERSION:
        raise ValueError(
            f"The zoo index at {location} has format {index['format_version']}, newer than this "
            "keras-gans reads. Upgrade keras-gans (pip install -U keras-gans)."
        )
    return index


def unknown_name_message(name, names, location):
    close = difflib.get_close_matches(str(name), names, n=3, cutoff=0.5)
    hint = f" Did you mean {' or '.join(repr(n) for n in close)}?" if close else ""
    return (
        f"Unknown preset {name!r} in the zoo at {location}.{hint} "
        f"Known presets: {', '.join(names) or 'none'} (keras-gans zoo list)."
    )
