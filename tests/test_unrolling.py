"""The unrolled copy's update rules against the optimizers they imitate."""

import keras
import numpy as np
import pytest

from keras_gans import backend, cli
from keras_gans.unrolling import UPDATES, check_update, unrolled_step

GRADIENTS = [np.random.default_rng(i).normal(size=(3, 2)).astype("float32") for i in range(4)]


def adam_with_history(**kwargs):
    """A variable and the Adam that has taken two steps on it, so its moments are not zero."""
    variable = keras.Variable(np.random.default_rng(9).normal(size=(3, 2)).astype("float32"))
    adam = keras.optimizers.Adam(learning_rate=0.05, beta_1=0.5, **kwargs)
    for grad in GRADIENTS[:2]:
        adam.apply_gradients([(keras.ops.convert_to_tensor(grad), variable)])
    return variable, adam


def numpy(x):
    return keras.ops.convert_to_numpy(x)


def test_adam_steps_of_the_copy_are_the_optimizer_s_own_steps_and_leave_its_state_alone():
    variable, adam = adam_with_history()
    moments_before = [numpy(v).copy() for v in adam.variables]
    step = unrolled_step("adam", adam, [variable])
    values = [variable.value]
    for grad in GRADIENTS[2:]:
        values = step(values, [keras.ops.convert_to_tensor(grad)])
    # Reading the state must not move it: the real discriminator steps on its own.
    for before, after in zip(moments_before, adam.variables):
        np.testing.assert_array_equal(before, numpy(after))
    for grad in GRADIENTS[2:]:
        adam.apply_gradients([(keras.ops.convert_to_tensor(grad), variable)])
    np.testing.assert_allclose(numpy(values[0]), numpy(variable), rtol=1e-5, atol=1e-6)


def test_the_adam_copy_takes_the_optimizer_s_scheduled_rate_unless_given_one():
    schedule = keras.optimizers.schedules.ExponentialDecay(0.05, decay_steps=1, decay_rate=0.5)
    variable = keras.Variable(np.ones((3, 2), "float32"))
    adam = keras.optimizers.Adam(learning_rate=schedule)
    adam.apply_gradients([(keras.ops.convert_to_tensor(GRADIENTS[0]), variable)])
    grad = [keras.ops.convert_to_tensor(GRADIENTS[1])]
    start = numpy(variable).copy()
    scheduled = numpy(unrolled_step("adam", adam, [variable])([variable.value], grad)[0])
    doubled = numpy(unrolled_step("adam", adam, [variable], learning_rate=0.05)([variable.value], grad)[0])
    adam.apply_gradients([(grad[0], variable)])  # at the schedule's second rate, 0.025
    np.testing.assert_allclose(scheduled, numpy(variable), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(start - doubled, 2 * (start - scheduled), rtol=1e-4)


def test_a_loss_scaled_adam_is_unrolled_as_the_adam_inside():
    variable, adam = adam_with_history()
    scaled = keras.optimizers.LossScaleOptimizer(adam)
    grad = [keras.ops.convert_to_tensor(GRADIENTS[2])]
    np.testing.assert_array_equal(
        numpy(unrolled_step("adam", scaled, [variable])([variable.value], grad)[0]),
        numpy(unrolled_step("adam", adam, [variable])([variable.value], grad)[0]),
    )


def test_a_weight_that_never_had_a_gradient_stays_put_and_passes_a_finite_derivative():
    # A dead unit's weight: zero gradients so far, so Adam's v is 0.
    variable = keras.Variable(np.ones((2,), "float32"))
    adam = keras.optimizers.Adam(0.1)
    adam.apply_gradients([(keras.ops.zeros((2,)), variable)])

    def stepped(grad):
        return unrolled_step("adam", adam, [variable])([variable.value], [grad])[0]

    np.testing.assert_array_equal(numpy(stepped(keras.ops.zeros((2,)))), [1.0, 1.0])
    slope = numpy(backend.input_gradient(stepped, keras.ops.zeros((2,))))
    assert np.isfinite(slope).all()


def test_gradient_descent_steps_at_the_given_rate():
    variable = keras.Variable(np.ones((3, 2), "float32"))
    step = unrolled_step("gradient_descent", keras.optimizers.Adam(), [variable], learning_rate=0.5)
    values = step(step([variable.value], [GRADIENTS[0]]), [GRADIENTS[1]])
    np.testing.assert_allclose(numpy(values[0]), 1.0 - 0.5 * (GRADIENTS[0] + GRADIENTS[1]), rtol=1e-6)


def test_rules_that_cannot_be_unrolled_are_explained():
    with pytest.raises(ValueError, match="unrolled_update.*'momentum'.*gradient_descent"):
        check_update("momentum")
    with pytest.raises(ValueError, match="d_optimizer is SGD.*keras.optimizers.Adam"):
        check_update("adam", keras.optimizers.SGD())
    with pytest.raises(ValueError, match="AMSGrad"):
        check_update("adam", keras.optimizers.Adam(amsgrad=True))
    with pytest.raises(ValueError, match="needs a learning_rate"):
        unrolled_step("gradient_descent", keras.optimizers.Adam(), [])


@pytest.mark.parametrize("update", UPDATES)
def test_the_cli_offers_every_rule(update):
    assert cli.build_parser().parse_args(["train", "gan", "--unrolled-update", update]).unrolled_update == update
