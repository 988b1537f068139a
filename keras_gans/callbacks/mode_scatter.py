"""For 2D data: generated samples scattered over the true modes."""

import os

import keras

from keras_gans.utils.plotting import plot_points_over_modes


class ModeScatter(keras.callbacks.Callback):
    """Saves a scatter of generated 2D samples over the mixture's modes every N epochs.

    Args:
        modes: `(k, 2)` mode centres, e.g. `keras_gans.data.ring().modes`.
        directory: where to write `modes_epoch_0001.png`, ...
        every_n_epochs: how often to write.
        num_samples: points per plot (2,500 as in the PacGAN protocol).
        seed: seed of the latents (the same points' latents every time).

    Example:

    >>> from keras_gans.data import ring
    >>> callback = ModeScatter(ring().modes, "runs/ring/modes", every_n_epochs=10)
    """

    def __init__(self, modes, directory, every_n_epochs=1, num_samples=2500, seed=0):
        super().__init__()
        self.modes = modes
        self.directory = directory
        self.every_n_epochs = int(every_n_epochs)
        self.num_samples = int(num_samples)
        self.seed = seed

    def on_epoch_end(self, epoch, logs=None):
        if (epoch + 1) % self.every_n_epochs:
            return
        points = self.model.generate(self.num_samples, seed=self.seed)
        if points.ndim != 2 or points.shape[1] != 2:
            raise ValueError(f"ModeScatter needs a model of 2D points; this one generates {points.shape[1:]}.")
        path = os.path.join(self.directory, f"modes_epoch_{epoch + 1:04d}.png")
        plot_points_over_modes(points, self.modes, path, title=f"Epoch {epoch + 1}")
