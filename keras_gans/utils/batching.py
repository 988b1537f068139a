"""Running a network over a large array, a batch at a time."""

import numpy as np


def predict_in_batches(network, array, batch_size=256):
    """`network.predict_on_batch` over `array` in slices, as one float32 NumPy array.

    Example:

    >>> import keras
    >>> network = keras.Sequential([keras.Input((2,)), keras.layers.Dense(3)])
    >>> predict_in_batches(network, np.zeros((5, 2), "float32"), batch_size=2).shape
    (5, 3)
    """
    outputs = [network.predict_on_batch(array[i : i + batch_size]) for i in range(0, len(array), batch_size)]
    return np.concatenate(outputs).astype("float32")
