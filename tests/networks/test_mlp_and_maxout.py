import keras
import numpy as np
import pytest

from keras_gans.networks import maxout_discriminator, mlp_discriminator, mlp_generator


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


def test_batch_norm_generator_normalises_every_hidden_layer():
    generator = mlp_generator(latent_dim=2, output_shape=(2,), units=(16, 16), output_activation=None, batch_norm=True)
    norms = [layer for layer in generator.layers if isinstance(layer, keras.layers.BatchNormalization)]
    assert len(norms) == 2
    # In training mode each hidden unit has batch mean ≈ 0 before its ReLU.
    hidden = keras.Model(generator.input, generator.get_layer("batch_norm_1").output)
    values = keras.ops.convert_to_numpy(hidden(np.random.default_rng(0).normal(3.0, 2.0, (256, 2)), training=True))
    np.testing.assert_allclose(values.mean(axis=0), 0.0, atol=1e-4)


def test_mlp_discriminator_follows_dcgan_rules():
    discriminator = mlp_discriminator(input_shape=(2,), units=(8, 8, 8))
    norms = [layer.name for layer in discriminator.layers if isinstance(layer, keras.layers.BatchNormalization)]
    # No normalisation on the input layer, then one per hidden layer.
    assert norms == ["batch_norm_1", "batch_norm_2"]
    slopes = {layer.negative_slope for layer in discriminator.layers if isinstance(layer, keras.layers.LeakyReLU)}
    assert slopes == {0.2}
    logits = keras.ops.convert_to_numpy(discriminator(np.ones((3, 2), "float32")))
    assert logits.shape == (3, 1) and np.isfinite(logits).all()
    plain = mlp_discriminator(input_shape=(2,), units=(8, 8), batch_norm=False)
    assert not any(isinstance(layer, keras.layers.BatchNormalization) for layer in plain.layers)


def test_minibatch_stddev_lets_the_logit_see_the_batch_spread():
    for build in (
        lambda: maxout_discriminator((2,), units=(8,), pieces=2, dropout=0.0, seed=0, minibatch_stddev=True),
        lambda: mlp_discriminator((2,), units=(8, 8), minibatch_stddev=True),
    ):
        discriminator = build()
        assert discriminator.get_layer("minibatch_stddev").output.shape[-1] == 9
        point = np.zeros((1, 2), "float32")
        collapsed = np.zeros((8, 2), "float32")
        varied = np.concatenate([point, np.random.default_rng(0).normal(0, 3, (7, 2)).astype("float32")])
        # The same sample gets another logit when the rest of its batch differs.
        first = keras.ops.convert_to_numpy(discriminator(collapsed, training=False))[0]
        second = keras.ops.convert_to_numpy(discriminator(varied, training=False))[0]
        assert abs(float(first[0] - second[0])) > 1e-4


def test_minibatch_discrimination_lets_the_maxout_logit_compare_the_samples():
    discriminator = maxout_discriminator((2,), units=(8,), pieces=2, dropout=0.0, seed=0, minibatch_discrimination=3)
    assert discriminator.get_layer("minibatch_discrimination").output.shape[-1] == 8 + 3
    point = np.zeros((1, 2), "float32")
    collapsed = np.zeros((8, 2), "float32")
    varied = np.concatenate([point, np.random.default_rng(0).normal(0, 3, (7, 2)).astype("float32")])
    first = keras.ops.convert_to_numpy(discriminator(collapsed))[0]
    second = keras.ops.convert_to_numpy(discriminator(varied))[0]
    assert abs(float(first[0] - second[0])) > 1e-4
    assert not any(layer.name == "minibatch_discrimination" for layer in maxout_discriminator((2,), (8,)).layers)


def test_a_virtual_batch_norm_generator_keeps_each_sample_to_itself():
    reference = np.random.default_rng(0).normal(size=(16, 2)).astype("float32")
    generator = mlp_generator(latent_dim=2, output_shape=(2,), units=(8, 8), output_activation=None,
                              reference_latent=reference)
    network = generator.layers[0].network
    layers = [type(layer).__name__ for layer in network.layers]
    assert layers.count("VirtualBatchNormalization") == 2 and "BatchNormalization" not in layers
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(generator.layers[0].reference), reference)
    batch = np.random.default_rng(1).normal(3.0, 2.0, (6, 2)).astype("float32")
    together = keras.ops.convert_to_numpy(generator(batch, training=True))
    alone = keras.ops.convert_to_numpy(generator(batch[:1], training=True))
    np.testing.assert_allclose(together[:1], alone, rtol=1e-5, atol=1e-6)
    # The reference batch's statistics, not the minibatch's: a shifted minibatch is not re-centred.
    hidden = keras.Model(network.input, network.get_layer("virtual_batch_norm_0").output)
    shifted = keras.ops.convert_to_numpy(hidden(np.concatenate([reference, batch + 5.0])))[16:]
    assert np.abs(shifted.mean(axis=0)).max() > 0.1


def test_batch_norm_and_virtual_batch_norm_are_refused_together():
    with pytest.raises(ValueError, match="not both"):
        mlp_generator(2, (2,), (8,), None, batch_norm=True, reference_latent=np.zeros((4, 2), "float32"))
