"""Latent-space interpolation strips, saved every few epochs."""

import os

import keras
import numpy as np

from keras_gans.utils.latent import interpolation_latents
from keras_gans.utils.plotting import save_image_grid


class InterpolationStrips(keras.callbacks.Callback):
    """Saves rows of images along straight or great-circle paths in latent space.

    Each row walks from one fixed noise vector to another in `num_steps`
    steps, holding any category, code, class or caption fixed: smooth
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
        images = self.model.generate(**self._strip_inputs())
        path = os.path.join(self.directory, f"interpolation_epoch_{epoch + 1:04d}.png")
        save_image_grid(images, path, rows=self.num_strips)

    def _strip_inputs(self):
        """`generate`'s arguments: strip after strip, `num_steps` samples each.

        A strip walks only the Gaussian noise. Whatever else conditions the
        generator (a latent category, InfoGAN's codes, a class, a caption)
        is drawn once per strip and held along it: a walk between two
        one-hots would feed the generator values it never saw in training.
        """
        model, strips, steps = self.model, self.num_strips, self.num_steps
        latent = np.repeat(model.draw_latent(strips, seed=self.seed), steps, axis=0)
        noise = interpolation_latents(model.noise_dim, strips, steps, self.spherical, self.seed)
        latent[:, : model.noise_dim] = noise
        strip_of_sample = np.repeat(np.arange(strips), steps)
        if getattr(model, "num_classes", None):
            return {"latent": latent, "labels": strip_of_sample % model.num_classes}
        captions = getattr(model, "preview_captions", None)
        if captions:
            return {"latent": latent, "text": [captions[i % len(captions)] for i in strip_of_sample]}
        return {"latent": latent}
