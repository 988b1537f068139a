"""The update rules of the unrolled GAN's discriminator copy (Metz et al. 2017).

The generator of an unrolled GAN is scored against a copy of the
discriminator moved k steps ahead, and its gradient flows back through those
steps. `unrolled_step` returns one such step as a function of the copy's
weights and gradients, built from `keras.ops` only, so every backend can
differentiate through it.

- `"gradient_descent"`: `θ ← θ − η g`, at a fixed rate η.
- `"adam"`: the discriminator optimizer's own Adam update, continued from its
  current moment estimates, step count and learning rate, as Metz et al.
  unroll it. Each unrolled step updates the copy's moments too; the
  optimizer's state is only read.

Example:

>>> import keras
>>> variable = keras.Variable([1.0, -2.0])
>>> step = unrolled_step("gradient_descent", keras.optimizers.SGD(), [variable], learning_rate=0.5)
>>> keras.ops.convert_to_numpy(step([variable.value], [keras.ops.ones(2)])[0]).tolist()
[0.5, -2.5]
"""

import keras
from keras import ops

from keras_gans.optimizers import _innermost
from keras_gans.utils.names import unknown_name

UPDATES = ("gradient_descent", "adam")


def check_update(update, optimizer=None):
    """Raises a `ValueError` for an unknown rule, or an `optimizer` the rule cannot unroll."""
    if update not in UPDATES:
        raise ValueError(unknown_name("unrolled_update", update, UPDATES))
    if update == "adam" and optimizer is not None:
        _adam_of(optimizer)


def unrolled_step(update, optimizer, variables, learning_rate=None):
    """One unrolled step of the copy of `variables`: `step(values, grads) -> values`.

    Args:
        update: `"gradient_descent"` or `"adam"`.
        optimizer: the optimizer that trains `variables` (for `"adam"`,
            a `keras.optimizers.Adam`, possibly loss-scaled).
        variables: the discriminator's trainable variables, in the order
            of `values` and `grads`.
        learning_rate: the step size; required for `"gradient_descent"`.
            For `"adam"`, None takes the optimizer's current rate
            (schedules included).

    The returned step keeps the state of its own sequence of steps (Adam's
    moments and step count), so make a new one for every unrolling.
    """
    check_update(update, optimizer)
    if update == "gradient_descent":
        if learning_rate is None:
            raise ValueError("Unrolling by gradient descent needs a learning_rate.")
        return lambda values, grads: [v - learning_rate * ops.cast(g, v.dtype) for v, g in zip(values, grads)]
    return _AdamCopy(_adam_of(optimizer), variables, learning_rate)


def _adam_of(optimizer):
    adam = _innermost(optimizer)
    if not isinstance(adam, keras.optimizers.Adam):
        raise ValueError(
            f"unrolled_update='adam' continues the discriminator optimizer's Adam steps, but "
            f"d_optimizer is {type(adam).__name__}. Give the discriminator a keras.optimizers.Adam, "
            "or unroll with unrolled_update='gradient_descent'."
        )
    if adam.amsgrad:
        raise ValueError(
            "unrolled_update='adam' does not unroll AMSGrad's running maximum; use "
            "Adam(amsgrad=False) for the discriminator, or unrolled_update='gradient_descent'."
        )
    return adam


def _moment_estimates(adam, variables):
    # Keras keeps Adam's moments in private lists, indexed per variable.
    # Reading them here, and only here, keeps that tie in one place.
    indices = [adam._get_variable_index(v) for v in variables]
    return [adam._momentums[i].value for i in indices], [adam._velocities[i].value for i in indices]


class _AdamCopy:
    """Adam steps on a copy of the weights, from the optimizer's state."""

    def __init__(self, adam, variables, learning_rate):
        self.beta_1, self.beta_2, self.epsilon = adam.beta_1, adam.beta_2, adam.epsilon
        self.learning_rate = adam.learning_rate if learning_rate is None else learning_rate
        self.momentums, self.velocities = _moment_estimates(adam, variables)
        self.steps_taken = ops.cast(adam.iterations, "float32")

    def __call__(self, values, grads):
        self.steps_taken = self.steps_taken + 1.0
        # Adam's bias correction, folded into the rate as Keras does.
        corrected_rate = (
            ops.cast(self.learning_rate, "float32")
            * ops.sqrt(1.0 - ops.power(self.beta_2, self.steps_taken))
            / (1.0 - ops.power(self.beta_1, self.steps_taken))
        )
        new_values, momentums, velocities = [], [], []
        for value, grad, m, v in zip(values, grads, self.momentums, self.velocities):
            grad = ops.cast(grad, value.dtype)
            rate = ops.cast(corrected_rate, value.dtype)
            m = m + (grad - m) * (1.0 - self.beta_1)
            v = v + (ops.square(grad) - v) * (1.0 - self.beta_2)
            # √v has an infinite slope at 0, where a weight that has only ever
            # had zero gradients (a dead unit's) sits; the floor keeps its
            # derivative finite and changes no value above Adam's epsilon.
            root = ops.sqrt(ops.maximum(v, 1e-30))
            new_values.append(value - rate * m / (root + self.epsilon))
            momentums.append(m)
            velocities.append(v)
        self.momentums, self.velocities = momentums, velocities
        return new_values
