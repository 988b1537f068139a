"""Running a network over a large array, a batch at a time."""

import keras
import numpy as np


def predict_batch(network, inputs):
    """`network.predict_on_batch(inputs)` as NumPy, on one device or several.

    Under a TensorFlow `MirroredStrategy`, Keras' `predict_on_batch` gives
    every replica the whole batch and returns the copies one after another
    (a batch of 3 comes back as 6 rows on 2 replicas); there the network is
    called directly instead.

    Example:

    >>> network = keras.Sequential([keras.Input((2,)), keras.layers.Dense(3)])
    >>> predict_batch(network, np.zeros((3, 2), "float32")).shape
    (3, 3)
    """
    strategy = getattr(network, "distribute_strategy", None)
    if strategy is not None and strategy.num_replicas_in_sync > 1:
        return keras.ops.convert_to_numpy(network(inputs, training=False))
    return network.predict_on_batch(inputs)


def predict_in_batches(network, array, batch_size=256):
    """`predict_batch` over `array` in slices, as one float32 NumPy array.

    Example:

    >>> network = keras.Sequential([keras.Input((2,)), keras.layers.Dense(3)])
    >>> predict_in_batches(network, np.zeros((5, 2), "float32"), batch_size=2).shape
    (5, 3)
    """
    outputs = [predict_batch(network, array[i : i + batch_size]) for i in range(0, len(array), batch_size)]
    return np.concatenate(outputs).astype("float32")
