"""The one place where keras-gans differs per backend.

Everything else in the package is written in `keras.ops`. Each backend module
provides the same seven functions:

- `value_and_grad(fn, variables)`: calls `fn()`, which returns
  `(value, aux)`, and returns `((value, aux), grads)` with the gradients of
  `value` with respect to `variables`.
- `input_gradient(fn, inputs)`: the gradient of `sum(fn(inputs))` with
  respect to `inputs` (a tensor or a list of them), itself differentiable:
  inside `value_and_grad` the outer gradient includes its second-order term
  (gradient penalties, unrolled discriminator steps).
- `apply_gradients(optimizer, grads, variables)`: one optimizer update.
- `run_step(step_fn, state_variables, *args)`: adapts a stateful
  `step_fn(data) -> logs` to the signature of the backend's trainer
  (`train_step(data)` on TensorFlow and PyTorch, `train_step(state, data)` on
  JAX). `state_variables` is a callable returning the variable lists that make
  up the trainer's state; only JAX reads it.
- `fit_input(x, y, fit_kwargs)`: returns `(x, y, fit_kwargs)` to hand to
  `keras.Model.fit`; TensorFlow replaces NumPy arrays by its own pipeline.
- `sync_variables(model)`: makes the model's variables hold the current
  training state during `fit` (only JAX keeps it elsewhere).
- `replica_rows(draw, batch_size)`: `draw(batch_size)`, except in a
  replica of a TensorFlow strategy, where every replica draws from the
  same seed state: there it is this replica's rows of `draw` for the
  global batch, so the replicas' noise together is the single-device noise.
"""

import keras

_BACKEND = keras.backend.backend()

if _BACKEND == "tensorflow":
    from keras_gans.backend.tensorflow import (
        apply_gradients,
        fit_input,
        input_gradient,
        replica_rows,
        run_step,
        sync_variables,
        value_and_grad,
    )
elif _BACKEND == "jax":
    from keras_gans.backend.jax import (
        apply_gradients,
        fit_input,
        input_gradient,
        replica_rows,
        run_step,
        sync_variables,
        value_and_grad,
    )
elif _BACKEND == "torch":
    from keras_gans.backend.torch import (
        apply_gradients,
        fit_input,
        input_gradient,
        replica_rows,
        run_step,
        sync_variables,
        value_and_grad,
    )
else:
    raise ImportError(
        f"keras-gans supports the tensorflow, jax and torch backends; "
        f"KERAS_BACKEND is '{_BACKEND}'. Set KERAS_BACKEND to one of those."
    )

__all__ = ["apply_gradients", "fit_input", "input_gradient", "replica_rows", "run_step", "sync_variables", "value_and_grad"]
