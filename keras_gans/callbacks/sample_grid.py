"""A grid of samples from a fixed noise batch, saved every few epochs."""

import os

import keras

from keras_gans.utils.plotting import image_grid, save_image_grid


class SampleGrid(keras.callbacks.Callback):
    """Saves a PNG grid of samples from the same latent vectors every N epochs.

    The latents are drawn once, so grids from different epochs show how the
    same noise's images change. With `log_dir`, the grid is also written as
    a TensorBoard image (tag `samples`), step = epoch.

    Args:
        directory: where to write `epoch_0001.png`, `epoch_0002.png`, ...
        every_n_epochs: how often to write a grid.
        num_samples: images per grid.
        seed: seed of the fixed latents (the model's `draw_latent`, NumPy,
            so the same on every backend). A conditional model draws class
            `i % num_classes` for sample i.
        log_dir: a TensorBoard log directory, or None.

    Example:

    >>> callback = SampleGrid("runs/example/samples", every_n_epochs=5)
    >>> # gan.fit(data, epochs=20, callbacks=[callback])
    """

    def __init__(self, directory, every_n_epochs=1, num_samples=64, seed=0, log_dir=None):
        super().__init__()
        if every_n_epochs < 1:
            raise ValueError(f"every_n_epochs must be at least 1, got {every_n_epochs}.")
        self.directory = directory
        self.every_n_epochs = int(every_n_epochs)
        self.num_samples = int(num_samples)
        self.seed = seed
        self.log_dir = log_dir
        self.latent = None
        self._writer = None

    def on_train_begin(self, logs=None):
        if self.latent is None:
            self.latent = self.model.draw_latent(self.num_samples, self.seed)

    def on_epoch_end(self, epoch, logs=None):
        if (epoch + 1) % self.every_n_epochs:
            return
        images = self.model.generate(latent=self.latent)
        save_image_grid(images, self.path_for(epoch))
        if self.log_dir:
            self._log_image(image_grid(images), epoch)

    def path_for(self, epoch):
        """The PNG written at the end of (0-based) `epoch`."""
        return os.path.join(self.directory, f"epoch_{epoch + 1:04d}.png")

    def _log_image(self, grid, epoch):
        import tensorflow as tf

        if self._writer is None:
            self._writer = tf.summary.create_file_writer(self.log_dir)
        with self._writer.as_default():
            tf.summary.image("samples", grid[None], step=epoch + 1)
        self._writer.flush()
