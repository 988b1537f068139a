"""Walking the latent space: interpolation and vector arithmetic."""

import numpy as np


def lerp(z1, z2, num_steps):
    """`num_steps` points `(1 − α)·z1 + α·z2`, α from 0 to 1, shape `(num_steps, d)`.

    Example:

    >>> lerp(np.zeros(2), np.ones(2), 3)[:, 0].tolist()
    [0.0, 0.5, 1.0]
    """
    alphas = np.linspace(0.0, 1.0, num_steps)[:, None]
    return ((1.0 - alphas) * np.asarray(z1)[None] + alphas * np.asarray(z2)[None]).astype("float32")


def slerp(z1, z2, num_steps):
    """Spherical interpolation: along the great circle between `z1` and `z2`.

    Gaussian latents concentrate near a sphere, and a straight line between
    two of them passes through lower-norm points the generator rarely saw;
    the great circle keeps the norm (White 2016). Falls back to `lerp` when
    the two are (anti)parallel.

    Example:

    >>> path = slerp(np.array([1.0, 0.0]), np.array([0.0, 1.0]), 3)
    >>> np.round(np.linalg.norm(path, axis=1), 6).tolist()
    [1.0, 1.0, 1.0]
    """
    z1, z2 = np.asarray(z1, "float64"), np.asarray(z2, "float64")
    cosine = np.dot(z1, z2) / (np.linalg.norm(z1) * np.linalg.norm(z2))
    omega = np.arccos(np.clip(cosine, -1.0, 1.0))
    if np.sin(omega) < 1e-6:
        return lerp(z1, z2, num_steps)
    alphas = np.linspace(0.0, 1.0, num_steps)[:, None]
    path = (np.sin((1.0 - alphas) * omega) * z1 + np.sin(alphas * omega) * z2) / np.sin(omega)
    return path.astype("float32")


def interpolation_latents(latent_dim, num_strips=4, num_steps=8, spherical=True, seed=0):
    """Latent vectors of `num_strips` interpolation strips, row after row.

    Returns an array `(num_strips · num_steps, latent_dim)`; each row of
    `num_steps` goes from one random z ~ N(0, I) to another.
    """
    rng = np.random.default_rng(seed)
    ends = rng.standard_normal((num_strips, 2, latent_dim))
    walk = slerp if spherical else lerp
    return np.concatenate([walk(start, end, num_steps) for start, end in ends])


def vector_arithmetic(group_a, group_b, group_c):
    """The latent `mean(a) − mean(b) + mean(c)` (Radford et al. 2016, Fig. 7).

    Each group is an array `(n, latent_dim)` of latents whose samples share
    a visual attribute (e.g. "dark pullover", "pullover", "light trouser");
    averaging over a few per group makes the arithmetic reliable.

    Example:

    >>> vector_arithmetic(np.ones((3, 2)), np.zeros((2, 2)), np.ones((1, 2))).tolist()
    [2.0, 2.0]
    """
    means = [np.mean(np.asarray(group, "float32"), axis=0) for group in (group_a, group_b, group_c)]
    return (means[0] - means[1] + means[2]).astype("float32")


def save_vector_arithmetic_figure(model, group_a, group_b, group_c, path, labels=("a", "b", "c")):
    """Draws `a − b + c = result` as a figure: each group's mean-latent image, then the result.

    Args:
        model: a GAN (anything with `generate(latent=...)`) producing images.
        group_a, group_b, group_c: latents `(n, latent_dim)` of each group.
        path: the PNG to write (atomically).
        labels: names shown under the three groups.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from keras_gans.utils.files import atomic_path
    from keras_gans.utils.plotting import image_grid

    latents = [np.mean(np.asarray(g, "float32"), axis=0) for g in (group_a, group_b, group_c)]
    latents.append(vector_arithmetic(group_a, group_b, group_c))
    images = model.generate(latent=np.stack(latents))
    titles = [labels[0], f"− {labels[1]}", f"+ {labels[2]}", "= result"]
    figure, axes = plt.subplots(1, 4, figsize=(8, 2.4))
    for axis, image, title in zip(axes, images, titles):
        tile = image_grid(image[None], rows=1)
        axis.imshow(tile[..., 0] if tile.shape[-1] == 1 else tile, cmap="gray", vmin=0, vmax=1)
        axis.set_title(title)
        axis.axis("off")
    figure.tight_layout()
    with atomic_path(path) as temporary:
        figure.savefig(temporary, dpi=100)
    plt.close(figure)
