"""Gradients on JAX: stateful Keras code run inside stateless scopes.

The JAX trainer passes the model's state in as arrays and expects the new
state back. `run_step` maps every state variable to its array in a
`StatelessScope`, so the shared step can read and assign variables as on the
other backends, and collects the new values at the end.

`value_and_grad` turns `fn` into a pure function of the target variables'
values for `jax.value_and_grad`; `input_gradient` does the same for
`jax.grad` with respect to an input. An inner `StatelessScope` does not fall back
to the outer one, so it maps every other state variable too, and the updates
`fn` makes to them (batch-norm statistics, seed states) are copied back into
the outer scope.
"""

import jax
from keras import StatelessScope
from keras.src.backend.common.stateless_scope import get_stateless_scope


class _StateScope(StatelessScope):
    """A `StatelessScope` that remembers which variables it maps."""

    def __init__(self, variables, values):
        self.variables = list(variables)
        super().__init__(state_mapping=list(zip(self.variables, values)))


def _as_pure(fn, outer, targets):
    """`fn` as a pure function of the `targets`' values, for JAX transforms.

    Returns `(pure_fn, updated)`. `pure_fn(target_values, *args)` runs
    `fn(*args)` with the targets holding `target_values` and every other
    variable of `outer` its current value, and returns `(result,
    new_values)`: the values `fn` assigned to the variables listed in
    `updated` after the call.
    """
    target_ids = {id(v) for v in targets}
    others = [v for v in outer.variables if id(v) not in target_ids]
    updated = []

    def pure_fn(target_values, *args):
        other_values = [outer.get_current_value(v) for v in others]
        with _StateScope(targets + others, list(target_values) + other_values) as inner:
            initial = dict(inner.state_mapping)
            result = fn(*args)
        updated[:] = [v for v in others if inner.state_mapping[id(v)] is not initial[id(v)]]
        return result, [inner.get_current_value(v) for v in updated]

    return pure_fn, updated


def _record(outer, variables, values):
    for variable, value in zip(variables, values):
        outer.add_update((variable, value))


def value_and_grad(fn, variables):
    outer = get_stateless_scope()
    if not isinstance(outer, _StateScope):
        raise RuntimeError(
            "keras_gans.backend.value_and_grad must run inside a train or "
            "test step on the JAX backend."
        )
    targets = list(variables)
    pure_fn, updated = _as_pure(fn, outer, targets)

    def value_with_aux(target_values):
        (value, aux), new_values = pure_fn(target_values)
        return value, (aux, new_values)

    target_values = [outer.get_current_value(v) for v in targets]
    (value, (aux, new_values)), grads = jax.value_and_grad(value_with_aux, has_aux=True)(target_values)
    _record(outer, updated, new_values)
    return (value, aux), grads


def input_gradient(fn, inputs):
    outer = get_stateless_scope()
    if not isinstance(outer, _StateScope):
        # Outside a step nothing is traced, so `fn` may read its variables.
        return jax.grad(lambda x: jax.numpy.sum(fn(x)))(inputs)
    pure_fn, updated = _as_pure(fn, outer, [])

    def total(x):
        outputs, new_values = pure_fn([], x)
        return jax.numpy.sum(outputs), new_values

    grads, new_values = jax.grad(total, has_aux=True)(inputs)
    _record(outer, updated, new_values)
    return grads


def apply_gradients(optimizer, grads, variables):
    # The stateless form: a `LossScaleOptimizer` chooses between updating and
    # skipping with `ops.cond`, and assignments made inside a traced branch
    # would leak its tracers into the step's scope.
    scope = get_stateless_scope()
    new_values, new_optimizer_values = optimizer.stateless_apply(
        [scope.get_current_value(v) for v in optimizer.variables],
        grads,
        [scope.get_current_value(v) for v in variables],
    )
    for variable, value in zip(list(variables) + optimizer.variables, new_values + new_optimizer_values):
        variable.assign(value)


def run_step(step_fn, state_variables, state, data):
    groups = state_variables()
    variables = [v for group in groups for v in group]
    values = [x for group in state for x in group]
    with _StateScope(variables, values) as scope:
        logs = step_fn(data)
    new_state = tuple([scope.get_current_value(v) for v in group] for group in groups)
    return logs, new_state


def fit_input(x, y, fit_kwargs):
    return x, y, fit_kwargs


def sync_variables(model):
    # During `fit` the JAX trainer keeps the state outside the variables;
    # write it back before reading them (e.g. to save a checkpoint).
    model.jax_state_sync()


def replica_rows(draw, batch_size):
    # A `DataParallel` step is one program over the global batch.
    return draw(batch_size)
