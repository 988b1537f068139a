import keras
import numpy as np
import pytest

from keras_gans.networks import dcgan_discriminator, dcgan_generator
from keras_gans.networks.dcgan_layout import upsampling_steps


@pytest.mark.parametrize(
    "size, expected", [(28, (2, 7, 7)), (32, (3, 4, 4)), (64, (4, 4, 4)), (8, (1, 4, 4))]
)
def test_upsampling_steps(size, expected):
    assert upsampling_steps(size, size) == expected


def test_unsupported_size_is_explained():
    with pytest.raises(ValueError, match="e.g. 28, 32, 64"):
        upsampling_steps(6, 6)


@pytest.mark.parametrize("shape", [(28, 28, 1), (32, 32, 3), (64, 64, 3), (64, 64, 1)])
def test_generator_and_discriminator_shapes(shape):
    generator = dcgan_generator(latent_dim=10, image_shape=shape, filters=4)
    discriminator = dcgan_discriminator(image_shape=shape, filters=4)
    images = generator(np.random.default_rng(0).standard_normal((2, 10)).astype("float32"), training=False)
    assert tuple(images.shape) == (2, *shape)
    images = keras.ops.convert_to_numpy(images)
    assert images.min() >= -1.0 and images.max() <= 1.0
    assert tuple(discriminator(images).shape) == (2, 1)


def layer_types(model):
    return [type(layer).__name__ for layer in model.layers]


def test_generator_follows_the_dcgan_guidelines():
    generator = dcgan_generator(image_shape=(64, 64, 3), filters=8)
    types = layer_types(generator)
    assert "MaxPooling2D" not in types and "AveragePooling2D" not in types
    assert types.count("Conv2DTranspose") == 4
    assert [layer.strides for layer in generator.layers if isinstance(layer, keras.layers.Conv2DTranspose)] == [(2, 2)] * 4
    # Batch norm after every layer except the output; ReLU inside, tanh out.
    assert types.count("BatchNormalization") == 4 and types.count("ReLU") == 4
    assert types[-2:] == ["Conv2DTranspose", "Activation"]
    assert generator.layers[-1].activation is keras.activations.tanh
    # Channels halve at each upsampling: 64 → 32 → 16 → 8 → 3.
    assert [layer.filters for layer in generator.layers if isinstance(layer, keras.layers.Conv2DTranspose)] == [32, 16, 8, 3]


def test_discriminator_follows_the_dcgan_guidelines():
    discriminator = dcgan_discriminator(image_shape=(64, 64, 3), filters=8)
    types = layer_types(discriminator)
    assert types[1:3] == ["Conv2D", "LeakyReLU"]  # no batch norm on the input layer
    assert types.count("BatchNormalization") == 3 and types.count("LeakyReLU") == 4
    assert all(layer.negative_slope == pytest.approx(0.2) for layer in discriminator.layers if isinstance(layer, keras.layers.LeakyReLU))
    assert [layer.strides for layer in discriminator.layers if isinstance(layer, keras.layers.Conv2D)] == [(2, 2)] * 4
    assert types[-1] == "Dense" and "MaxPooling2D" not in types


def test_weights_start_from_normal_0_002():
    generator = dcgan_generator(image_shape=(32, 32, 3), filters=32)
    kernel = keras.ops.convert_to_numpy(generator.get_layer("project").kernel)
    assert abs(kernel.mean()) < 1e-3 and kernel.std() == pytest.approx(0.02, rel=0.05)
    gamma = keras.ops.convert_to_numpy(generator.get_layer("project_bn").gamma)
    assert gamma.mean() == pytest.approx(1.0, abs=0.01) and gamma.std() == pytest.approx(0.02, rel=0.2)


def test_output_layers_stay_float32_under_mixed_precision():
    keras.config.set_dtype_policy("mixed_bfloat16")
    try:
        generator = dcgan_generator(latent_dim=4, image_shape=(8, 8, 1), filters=4)
        discriminator = dcgan_discriminator(image_shape=(8, 8, 1), filters=4)
    finally:
        keras.config.set_dtype_policy("float32")
    assert generator.get_layer("to_image").compute_dtype == "bfloat16"
    assert generator.output.dtype == "float32" and discriminator.output.dtype == "float32"
