"""The fully connected conditional generator of Mirza & Osindero 2014."""

import math

import keras

from keras_gans.networks.conditioning import encode_labels, label_input


def conditional_mlp_generator(
    latent_dim=100,
    num_classes=10,
    output_shape=(28, 28, 1),
    latent_units=200,
    label_units=1000,
    joint_units=(1200,),
    name="conditional_mlp_generator",
):
    """Noise and one-hot label, each through a ReLU layer, then joined → tanh output.

    Mirza & Osindero's MNIST generator: z → 200 ReLU, y → 1000 ReLU, the two
    concatenated → 1200 ReLU → 784 outputs. Ours ends in tanh (data in
    [-1, 1]) where theirs ends in a sigmoid.

    Args:
        latent_dim: size of the noise vector.
        num_classes: number of classes.
        output_shape: shape of one sample.
        latent_units: width of the noise branch.
        label_units: width of the label branch.
        joint_units: widths of the layers after the branches are joined.
        name: the model's name.

    Example:

    >>> generator = conditional_mlp_generator(latent_dim=8, num_classes=3, output_shape=(4, 4, 1),
    ...                                       latent_units=8, label_units=8, joint_units=(16,))
    >>> generator.output_shape
    (None, 4, 4, 1)
    """
    latent = keras.Input((latent_dim,), name="latent")
    labels = label_input()
    noise_branch = keras.layers.Dense(latent_units, activation="relu", name="latent_dense")(latent)
    label_branch = keras.layers.Dense(label_units, activation="relu", name="label_dense")(
        encode_labels(labels, num_classes)
    )
    x = keras.layers.Concatenate(name="joined")([noise_branch, label_branch])
    for i, width in enumerate(joint_units):
        x = keras.layers.Dense(width, activation="relu", name=f"joint_dense_{i}")(x)
    x = keras.layers.Dense(math.prod(output_shape), name="output_dense")(x)
    x = keras.layers.Reshape(tuple(output_shape), name="reshape")(x)
    outputs = keras.layers.Activation("tanh", dtype="float32", name="tanh")(x)
    return keras.Model([latent, labels], outputs, name=name)
