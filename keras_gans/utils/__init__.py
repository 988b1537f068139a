"""Helpers: atomic file writes and pictures."""

from keras_gans.utils.files import atomic_path
from keras_gans.utils.plotting import image_grid, plot_history, save_image_grid
