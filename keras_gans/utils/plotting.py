"""Pictures of a GAN's progress: sample grids and training curves."""

import math

import numpy as np

from keras_gans.utils.files import atomic_path


def image_grid(images, rows=None, value_range=(-1.0, 1.0)):
    """Tiles `(n, h, w, c)` images into one `(rows·h, cols·w, c)` array in [0, 1].

    Example:

    >>> import numpy as np
    >>> image_grid(np.zeros((6, 4, 4, 1)), rows=2).shape
    (8, 12, 1)
    """
    images = np.asarray(images, dtype="float32")
    if images.ndim != 4:
        raise ValueError(f"image_grid expects images of shape (n, height, width, channels), got {images.shape}.")
    low, high = value_range
    images = np.clip((images - low) / (high - low), 0.0, 1.0)
    n, height, width, channels = images.shape
    rows = rows or int(math.floor(math.sqrt(n)))
    cols = int(math.ceil(n / rows))
    grid = np.ones((rows * height, cols * width, channels), "float32")
    for i, image in enumerate(images):
        r, c = divmod(i, cols)
        grid[r * height : (r + 1) * height, c * width : (c + 1) * width] = image
    return grid


def save_image_grid(images, path, rows=None, value_range=(-1.0, 1.0)):
    """Writes images as one PNG grid (written atomically)."""
    import matplotlib.image

    grid = image_grid(images, rows, value_range)
    if grid.shape[-1] == 1:
        grid = np.repeat(grid, 3, axis=-1)
    with atomic_path(path) as temporary:
        matplotlib.image.imsave(temporary, grid)


def plot_history(history, path, title="Training curves"):
    """Plots the losses and the discriminator's scores per epoch.

    Args:
        history: a `keras.callbacks.History` or its `.history` dict.
        path: where to write the PNG (written atomically).
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    logs = getattr(history, "history", history)
    epochs = np.arange(1, len(next(iter(logs.values()), [])) + 1)
    figure, (losses, scores) = plt.subplots(1, 2, figsize=(10, 4))
    panels = (("d_loss", losses, "C0"), ("g_loss", losses, "C1"), ("d_real", scores, "C0"), ("d_fake", scores, "C1"))
    for name, axis, color in panels:
        # Training solid, validation dashed, in the same colour.
        for key, style in ((name, "-"), (f"val_{name}", "--")):
            if key in logs:
                axis.plot(epochs, logs[key], style, color=color, marker="o", label=key)
    losses.set(title="Losses", xlabel="epoch")
    scores.set(title="Mean D(x) and D(G(z))", xlabel="epoch", ylim=(0, 1))
    for axis in (losses, scores):
        axis.legend()
        axis.grid(alpha=0.3)
        axis.xaxis.set_major_locator(MaxNLocator(integer=True))
    figure.suptitle(title)
    figure.tight_layout()
    with atomic_path(path) as temporary:
        figure.savefig(temporary, dpi=100)
    plt.close(figure)


def plot_points_over_modes(points, modes, path, title="Samples over the true modes", limit=None):
    """Scatters 2D samples with the mixture's modes marked (written atomically).

    Args:
        points: `(n, 2)` generated samples.
        modes: `(k, 2)` mode centres.
        path: the PNG to write.
        limit: half-width of the square view; default fits the modes.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    points, modes = np.asarray(points), np.asarray(modes)
    limit = limit or 1.5 * float(np.abs(modes).max())
    figure, axis = plt.subplots(figsize=(5, 5))
    axis.scatter(points[:, 0], points[:, 1], s=2, alpha=0.4, label="generated")
    axis.scatter(modes[:, 0], modes[:, 1], s=40, marker="x", color="C3", label="modes")
    axis.set(xlim=(-limit, limit), ylim=(-limit, limit), aspect="equal", title=title)
    axis.legend(loc="upper right")
    with atomic_path(path) as temporary:
        figure.savefig(temporary, dpi=100)
    plt.close(figure)
