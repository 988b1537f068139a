import keras
import numpy as np
import pytest

from keras_gans.models import GAN
from keras_gans.networks import VirtualBatchNormalization, WithReferenceBatch, mlp_discriminator

REFERENCE = np.random.default_rng(0).normal(size=(6, 3)).astype("float32")


def vbn_network():
    return keras.Sequential(
        [keras.Input((3,)), keras.layers.Dense(4), VirtualBatchNormalization(reference_size=6), keras.layers.Dense(2)]
    )


def numpy(x):
    return keras.ops.convert_to_numpy(x)


def test_each_sample_is_normalised_with_the_reference_batch_and_itself():
    layer = VirtualBatchNormalization(reference_size=6)
    samples = np.random.default_rng(1).normal(size=(4, 3)).astype("float32")
    out = numpy(layer(np.concatenate([REFERENCE, samples])))
    for i, x in enumerate(samples):
        batch = np.concatenate([REFERENCE, x[None]])  # the reference plus this sample
        expected = (x - batch.mean(0)) / np.sqrt(batch.var(0) + 1e-5)
        np.testing.assert_allclose(out[6 + i], expected, rtol=1e-4, atol=1e-5)


def test_a_sample_s_output_does_not_depend_on_its_minibatch():
    wrapped = WithReferenceBatch(vbn_network(), REFERENCE)
    batch = np.random.default_rng(2).normal(size=(5, 3)).astype("float32")
    alone = numpy(wrapped(batch[:1], training=True))
    together = numpy(wrapped(batch, training=True))
    np.testing.assert_allclose(together[:1], alone, rtol=1e-5, atol=1e-6)
    # Batch norm, for contrast, mixes the minibatch.
    batch_norm = keras.Sequential([keras.Input((3,)), keras.layers.BatchNormalization()])
    assert not np.allclose(numpy(batch_norm(batch, training=True))[:1], numpy(batch_norm(batch[:1], training=True)))


def test_a_generator_with_virtual_batch_norm_trains_and_reloads(tmp_path):
    generator = keras.Sequential([keras.Input((3,)), WithReferenceBatch(vbn_network(), REFERENCE)])
    gan = GAN(generator, mlp_discriminator((2,), (8,)), seed=0, data_range=None)
    gan.compile()
    history = gan.fit(np.random.default_rng(3).normal(size=(32, 2)).astype("float32"), batch_size=8, verbose=0).history
    assert all(np.isfinite(v).all() for v in history.values())
    gan.save(tmp_path / "gan.keras")
    restored = keras.saving.load_model(tmp_path / "gan.keras")
    np.testing.assert_allclose(restored.generate(4, seed=0), gan.generate(4, seed=0), atol=1e-5)


def test_a_bad_reference_size_is_refused():
    with pytest.raises(ValueError, match="reference_size must be at least 1"):
        VirtualBatchNormalization(reference_size=0)
