import keras
import numpy as np
import pytest

from keras_gans.networks.layers import Maxout


def test_maxout_is_the_max_of_its_pieces():
    layer = Maxout(units=3, pieces=4)
    x = np.random.default_rng(0).standard_normal((5, 6)).astype("float32")
    out = keras.ops.convert_to_numpy(layer(x))
    kernel, bias = (keras.ops.convert_to_numpy(w) for w in (layer.kernel, layer.bias))
    pieces = (x @ kernel + bias).reshape(5, 3, 4)
    np.testing.assert_allclose(out, pieces.max(axis=-1), rtol=1e-5, atol=1e-6)


def test_maxout_keeps_leading_axes():
    assert Maxout(2, 3)(np.ones((2, 7, 4), "float32")).shape == (2, 7, 2)
    assert Maxout(2, 3).compute_output_shape((None, 7, 4)) == (None, 7, 2)


def test_maxout_round_trips_its_config():
    layer = Maxout(units=4, pieces=2, kernel_initializer="zeros", name="m")
    restored = keras.layers.deserialize(keras.layers.serialize(layer))
    assert (restored.units, restored.pieces, restored.name) == (4, 2, "m")
    assert isinstance(restored.kernel_initializer, keras.initializers.Zeros)


def test_maxout_rejects_empty_sizes():
    with pytest.raises(ValueError, match="units >= 1 and pieces >= 1"):
        Maxout(0, 5)
