import keras
import numpy as np
import pytest

from keras_gans.optimizers import GANOptimizer


def built_pair():
    pair = GANOptimizer(keras.optimizers.Adam(1e-3), keras.optimizers.SGD(0.1, momentum=0.9))
    g_vars = [keras.Variable(np.zeros(3, "float32"))]
    d_vars = [keras.Variable(np.zeros(2, "float32")), keras.Variable(np.zeros(1, "float32"))]
    pair.build(generator_variables=g_vars, discriminator_variables=d_vars)
    return pair, g_vars, d_vars


def test_reports_both_children_variables():
    pair, _, _ = built_pair()
    own = pair._variables
    expected = own + pair.generator_optimizer.variables + pair.discriminator_optimizer.variables
    assert [id(v) for v in pair.variables] == [id(v) for v in expected]
    # Adam: iterations, lr, 2 moments per variable; SGD: iterations, lr, momentum per variable.
    assert len(pair.generator_optimizer.variables) == 4 and len(pair.discriminator_optimizer.variables) == 4


def test_iterations_are_the_generators():
    pair, g_vars, _ = built_pair()
    pair.generator_optimizer.apply([keras.ops.ones(3)], g_vars)
    assert int(pair.iterations.numpy()) == 1
    assert int(pair.discriminator_optimizer.iterations.numpy()) == 0


def test_later_builds_are_no_ops_and_apply_is_refused():
    pair, _, _ = built_pair()
    count = len(pair.variables)
    pair.build([keras.Variable(np.zeros(5, "float32"))])
    assert len(pair.variables) == count
    with pytest.raises(NotImplementedError, match="generator_optimizer"):
        pair.apply([np.ones(3, "float32")])


def test_unbuilt_pair_needs_the_split():
    with pytest.raises(ValueError, match="compile the GAN"):
        GANOptimizer("adam", "adam").build([])


def test_config_round_trip():
    pair = GANOptimizer(keras.optimizers.Adam(1e-3, beta_1=0.5), "rmsprop")
    restored = GANOptimizer.from_config(pair.get_config())
    assert isinstance(restored.discriminator_optimizer, keras.optimizers.RMSprop)
    assert float(restored.generator_optimizer.beta_1) == 0.5
