import matplotlib.image
import numpy as np
import pytest

from keras_gans.utils import image_grid, plot_history, save_image_grid


def test_grid_places_images_row_by_row():
    images = np.stack([np.full((2, 3, 1), value) for value in (-1.0, 0.0, 1.0)])
    grid = image_grid(images, rows=2)
    assert grid.shape == (4, 6, 1)
    assert grid[0, 0, 0] == 0.0 and grid[0, 3, 0] == 0.5 and grid[2, 0, 0] == 1.0
    assert grid[2, 3, 0] == 1.0  # the empty cell is white


def test_grid_rejects_flat_samples():
    with pytest.raises(ValueError, match=r"\(n, height, width, channels\)"):
        image_grid(np.zeros((4, 2)))


def test_saved_grid_and_curves_are_pngs(tmp_path):
    save_image_grid(np.zeros((4, 5, 5, 1)), tmp_path / "grid.png")
    assert matplotlib.image.imread(tmp_path / "grid.png").shape == (10, 10, 4)
    history = {"d_loss": [1.3, 1.2], "g_loss": [0.7, 0.9], "d_real": [0.6, 0.7], "d_fake": [0.4, 0.3], "val_d_loss": [1.4, 1.3]}
    plot_history(history, tmp_path / "curves.png")
    assert matplotlib.image.imread(tmp_path / "curves.png").shape == (400, 1000, 4)
