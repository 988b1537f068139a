import math

import keras
import numpy as np
import pytest

from keras_gans import backend as gradients
from keras_gans import losses
from keras_gans.top_k import kept_fraction, top_k_generator_loss
from tests.conftest import tiny_dcgan, tiny_images


def numpy(x):
    return keras.ops.convert_to_numpy(x)


@pytest.mark.parametrize("loss_name", ["non_saturating", "minimax", "hinge", "least_squares", "fgan_kl"])
def test_the_gradient_is_the_mean_gradient_of_the_k_highest_logits(loss_name):
    gan_loss = losses.get(loss_name)
    logits = np.random.default_rng(0).normal(size=(10, 1)).astype("float32")
    kept = np.argsort(logits[:, 0])[-3:]

    def top_k_loss(values):
        return top_k_generator_loss(gan_loss, values[0], 0.3)

    def loss_of_the_kept(values):
        return gan_loss.generator_loss(values[0])

    (grad,) = gradients.input_gradient(top_k_loss, [keras.ops.convert_to_tensor(logits)])
    (expected,) = gradients.input_gradient(loss_of_the_kept, [keras.ops.convert_to_tensor(logits[kept])])
    grad = numpy(grad)[:, 0]
    np.testing.assert_allclose(grad[kept], numpy(expected)[:, 0], rtol=1e-5)
    assert np.count_nonzero(grad) == 3 and np.all(grad[np.setdiff1d(np.arange(10), kept)] == 0)


def test_at_least_one_fake_is_kept_and_ties_keep_all_tied():
    gan_loss = losses.get("non_saturating")
    (tiny_share,) = gradients.input_gradient(
        lambda v: top_k_generator_loss(gan_loss, v[0], 0.01), [keras.ops.convert_to_tensor([[1.0], [2.0], [0.0]])]
    )
    assert np.count_nonzero(numpy(tiny_share)) == 1 and numpy(tiny_share)[1, 0] != 0
    (tied,) = gradients.input_gradient(
        lambda v: top_k_generator_loss(gan_loss, v[0], 0.25), [keras.ops.convert_to_tensor([[1.0], [1.0], [0.0], [-1.0]])]
    )
    np.testing.assert_allclose(numpy(tied)[:, 0], [-0.5 / (1 + math.e)] * 2 + [0, 0], rtol=1e-5)


def test_the_kept_fraction_anneals_by_one_percent_per_decay_steps_down_to_the_minimum():
    assert float(kept_fraction(0, 0.5, decay_steps=100)) == pytest.approx(1.0)
    assert float(kept_fraction(100, 0.5, decay_steps=100)) == pytest.approx(0.99)
    halfway = 100 * math.log(0.75) / math.log(0.99)
    assert float(kept_fraction(halfway, 0.5, decay_steps=100)) == pytest.approx(0.75, rel=1e-5)
    assert float(kept_fraction(10**6, 0.5, decay_steps=100)) == pytest.approx(0.5)
    assert float(kept_fraction(0, 0.5)) == pytest.approx(0.5)


def one_generator_step(**compile_options):
    keras.utils.set_random_seed(0)
    gan = tiny_dcgan()
    gan.compile(g_optimizer=keras.optimizers.SGD(0.5), **compile_options)
    gan.fit(tiny_images(16), batch_size=16, epochs=1, verbose=0, shuffle=False)
    return [numpy(w) for w in gan.generator.trainable_weights]


def test_top_k_changes_the_generator_step_only_once_it_drops_fakes():
    plain = one_generator_step()
    # Step 0 of an annealed top_k keeps the whole batch: the plain step.
    annealed = one_generator_step(top_k=0.25, top_k_decay_steps=10**6)
    top_quarter = one_generator_step(top_k=0.25)
    for a, b in zip(plain, annealed):
        np.testing.assert_allclose(a, b, atol=1e-6)
    assert max(np.abs(a - b).max() for a, b in zip(plain, top_quarter)) > 1e-4


def test_the_logged_loss_is_the_whole_batch_s_and_the_setting_is_saved(tmp_path):
    logged = {}
    for top_k in (None, 0.5):
        keras.utils.set_random_seed(0)
        gan = tiny_dcgan()
        gan.compile(top_k=top_k)
        history = gan.fit(tiny_images(16), batch_size=16, epochs=1, verbose=0, shuffle=False).history
        logged[top_k] = history["g_loss"][0]
    # Same D step, same fakes: the plain loss, not the kept half's (twice it).
    assert logged[0.5] == pytest.approx(logged[None], rel=1e-5)
    gan.compile(top_k=0.5, top_k_decay_steps=7)
    gan.save(tmp_path / "gan.keras")
    restored = keras.saving.load_model(tmp_path / "gan.keras")
    assert (restored.top_k, restored.top_k_decay_steps) == (0.5, 7)


@pytest.mark.parametrize(
    "options, message",
    [
        ({"top_k": 0.0}, "top_k must be a fraction of the batch"),
        ({"top_k": 1.5}, "top_k must be a fraction of the batch"),
        ({"top_k": 0.5, "top_k_decay_steps": 0}, "top_k_decay_steps must be a positive integer"),
        ({"top_k_decay_steps": 100}, "set top_k too"),
        ({"top_k": 0.5, "feature_matching": True}, "feature matching does not use"),
    ],
)
def test_bad_settings_are_explained(options, message):
    with pytest.raises(ValueError, match=message):
        tiny_dcgan().compile(**options)
