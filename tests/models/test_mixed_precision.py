"""Every model trains under the mixed dtype policies on every backend."""

import keras
import numpy as np
import pytest

from keras_gans.models import VanillaGAN
from tests.conftest import tiny_dcgan, tiny_images
from tests.models.captioned_toy import captioned_images, tiny_text_gan
from tests.models.labelled_toy import labelled_images
from tests.models.test_conditional_gan import tiny_acgan, tiny_cgan
from tests.models.test_infogan import tiny_infogan

POLICIES = ("mixed_float16", "mixed_bfloat16")


def tiny_vanilla_gan():
    return VanillaGAN(data_shape=(8, 8, 1), latent_dim=4, generator_units=(8,), discriminator_units=(8,), maxout_pieces=2, seed=0)


def unlabelled():
    return (tiny_images(32),)


def labelled():
    return labelled_images(32)


def captioned():
    images, captions, _ = captioned_images(32)
    return images, captions


# name: (build, data)
MODELS = {
    "gan": (tiny_vanilla_gan, unlabelled),
    "dcgan": (tiny_dcgan, unlabelled),
    "cgan": (tiny_cgan, labelled),
    "acgan": (tiny_acgan, labelled),
    "infogan": (tiny_infogan, unlabelled),
    "text_gan": (tiny_text_gan, captioned),
}


@pytest.fixture
def policy(request):
    keras.config.set_dtype_policy(request.param)
    yield request.param
    keras.config.set_dtype_policy("float32")


def hidden_layers(network):
    """The layers that hold weights, except the float32 output layers."""
    return [layer for layer in network.layers if layer.weights and layer.dtype_policy.compute_dtype != "float32"]


@pytest.mark.parametrize("policy", POLICIES, indirect=True)
@pytest.mark.parametrize("name", sorted(MODELS))
def test_every_model_trains_under_the_mixed_policies(name, policy):
    build, data = MODELS[name]
    gan = build()
    gan.compile()
    # 24 steps: float16's initial loss scale of 2**15 may overflow and halve
    # for a dozen steps before the first one is applied.
    history = gan.fit(*data(), batch_size=4, epochs=3, verbose=0).history
    compute_dtype = policy.removeprefix("mixed_")
    for network in (gan.generator, gan.discriminator):
        assert hidden_layers(network), f"{network.name} has no layer computing in {compute_dtype}"
        assert {layer.compute_dtype for layer in hidden_layers(network)} == {compute_dtype}
        assert {weight.dtype for weight in network.weights} == {"float32"}
    for key, values in history.items():
        assert np.all(np.isfinite(values)), f"{key}: {values}"
    loss_scaled = policy == "mixed_float16"
    for optimizer in (gan.g_optimizer, gan.d_optimizer):
        assert isinstance(optimizer, keras.optimizers.LossScaleOptimizer) == loss_scaled
        assert int(optimizer.iterations) > 0


@pytest.mark.parametrize("policy", POLICIES, indirect=True)
def test_outputs_and_losses_are_float32(policy):
    gan = tiny_dcgan()
    fake = gan.generator(gan.draw_latent(4, seed=0))
    assert keras.backend.standardize_dtype(fake.dtype) == "float32"
    logits = gan.discriminator(fake)
    assert keras.backend.standardize_dtype(logits.dtype) == "float32"
    gan.compile()
    losses = gan.evaluate(tiny_images(16), batch_size=16, verbose=0, return_dict=True)
    assert all(np.isfinite(value) for value in losses.values())
    assert gan.generate(3, seed=0).dtype == np.float32


@pytest.mark.parametrize("policy", ["mixed_float16"], indirect=True)
def test_an_overflow_halves_the_loss_scale_and_skips_both_updates(policy):
    gan = tiny_dcgan()
    gan.compile()
    # A scale this large overflows float16 activations' gradients to inf
    # while the scaled float32 loss itself stays finite.
    huge = 2.0**100
    for optimizer in (gan.g_optimizer, gan.d_optimizer):
        optimizer.dynamic_scale.assign(huge)
    weights = [w.numpy().copy() for w in gan.generator.weights + gan.discriminator.weights]
    gan.fit(tiny_images(16), batch_size=16, epochs=1, verbose=0, shuffle=False)
    for optimizer in (gan.g_optimizer, gan.d_optimizer):
        assert float(optimizer.dynamic_scale) == huge / 2
        assert int(optimizer.inner_optimizer.iterations) == 0
    after = [w.numpy() for w in gan.generator.weights + gan.discriminator.weights]
    # Batch-norm moving statistics come from the forward pass and still move;
    # every trained weight is as it was.
    trainable = {id(w) for w in gan.generator.trainable_weights + gan.discriminator.trainable_weights}
    for variable, before, now in zip(gan.generator.weights + gan.discriminator.weights, weights, after):
        if id(variable) in trainable:
            np.testing.assert_array_equal(before, now, err_msg=variable.path)


@pytest.mark.parametrize("policy", ["mixed_float16"], indirect=True)
def test_a_finite_step_keeps_the_scale_and_updates_both_networks(policy):
    gan = tiny_dcgan()
    gan.compile()
    scales = [float(optimizer.dynamic_scale) for optimizer in (gan.g_optimizer, gan.d_optimizer)]
    gan.fit(tiny_images(16), batch_size=16, epochs=1, verbose=0)
    assert [float(optimizer.dynamic_scale) for optimizer in (gan.g_optimizer, gan.d_optimizer)] == scales
    assert int(gan.g_optimizer.inner_optimizer.iterations) == 1
    assert int(gan.d_optimizer.inner_optimizer.iterations) == 1


@pytest.mark.parametrize("policy", ["mixed_float16"], indirect=True)
def test_loss_scaling_can_be_turned_off_and_is_not_applied_twice(policy):
    gan = tiny_dcgan()
    gan.compile(auto_scale_loss=False)
    assert not isinstance(gan.g_optimizer, keras.optimizers.LossScaleOptimizer)
    wrapped = keras.optimizers.LossScaleOptimizer(keras.optimizers.Adam(1e-3))
    gan = tiny_dcgan()
    gan.compile(g_optimizer=wrapped)
    assert gan.g_optimizer is wrapped
    with pytest.raises(ValueError, match="separate optimizer"):
        gan.compile(g_optimizer=wrapped, d_optimizer=wrapped.inner_optimizer)


@pytest.mark.parametrize("policy", ["mixed_float16"], indirect=True)
def test_a_loss_scaled_model_saves_and_resumes(policy, tmp_path):
    gan = tiny_dcgan()
    gan.compile()
    gan.fit(tiny_images(16), batch_size=16, epochs=1, verbose=0)
    gan.g_optimizer.dynamic_scale.assign(1024.0)
    gan.save(tmp_path / "gan.keras")
    restored = keras.saving.load_model(tmp_path / "gan.keras")
    assert isinstance(restored.g_optimizer, keras.optimizers.LossScaleOptimizer)
    assert float(restored.g_optimizer.dynamic_scale) == 1024.0
    assert restored.generator.layers[1].compute_dtype == "float16"
    np.testing.assert_allclose(restored.generate(2, seed=0), gan.generate(2, seed=0), atol=1e-6)
