"""How networks take class labels: an integer input, encoded inside the model."""

import keras


def label_input(name="labels"):
    """A `keras.Input` for one integer class label per sample, shape `(batch,)`."""
    return keras.Input((), dtype="int32", name=name)


def encode_labels(labels, num_classes, embedding_dim=None, name="label"):
    """One-hot (Mirza & Osindero 2014) or a learned embedding of `labels`.

    Args:
        labels: an integer tensor `(batch,)`.
        num_classes: number of classes.
        embedding_dim: None for a one-hot vector, else the size of a learned
            embedding.
        name: prefix of the layer's name.
    """
    if embedding_dim is None:
        return keras.layers.CategoryEncoding(num_classes, output_mode="one_hot", name=f"{name}_one_hot")(labels)
    return keras.layers.Embedding(num_classes, embedding_dim, name=f"{name}_embedding")(labels)


def label_planes(labels, num_classes, height, width, name="label"):
    """One-hot labels broadcast to `(batch, height, width, num_classes)` planes.

    Concatenated to an image's channels, they condition a convolutional
    discriminator on the class at every pixel.
    """
    one_hot = encode_labels(labels, num_classes, name=name)
    planes = keras.layers.Reshape((1, 1, num_classes), name=f"{name}_reshape")(one_hot)
    return keras.layers.UpSampling2D((height, width), name=f"{name}_planes")(planes)
