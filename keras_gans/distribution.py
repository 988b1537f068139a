"""Training on several devices: data parallelism on TensorFlow and JAX.

Call `data_parallel()` before building a model; every model built after it
keeps a copy of its variables on each device, each `fit` batch is split
across the devices, and the gradients are those of the whole batch. The
`batch_size` given to `fit` (or of the dataset) is the global batch: use a
multiple of the number of devices.

What stays per device: batch-norm statistics on TensorFlow (each replica
normalises its own share; JAX normalises over the global batch) and the
masks of dropout layers on TensorFlow. The GANs' own noise is drawn for the
global batch on every backend, so one distributed step of a model without
batch norm or dropout equals the single-device step on the same batch.
See docs/distributed.md.
"""

import keras


def data_parallel(devices=None):
    """Makes the models built from now on train data-parallel across `devices`.

    On TensorFlow this sets a `tf.distribute.MirroredStrategy` as the
    default strategy; on JAX, a `keras.distribution.DataParallel`
    distribution. PyTorch is not supported (Keras has no distribution API
    for it).

    Args:
        devices: device names (`"/gpu:0"` on TensorFlow, `"gpu:0"` on JAX);
            default: every GPU, or else every CPU device (logical CPUs on
            TensorFlow, `--xla_force_host_platform_device_count` on JAX).

    Returns:
        The strategy (TensorFlow) or the distribution (JAX).

    Example (with two GPUs, say):

        from keras_gans import distribution, models

        distribution.data_parallel()
        gan = models.DCGAN(image_shape=(28, 28, 1))  # a copy on each GPU
        gan.compile()
        gan.fit(images, batch_size=256)  # 128 images per GPU per step
    """
    backend = keras.backend.backend()
    if backend == "tensorflow":
        import tensorflow as tf

        strategy = tf.distribute.MirroredStrategy(devices or _tensorflow_devices(tf))
        tf.distribute.experimental_set_strategy(strategy)
        return strategy
    if backend == "jax":
        chosen = devices or keras.distribution.list_devices()
        distribution = keras.distribution.DataParallel(devices=chosen)
        keras.distribution.set_distribution(distribution)
        return distribution
    raise ValueError(
        f"Training on several devices is supported on the tensorflow and jax backends, not {backend}: "
        "Keras has no distribution API for PyTorch. Set KERAS_BACKEND=jax or tensorflow to use it."
    )


def num_replicas():
    """How many devices a training step is split across.

    Example:

    >>> num_replicas()  # without data_parallel()
    1
    """
    backend = keras.backend.backend()
    if backend == "tensorflow":
        import tensorflow as tf

        return tf.distribute.get_strategy().num_replicas_in_sync
    if backend == "jax":
        distribution = keras.distribution.distribution()
        return 1 if distribution is None else int(distribution.device_mesh.devices.size)
    return 1


def reset():
    """Back to one device for the models built from now on."""
    backend = keras.backend.backend()
    if backend == "tensorflow":
        import tensorflow as tf

        tf.distribute.experimental_set_strategy(None)
    elif backend == "jax":
        keras.distribution.set_distribution(None)


def _tensorflow_devices(tf):
    gpus = tf.config.list_logical_devices("GPU")
    return [device.name for device in (gpus or tf.config.list_logical_devices("CPU"))]
