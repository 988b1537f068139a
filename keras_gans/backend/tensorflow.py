"""Gradients on TensorFlow: a `GradientTape` inside Keras' `tf.function`.

Under a `tf.distribute` strategy each replica runs the step on its share of
the batch and the optimizers sum the replicas' gradients, so each replica
takes the gradient of its loss divided by the number of replicas: the sum is
then the gradient of the global batch's mean loss.
"""

import numpy as np
import tensorflow as tf

# Options `fit_input` cannot express with its own pipeline; with any of them
# the array goes to Keras as it is.
_ARRAY_ONLY_OPTIONS = ("validation_split", "sample_weight", "class_weight")


def value_and_grad(fn, variables):
    with tf.GradientTape() as tape:
        value, aux = fn()
        replicas = tf.distribute.get_strategy().num_replicas_in_sync
        share = value / replicas if replicas > 1 else value
    return (value, aux), tape.gradient(share, variables)


def input_gradient(fn, inputs):
    # Inside `value_and_grad`'s tape, this tape's gradient is itself
    # recorded, which gives the second-order term.
    inputs = tf.nest.map_structure(tf.convert_to_tensor, inputs)
    with tf.GradientTape() as tape:
        tape.watch(inputs)
        outputs = fn(inputs)
    return tape.gradient(outputs, inputs)


def apply_gradients(optimizer, grads, variables):
    optimizer.apply(grads, variables)


def run_step(step_fn, state_variables, data):
    return step_fn(data)


def fit_input(x, y, fit_kwargs):
    """Feeds NumPy arrays through a tf.data pipeline with autotuning off.

    Keras turns arrays into a pipeline with tf.data autotuning on; on a
    2-core machine that ran whole `fit` calls at half speed, the step's work
    serialised on one core (docs/benchmarks.md). The same batches from a
    pipeline without autotuning ran at full speed every time.
    """
    shuffle = fit_kwargs.get("shuffle", True)
    arrays = (x,) if y is None else (x, y)
    if (
        not all(isinstance(array, np.ndarray) for array in arrays)
        or shuffle not in (True, False)
        or any(fit_kwargs.get(name) for name in _ARRAY_ONLY_OPTIONS)
    ):
        return x, y, fit_kwargs
    fit_kwargs = dict(fit_kwargs)
    batch_size = fit_kwargs.pop("batch_size", None) or 32
    fit_kwargs["shuffle"] = False
    tensors = tuple(tf.constant(array) for array in arrays)
    # Shuffle indices, not samples: the buffer then holds 8 bytes per sample.
    indices = tf.data.Dataset.range(len(x))
    if shuffle:
        indices = indices.shuffle(len(x), reshuffle_each_iteration=True)
    dataset = indices.batch(batch_size).map(
        lambda i: tuple(tf.gather(tensor, i) for tensor in tensors)
    )
    options = tf.data.Options()
    options.autotune.enabled = False
    return dataset.prefetch(1).with_options(options), None, fit_kwargs


def sync_variables(model):
    return None


def replica_rows(draw, batch_size):
    context = tf.distribute.get_replica_context()
    replicas = context.num_replicas_in_sync if context is not None else 1
    if replicas == 1:
        return draw(batch_size)
    start = context.replica_id_in_sync_group * batch_size
    return draw(batch_size * replicas)[start : start + batch_size]
