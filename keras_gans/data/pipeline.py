"""Batched, shuffled `tf.data` pipelines whose batch order can be resumed.

The order of every epoch is a pure function of `(seed, epoch)`: batch `p` of
epoch `e` holds the samples at positions `p·B … p·B + B − 1` of a random
permutation keyed by `(seed, e)` (`tf.random.experimental.index_shuffle`).
Nothing depends on how many times the data was iterated before, so a run
restarted at epoch `e`, step `k`, sees exactly the batches an uninterrupted
run would have seen. `GAN.fit` keeps the pipeline's `EpochCursor` in step
with its epochs; `Checkpoint` uses it to resume mid-epoch.
"""

import keras
import numpy as np
import tensorflow as tf

# Name of the attribute that carries a dataset's cursor to `GAN.fit`.
CURSOR_ATTRIBUTE = "_keras_gans_cursor"


class EpochCursor:
    """Which epoch a pipeline is serving, and the step it starts at.

    Both are `tf.Variable`s read by the pipeline each time an epoch's
    iterator starts, so they can be moved without rebuilding the dataset.
    """

    def __init__(self, steps_per_epoch):
        self.steps_per_epoch = int(steps_per_epoch)
        self.epoch = tf.Variable(0, dtype=tf.int64, trainable=False)
        self.first_step = tf.Variable(0, dtype=tf.int64, trainable=False)

    def move_to(self, epoch, first_step=0):
        self.epoch.assign(int(epoch))
        self.first_step.assign(int(first_step))

    def callback(self):
        """A callback that points the cursor at each epoch as `fit` starts it."""
        return _FollowEpochs(self)


class _FollowEpochs(keras.callbacks.Callback):
    def __init__(self, cursor):
        super().__init__()
        self.cursor = cursor

    def on_epoch_begin(self, epoch, logs=None):
        self.cursor.epoch.assign(epoch)

    def on_epoch_end(self, epoch, logs=None):
        # A resumed epoch starts mid-way; the ones after it start at step 0.
        self.cursor.first_step.assign(0)


def cursor_of(dataset):
    """The `EpochCursor` of a pipeline built here, or None for other data."""
    return getattr(dataset, CURSOR_ATTRIBUTE, None)


def batched_dataset(arrays, batch_size, shuffle=True, seed=0, steps_per_epoch=None, preprocess=None):
    """Builds a resumable pipeline over in-memory arrays.

    Args:
        arrays: one array, or a tuple of arrays with the same first axis
            (e.g. `(images, labels)`).
        batch_size: samples per batch. Every batch is full; the samples left
            over at the end of an epoch are not used in that epoch (a
            different set each epoch when shuffling).
        shuffle: draw a new permutation every epoch.
        seed: int, the permutations' seed.
        steps_per_epoch: batches per epoch; at most (and by default) the
            number of full batches in the arrays.
        preprocess: function applied to each batch (the same structure as
            `arrays`) inside the pipeline, e.g. scaling uint8 images.

    Returns:
        A `tf.data.Dataset` of batches with a known length, prefetching one
        batch, with tf.data autotuning off (see docs/benchmarks.md).
    """
    single = not isinstance(arrays, (tuple, list))
    arrays = (arrays,) if single else tuple(arrays)
    num_samples = len(arrays[0])
    if any(len(array) != num_samples for array in arrays):
        raise ValueError(f"The arrays have different lengths: {[len(a) for a in arrays]}.")
    steps = _steps_per_epoch(num_samples, batch_size, steps_per_epoch)
    cursor = EpochCursor(steps)
    tensors = tuple(tf.constant(np.asarray(array)) for array in arrays)
    seed = int(seed or 0)

    def batch_at(position):
        epoch = cursor.epoch.read_value()
        step = (position + cursor.first_step.read_value()) % steps
        indices = step * batch_size + tf.range(batch_size, dtype=tf.int64)
        if shuffle:
            key = tf.stack([tf.constant(seed, tf.int64), epoch])
            indices = tf.random.experimental.index_shuffle(indices, key, num_samples - 1)
        batch = tuple(tf.gather(tensor, indices) for tensor in tensors)
        batch = batch[0] if single else batch
        return preprocess(batch) if preprocess else batch

    dataset = tf.data.Dataset.range(steps).map(batch_at).prefetch(1)
    options = tf.data.Options()
    options.autotune.enabled = False
    dataset = dataset.with_options(options)
    setattr(dataset, CURSOR_ATTRIBUTE, cursor)
    return dataset


def _steps_per_epoch(num_samples, batch_size, steps_per_epoch):
    batch_size = int(batch_size)
    if batch_size < 1:
        raise ValueError(f"batch_size must be a positive integer, got {batch_size}.")
    if batch_size > num_samples:
        raise ValueError(
            f"The batch size ({batch_size}) is larger than the dataset ({num_samples} "
            f"samples); use a batch size of at most {num_samples}."
        )
    full_batches = num_samples // batch_size
    if steps_per_epoch is None:
        return full_batches
    if int(steps_per_epoch) < 1:
        raise ValueError(f"steps_per_epoch must be a positive integer, got {steps_per_epoch}.")
    return min(int(steps_per_epoch), full_batches)
