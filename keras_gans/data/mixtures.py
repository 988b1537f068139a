"""The 2D Gaussian mixtures used to study mode collapse.

The ring (8 modes) and the grid (25 modes) follow the protocol of the
PacGAN code (Lin et al. 2018), which corrected VEEGAN's: ring means at
angles 2πk/8 for k = 0…7 (not `linspace(0, 2π, 8)`, which repeats a mode),
σ = 0.01; grid means at {-4, -2, 0, 2, 4}², σ = 0.05.
"""

import numpy as np


class GaussianMixture:
    """An equal-weight mixture of isotropic 2D Gaussians.

    Args:
        modes: `(k, 2)` array of the components' means.
        std: the standard deviation of every component.
        name: a short name for messages and plots.

    Example:

    >>> mixture = ring()
    >>> mixture.modes.shape, mixture.std
    ((8, 2), 0.01)
    >>> mixture.sample(5, seed=0).shape
    (5, 2)
    """

    def __init__(self, modes, std, name="mixture"):
        self.modes = np.asarray(modes, dtype="float32")
        self.std = float(std)
        self.name = name

    def sample(self, num_samples, seed=None):
        """Draws `num_samples` points (float32, shape `(n, 2)`)."""
        rng = np.random.default_rng(seed)
        components = rng.integers(len(self.modes), size=int(num_samples))
        noise = rng.normal(0.0, self.std, size=(int(num_samples), 2))
        return (self.modes[components] + noise).astype("float32")

    def __repr__(self):
        return f"GaussianMixture(name={self.name!r}, modes={len(self.modes)}, std={self.std})"


def ring(num_modes=8, radius=1.0, std=0.01):
    """Modes evenly spaced on a circle: angle 2πk/num_modes."""
    angles = 2.0 * np.pi * np.arange(num_modes) / num_modes
    modes = radius * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    return GaussianMixture(modes, std, name="ring")


def grid(values=(-4.0, -2.0, 0.0, 2.0, 4.0), std=0.05):
    """Modes on the square grid `values × values`."""
    xs, ys = np.meshgrid(values, values, indexing="ij")
    modes = np.stack([xs.ravel(), ys.ravel()], axis=1)
    return GaussianMixture(modes, std, name="grid")
