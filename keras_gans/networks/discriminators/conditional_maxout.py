"""The maxout conditional discriminator of Mirza & Osindero 2014."""

import random

import keras

from keras_gans.networks.conditioning import encode_labels, label_input
from keras_gans.networks.layers.maxout import Maxout


def conditional_maxout_discriminator(
    input_shape=(28, 28, 1),
    num_classes=10,
    sample_units=(240, 5),
    label_units=(50, 5),
    joint_units=(240, 4),
    dropout=0.5,
    seed=None,
    name="conditional_maxout_discriminator",
):
    """Sample and one-hot label, each through a maxout layer, joined → one logit.

    Mirza & Osindero's MNIST discriminator: x → maxout 240 units × 5
    pieces, y → maxout 50 × 5, both → maxout 240 × 4 → logit, with dropout.

    Args:
        input_shape: shape of one sample.
        num_classes: number of classes.
        sample_units, label_units, joint_units: `(units, pieces)` of the
            sample branch, the label branch and the joint layer.
        dropout: dropout rate after each maxout layer.
        seed: seed of the dropout masks (see `maxout_discriminator`).
        name: the model's name.

    Example:

    >>> discriminator = conditional_maxout_discriminator((4, 4, 1), num_classes=3, sample_units=(8, 2),
    ...                                                  label_units=(4, 2), joint_units=(8, 2))
    >>> discriminator.output_shape
    (None, 1)
    """
    seed = random.randrange(2**31) if seed is None else seed
    samples = keras.Input(tuple(input_shape), name="samples")
    labels = label_input()

    def maxout(x, units_and_pieces, index, layer_name):
        x = Maxout(*units_and_pieces, name=layer_name)(x)
        if dropout:
            x = keras.layers.Dropout(dropout, seed=seed + index, name=f"{layer_name}_dropout")(x)
        return x

    x = maxout(keras.layers.Flatten(name="flatten")(samples), sample_units, 0, "sample_maxout")
    y = maxout(encode_labels(labels, num_classes), label_units, 1, "label_maxout")
    joint = maxout(keras.layers.Concatenate(name="joined")([x, y]), joint_units, 2, "joint_maxout")
    logits = keras.layers.Dense(1, dtype="float32", name="logit")(joint)
    return keras.Model([samples, labels], logits, name=name)
