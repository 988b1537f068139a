"""Decoding, resizing and scaling images for the models' input."""

import numpy as np
import tensorflow as tf


def resize_images(images, image_shape):
    """Resizes uint8 images `(n, h, w, c)` to `image_shape`, as uint8.

    Area-averaging antialiased bilinear resizing (`tf.image.resize` with
    `antialias=True`), so shrinking does not alias. Grayscale becomes RGB by
    repeating the channel; RGB becomes grayscale by luminance (ITU-R 601).
    """
    height, width, channels = image_shape
    images = tf.convert_to_tensor(images)
    if images.shape[-1] != channels:
        if channels == 1:
            images = tf.image.rgb_to_grayscale(images[..., :3])
        elif channels == 3:
            images = tf.image.grayscale_to_rgb(images[..., :1])
        else:
            raise ValueError(f"Images can be made 1- or 3-channel, not {channels}-channel.")
    if tuple(images.shape[1:3]) != (height, width):
        images = tf.image.resize(images, (height, width), antialias=True)
        images = tf.clip_by_value(tf.round(images), 0, 255)
    return tf.cast(images, tf.uint8).numpy()


def scale_to_tanh_range(images):
    """uint8 `[0, 255]` → float32 `[-1, 1]`, in NumPy or inside a pipeline."""
    if isinstance(images, np.ndarray):
        return images.astype("float32") / 127.5 - 1.0
    return tf.cast(images, tf.float32) / 127.5 - 1.0
