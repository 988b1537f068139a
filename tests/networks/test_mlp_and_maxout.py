import keras
import numpy as np

from keras_gans.networks import maxout_discriminator, mlp_generator


def test_goodfellow_sizes_by_default():
    generator = mlp_generator()
    discriminator = maxout_discriminator()
    assert [layer.units for layer in generator.layers if isinstance(layer, keras.layers.Dense)] == [1200, 1200, 784]
    maxouts = [layer for layer in discriminator.layers if type(layer).__name__ == "Maxout"]
    assert [(layer.units, layer.pieces) for layer in maxouts] == [(240, 5), (240, 5)]
    assert sum(isinstance(layer, keras.layers.Dropout) for layer in discriminator.layers) == 2
    assert generator.output_shape == (None, 28, 28, 1) and discriminator.output_shape == (None, 1)


def test_flat_vectors_with_a_linear_output():
    generator = mlp_generator(latent_dim=3, output_shape=(2,), units=(8,), output_activation=None)
    samples = keras.ops.convert_to_numpy(generator(np.full((4, 3), 5.0, "float32")))
    assert samples.shape == (4, 2)
    assert np.abs(samples).max() > 0 and generator.layers[-1].activation is keras.activations.linear
