import keras
import numpy as np
import pytest

from keras_gans.networks import MinibatchDiscrimination, MinibatchStdDev


def numpy(x):
    return keras.ops.convert_to_numpy(x)


def test_minibatch_stddev_by_hand_on_images_in_groups():
    x = np.random.default_rng(0).normal(size=(6, 4, 4, 3)).astype("float32")
    out = numpy(MinibatchStdDev(group_size=2)(x))
    assert out.shape == (6, 4, 4, 4)
    np.testing.assert_array_equal(out[..., :3], x)
    # Groups of 2: samples i and i + 3 (i mod 3).
    for i in range(3):
        expected = np.sqrt(np.var(x[[i, i + 3]], axis=0) + 1e-8).mean()
        np.testing.assert_allclose(out[[i, i + 3], ..., 3], expected, rtol=1e-5)


def test_minibatch_stddev_sees_a_collapsed_batch():
    varied = np.random.default_rng(1).normal(size=(8, 5)).astype("float32")
    collapsed = np.repeat(varied[:1], 8, axis=0)
    layer = MinibatchStdDev()
    assert numpy(layer(varied))[0, -1] > 0.5
    assert numpy(layer(collapsed))[0, -1] < 1e-3


def test_minibatch_discrimination_depends_on_the_other_samples():
    rng = np.random.default_rng(2)
    layer = MinibatchDiscrimination(kernels=4, kernel_dim=3)
    batch = rng.normal(size=(5, 6)).astype("float32")
    out = numpy(layer(batch))
    assert out.shape == (5, 10)
    np.testing.assert_array_equal(out[:, :6], batch)
    # By hand from the layer's projection.
    rows = (batch @ numpy(layer.kernel)).reshape(5, 4, 3)
    distances = np.abs(rows[:, None] - rows[None, :]).sum(-1)
    np.testing.assert_allclose(out[:, 6:], np.exp(-distances).sum(1) - 1, rtol=1e-4, atol=1e-6)
    # Sample 0's closeness features change when only the others change.
    other = batch.copy()
    other[1:] = rng.normal(size=(4, 6))
    assert not np.allclose(numpy(layer(other))[0, 6:], out[0, 6:])


def test_minibatch_layers_serialize_and_refuse_bad_settings(tmp_path):
    inputs = keras.Input((6,))
    x = MinibatchDiscrimination(kernels=3, kernel_dim=2)(inputs)
    x = MinibatchStdDev(group_size=2)(x)
    model = keras.Model(inputs, keras.layers.Dense(1)(x))
    batch = np.random.default_rng(3).normal(size=(4, 6)).astype("float32")
    model.save(tmp_path / "m.keras")
    np.testing.assert_allclose(numpy(keras.saving.load_model(tmp_path / "m.keras")(batch)), numpy(model(batch)), rtol=1e-5)
    with pytest.raises(ValueError, match="group_size must be at least 2"):
        MinibatchStdDev(group_size=1)
    with pytest.raises(ValueError, match="Flatten the features first"):
        MinibatchDiscrimination()(np.ones((2, 3, 3), "float32"))
