"""A folder of PNG or JPEG images as a training set."""

import os

import numpy as np
import tensorflow as tf

from keras_gans.data.images import resize_images

IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg")


def image_folder(path, image_shape):
    """Reads every PNG/JPEG under `path` (recursively), resized to `image_shape`.

    The whole folder is decoded up front, so a corrupt file is reported
    before training starts rather than in the middle of an epoch.

    Args:
        path: the folder.
        image_shape: `(height, width, channels)` of the model, channels 1
            or 3.

    Returns:
        uint8 array of shape `(n, height, width, channels)`, in sorted file
        name order.
    """
    if not os.path.isdir(path):
        raise FileNotFoundError(f"The image folder {path} does not exist; pass an existing folder of PNG or JPEG files.")
    files = sorted(_image_files(path))
    if not files:
        raise ValueError(
            f"The folder {path} holds no PNG or JPEG images ({', '.join(IMAGE_EXTENSIONS)}); "
            "point --dataset folder:<path> at a folder with images."
        )
    return np.stack([_read(file, image_shape) for file in files])


def _image_files(path):
    for directory, _, names in os.walk(path):
        for name in names:
            if name.lower().endswith(IMAGE_EXTENSIONS):
                yield os.path.join(directory, name)


def _read(file, image_shape):
    try:
        image = tf.io.decode_image(tf.io.read_file(file), channels=0, expand_animations=False)
    except (tf.errors.InvalidArgumentError, tf.errors.NotFoundError) as error:
        raise ValueError(
            f"{file} is not a readable PNG or JPEG image ({error.message.splitlines()[0]}); "
            "remove or replace the file."
        ) from None
    if image.shape[-1] == 4:  # Drop alpha.
        image = image[..., :3]
    return resize_images(image[None], image_shape)[0]
