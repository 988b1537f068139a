"""Gradients on TensorFlow: a `GradientTape` inside Keras' `tf.function`."""

import tensorflow as tf


def value_and_grad(fn, variables):
    with tf.GradientTape() as tape:
        value, aux = fn()
    return (value, aux), tape.gradient(value, variables)


def apply_gradients(optimizer, grads, variables):
    optimizer.apply(grads, variables)


def run_step(step_fn, state_variables, data):
    return step_fn(data)
