"""The model zoo: pretrained presets with verified weights and provenance.

>>> from keras_gans import zoo
>>> names = zoo.list()                        # every preset
>>> gan = zoo.load("dcgan_fashion_mnist")     # or models.DCGAN.from_preset(...)

Presets ship in the repository's `zoo/` folder; a registry hosted elsewhere
is read from `$KERAS_GANS_ZOO_URL`; a preset can also be loaded from its
directory or URL. See `keras_gans/zoo/registry.py` for the layout.
"""

from keras_gans.zoo.loading import ZOO_URL_VARIABLE, download, info, load, registries, shipped_zoo
from keras_gans.zoo.loading import list_presets as list  # noqa: A001 - zoo.list(), as the docs promise
from keras_gans.zoo.preset import load_preset, preset_networks, save_preset
from keras_gans.zoo.registry import LocalRegistry, RemoteRegistry, UnknownPresetError, cache_root
