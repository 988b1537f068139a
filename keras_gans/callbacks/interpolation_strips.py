"""Latent-space interpolation strips, saved every few epochs."""

import os

import keras

from keras_gans.utils.latent import interpolation_latents
from keras_gans.utils.plotting import save_image_grid


class InterpolationStrips(keras.callbacks.Callback):
    """Saves rows of images along straight or great-circle paths in latent space.

    Each row walks from one fixed z to another in `num_steps` steps: smooth
    rows mean the generator learned a smooth mapping rather than memorising
    (Radford et al. 2016, §6.1).

    Args:
        directory: where to write `interpolation_epoch_0001.png`, ...
        every_n_epochs: how often to write.
        num_strips: rows per figure.
        num_steps: images per row.
        spherical: great-circle (`slerp`) rather than straight-line paths.
        seed: seed of the rows' end points.

    Example:

    >>> callback = InterpolationStrips("runs/example/interpolation", every_n_epochs=5)
    """

    def __init__(self, directory, every_n_epochs=1, num_strips=4, num_steps=8, spherical=True, seed=0):
        super().__init__()
        self.directory = directory
        self.every_n_epochs = int(every_n_epochs)
        self.num_strips = int(num_strips)
        self.num_steps = int(num_steps)
        self.spherical = spherical
        self.seed = seed

    def on_epoch_end(self, epoch, logs=None):
        if (epoch + 1) % self.every_n_epochs:
            return
        latents = interpolation_latents(
            self.model.latent_dim, self.num_strips, self.num_steps, self.spherical, self.seed
        )
        images = self.model.generate(latent=latents)
        path = os.path.join(self.directory, f"interpolation_epoch_{epoch + 1:04d}.png")
        save_image_grid(images, path, rows=self.num_strips)
