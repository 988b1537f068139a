"""Helpers: atomic file writes, pictures, and walks through the latent space."""

from keras_gans.utils.files import atomic_directory, atomic_path
from keras_gans.utils.latent import (
    interpolation_latents,
    lerp,
    save_vector_arithmetic_figure,
    slerp,
    vector_arithmetic,
)
from keras_gans.utils.plotting import image_grid, plot_history, plot_points_over_modes, save_image_grid
