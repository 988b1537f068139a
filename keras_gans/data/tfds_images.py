"""Image datasets from TensorFlow Datasets' catalogue, by name."""

import numpy as np

from keras_gans.data.images import resize_images


def tfds_images(name, split="train", image_shape=None, data_dir=None, download=True):
    """Loads a TFDS image dataset into memory, resized to `image_shape`.

    Args:
        name: the TFDS name, e.g. `"cifar10"`, optionally with a version or
            config (`"celeb_a:2.1.0"`).
        split: the TFDS split, e.g. `"train"` or `"train[:10%]"`.
        image_shape: `(height, width, channels)`; None keeps the dataset's.
        data_dir: where TFDS keeps its data (default: TFDS's own,
            `~/tensorflow_datasets` or `TFDS_DATA_DIR`).
        download: let TFDS download and prepare the data when missing.

    Returns:
        `(images, labels)`: uint8 images `(n, h, w, c)` and int64 labels, or
        None for labels when the dataset has no `label` feature.
    """
    import tensorflow_datasets as tfds

    try:
        builder = tfds.builder(name, data_dir=data_dir)
    except Exception as error:  # TFDS raises its own DatasetNotFoundError.
        raise ValueError(
            f"TFDS has no dataset '{name}' ({type(error).__name__}). Check the name in "
            "the TFDS catalogue (https://www.tensorflow.org/datasets/catalog)."
        ) from None
    if "image" not in builder.info.features:
        raise ValueError(f"The TFDS dataset '{name}' has no 'image' feature; pick an image dataset.")
    try:
        if download:
            builder.download_and_prepare()
        dataset = builder.as_dataset(split=split)
    except Exception as error:
        raise FileNotFoundError(
            f"Could not load TFDS '{name}' split '{split}' from {builder.data_dir}: "
            f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}. "
            "Go online so that TFDS can download it, or pass data_dir (--data-dir) "
            "pointing at a prepared TFDS data directory."
        ) from None
    has_labels = "label" in builder.info.features
    images, labels = [], []
    for batch in dataset.batch(1024).prefetch(1).as_numpy_iterator():
        batch_images = batch["image"]
        if image_shape is not None:
            batch_images = resize_images(batch_images, image_shape)
        images.append(batch_images)
        if has_labels:
            labels.append(batch["label"])
    if not images:
        raise ValueError(f"The TFDS split '{name}' '{split}' is empty.")
    images = np.concatenate(images)
    return images, (np.concatenate(labels).astype("int64") if has_labels else None)

