"""`keras_gans.data.load`: any supported dataset, by name, ready for `fit`."""

from keras_gans.data import mixtures
from keras_gans.data.fashion_mnist import fashion_mnist
from keras_gans.data.image_folder import image_folder
from keras_gans.data.images import resize_images, scale_to_tanh_range
from keras_gans.data.pipeline import batched_dataset
from keras_gans.data.stacked import stack_channels
from keras_gans.data.tfds_images import tfds_images

MIXTURES = {"ring": mixtures.ring, "grid": mixtures.grid}
# Samples drawn from a 2D mixture per split (the PacGAN protocol's 100k).
MIXTURE_SAMPLES = 100_000
# Stacked samples per split (the VEEGAN/PacGAN evaluation uses 26k).
STACKED_SAMPLES = {"train": 60_000, "test": 26_000}

NAMES_HELP = (
    "fashion_mnist, ring, grid, tfds:<name> (e.g. tfds:cifar10), folder:<path>, "
    "or stacked:<a labelled dataset> (e.g. stacked:fashion_mnist)"
)


def load(
    name,
    batch_size=64,
    split="train",
    image_shape=None,
    labels=False,
    shuffle=True,
    seed=0,
    steps_per_epoch=None,
    data_dir=None,
    num_samples=None,
    as_numpy=False,
):
    """Loads a dataset as a batched, shuffled, prefetched `tf.data.Dataset`.

    Images come scaled to [-1, 1] (float32, `(batch, h, w, c)`) for a tanh
    generator; 2D mixtures come as float32 points `(batch, 2)`. The batch
    order is reproducible from `seed`, and `GAN.fit` with a
    `keras_gans.callbacks.Checkpoint` resumes it exactly after a crash.

    Args:
        name: one of `fashion_mnist`, `ring`, `grid` (the 2D mixtures of
            `keras_gans.data.mixtures`), `tfds:<name>` (any TFDS image
            dataset), `folder:<path>` (PNG/JPEG files) or `stacked:<name>`
            (three independent images of a labelled dataset as channels,
            label = the triple).
        batch_size: samples per batch (every batch is full).
        split: `"train"` or `"test"` (any TFDS split string for TFDS).
        image_shape: `(height, width, channels)` to resize images to;
            default the dataset's own (required for folders).
        labels: yield `(images, labels)` instead of images; the dataset
            then has a `num_classes` attribute (the largest label + 1).
        shuffle: reshuffle every epoch.
        seed: seed of the shuffling and of sampled datasets.
        steps_per_epoch: batches per epoch (default: all full batches).
        data_dir: where the files are (Fashion-MNIST IDX folder or TFDS
            data directory).
        num_samples: how many points or stacked images to draw (mixtures
            and stacked sets only).
        as_numpy: return the whole split as NumPy arrays (`x`, or
            `(x, y)` with `labels=True`) instead of a pipeline.

    Example:

    >>> dataset = load("ring", batch_size=100, num_samples=1000)
    >>> batch = next(iter(dataset))
    >>> tuple(batch.shape)
    (100, 2)
    >>> x, y = load("stacked:fashion_mnist", labels=True, as_numpy=True, num_samples=8)
    >>> x.shape, y.shape
    ((8, 28, 28, 3), (8,))
    """
    x, y, scale = _arrays(name, split, image_shape, seed, data_dir, num_samples)
    if labels and y is None:
        raise ValueError(
            f"The dataset '{name}' has no labels; a conditional model needs a labelled one "
            "such as fashion_mnist (or load it with labels=False)."
        )
    if as_numpy:
        x = scale(x) if scale else x
        return (x, y) if labels else x
    arrays = (x, y) if labels else x

    def preprocess(batch):
        if not scale:
            return batch
        return (scale(batch[0]), batch[1]) if labels else scale(batch)

    dataset = batched_dataset(arrays, batch_size, shuffle, seed, steps_per_epoch, preprocess)
    if labels:
        # What a conditional model needs to know; a `.map()` drops it.
        dataset.num_classes = int(y.max()) + 1
    return dataset


def _arrays(name, split, image_shape, seed, data_dir, num_samples):
    """Returns `(x, y or None, scale function or None)` for a dataset name."""
    if not isinstance(name, str) or not name:
        raise ValueError(f"A dataset name must be a non-empty string; got {name!r}. Use one of: {NAMES_HELP}.")
    kind, _, argument = name.partition(":")
    if name in MIXTURES:
        points = MIXTURES[name]().sample(num_samples or MIXTURE_SAMPLES, seed=_split_seed(seed, split))
        return points, None, None
    if name == "fashion_mnist":
        train, test = fashion_mnist(data_dir, scaled=False)
        images, y = {"train": train, "test": test}[_check_split(split)]
    elif kind == "tfds" and argument:
        images, y = tfds_images(argument, split, image_shape, data_dir)
    elif kind == "folder" and argument:
        if image_shape is None:
            raise ValueError("A folder of images needs image_shape=(height, width, channels) (--image-size).")
        images, y = image_folder(argument, image_shape), None
    elif kind == "stacked" and argument:
        images, y, _ = _arrays(argument, split, None, seed, data_dir, None)
        if y is None:
            raise ValueError(f"Stacking needs a labelled dataset; '{argument}' has no labels.")
        count = num_samples or STACKED_SAMPLES.get(split, len(images))
        images, y = stack_channels(images, y, count, seed=_split_seed(seed, split))
    else:
        raise ValueError(f"Unknown dataset '{name}'. Use one of: {NAMES_HELP}.")
    if image_shape is not None and tuple(images.shape[1:]) != tuple(image_shape):
        images = resize_images(images, image_shape)
    return images, y, scale_to_tanh_range


def _check_split(split):
    if split not in ("train", "test"):
        raise ValueError(f"Unknown split '{split}'; use 'train' or 'test'.")
    return split


def _split_seed(seed, split):
    # Train and test draws of a sampled dataset must differ.
    return [int(seed or 0), {"train": 0, "test": 1}[_check_split(split)]]

