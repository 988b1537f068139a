import glob
import os

import keras
import matplotlib.image
import numpy as np
import pytest

from keras_gans import callbacks, data, utils
from keras_gans.models import VanillaGAN
from tests.conftest import tiny_dcgan, tiny_images
from tests.models.captioned_toy import tiny_text_gan


class RecordGenerated(keras.callbacks.Callback):
    """What the sample grid's latents generate at each epoch end, for comparison."""

    def __init__(self, grid_callback):
        super().__init__()
        self.grid_callback = grid_callback
        self.images = []

    def on_epoch_end(self, epoch, logs=None):
        self.images.append(self.model.generate(latent=self.grid_callback.latent))


def test_sample_grid_uses_the_same_noise_every_epoch(tmp_path):
    gan = tiny_dcgan()
    gan.compile()
    grid = callbacks.SampleGrid(tmp_path / "samples", num_samples=9, log_dir=str(tmp_path / "logs"))
    record = RecordGenerated(grid)
    gan.fit(tiny_images(16), batch_size=8, epochs=2, callbacks=[grid, record], verbose=0)
    latent_after_training = grid.latent.copy()
    assert sorted(os.listdir(tmp_path / "samples")) == ["epoch_0001.png", "epoch_0002.png"]
    for epoch, images in enumerate(record.images):
        written = matplotlib.image.imread(grid.path_for(epoch))[..., :3]
        expected = np.repeat(utils.image_grid(images), 3, axis=-1)
        np.testing.assert_allclose(written, expected, atol=1 / 255 + 1e-6)
    # Same noise: a second fit draws no new latents.
    gan.fit(tiny_images(16), batch_size=8, epochs=1, callbacks=[grid], verbose=0)
    np.testing.assert_array_equal(grid.latent, latent_after_training)
    assert glob.glob(str(tmp_path / "logs" / "events.out.tfevents.*"))


def test_tensorboard_holds_the_grid_images(tmp_path):
    import tensorflow as tf

    gan = tiny_dcgan()
    gan.compile()
    grid = callbacks.SampleGrid(tmp_path / "samples", num_samples=4, log_dir=str(tmp_path / "logs"))
    gan.fit(tiny_images(16), batch_size=8, epochs=2, callbacks=[grid], verbose=0)
    steps = []
    for path in glob.glob(str(tmp_path / "logs" / "events.out.tfevents.*")):
        for event in tf.compat.v1.train.summary_iterator(path):
            steps += [event.step for value in event.summary.value if value.tag == "samples"]
    assert sorted(steps) == [1, 2]


def test_interpolation_curves_and_mode_scatter_write_their_figures(tmp_path):
    gan = tiny_dcgan()
    gan.compile()
    strips = callbacks.InterpolationStrips(tmp_path / "walk", every_n_epochs=2, num_strips=2, num_steps=5)
    curves = callbacks.TrainingCurves(tmp_path / "curves.png")
    curves.restore_history({"d_loss": [1.5], "g_loss": [0.5], "d_real": [0.5], "d_fake": [0.5]})
    gan.fit(tiny_images(16), batch_size=8, epochs=2, callbacks=[strips, curves], verbose=0)
    assert os.listdir(tmp_path / "walk") == ["interpolation_epoch_0002.png"]
    assert matplotlib.image.imread(tmp_path / "walk" / "interpolation_epoch_0002.png").shape[:2] == (16, 40)
    assert len(curves.history["d_loss"]) == 3 and os.path.getsize(tmp_path / "curves.png") > 0

    points = VanillaGAN(data_shape=(2,), latent_dim=2, generator_units=(8,), discriminator_units=(8,),
                        maxout_pieces=2, output_activation="linear", seed=0)
    points.compile()
    scatter = callbacks.ModeScatter(data.ring().modes, tmp_path / "modes", num_samples=100)
    points.fit(data.load("ring", batch_size=50, num_samples=100), epochs=1, callbacks=[scatter], verbose=0)
    assert os.listdir(tmp_path / "modes") == ["modes_epoch_0001.png"]


def strip_models():
    from keras_gans.models import ConditionalGAN, InfoGAN

    small = dict(image_shape=(8, 8, 1), generator_filters=4, discriminator_filters=4, seed=0)
    return {
        "plain": lambda: tiny_dcgan(),
        "categorical": lambda: tiny_dcgan(latent_categories=3, latent_category_scale=2.0),
        "cgan": lambda: ConditionalGAN(num_classes=3, latent_dim=4, **small),
        "infogan": lambda: InfoGAN(noise_dim=4, categorical_codes=(3,), continuous_codes=1, **small),
        "text": lambda: tiny_text_gan(preview_captions=["a top pattern", "the left"]),
    }


@pytest.mark.parametrize("name", ["plain", "categorical", "cgan", "infogan", "text"])
def test_interpolation_strips_walk_the_noise_and_hold_the_rest(tmp_path, name):
    gan = strip_models()[name]()
    calls = []
    generate = gan.generate
    gan.generate = lambda **inputs: calls.append(inputs) or generate(**inputs)
    strips = callbacks.InterpolationStrips(tmp_path, num_strips=3, num_steps=4, seed=1)
    strips.set_model(gan)
    strips.on_epoch_end(0)
    assert matplotlib.image.imread(tmp_path / "interpolation_epoch_0001.png").shape[:2] == (24, 32)

    latent = calls[0]["latent"].reshape(3, 4, gan.latent_dim)
    noise, held = latent[..., : gan.noise_dim], latent[..., gan.noise_dim :]
    np.testing.assert_allclose(noise.reshape(12, -1), utils.interpolation_latents(gan.noise_dim, 3, 4, seed=1))
    np.testing.assert_array_equal(held, np.repeat(held[:, :1], 4, axis=1))
    if name == "categorical":
        # Each strip holds one category's one-hot at the model's scale.
        assert sorted(np.unique(held)) == [0.0, 2.0] and np.all(held.sum(axis=-1) == 2.0)
    if name == "infogan":
        assert np.all(held[..., :3].sum(axis=-1) == 1.0)
        assert held.shape[-1] == 4
    if name == "cgan":
        np.testing.assert_array_equal(calls[0]["labels"], np.repeat([0, 1, 2], 4))
    elif name == "text":
        assert calls[0]["text"] == ["a top pattern"] * 4 + ["the left"] * 4 + ["a top pattern"] * 4
    else:
        assert set(calls[0]) == {"latent"}


def test_vector_arithmetic_figure(tmp_path):
    gan = tiny_dcgan()
    groups = [np.random.default_rng(i).standard_normal((3, 4)) for i in range(3)]
    utils.save_vector_arithmetic_figure(gan, *groups, tmp_path / "arithmetic.png")
    assert os.path.getsize(tmp_path / "arithmetic.png") > 0


def test_latent_paths():
    z1, z2 = np.array([3.0, 0.0]), np.array([0.0, 3.0])
    straight, curved = utils.lerp(z1, z2, 5), utils.slerp(z1, z2, 5)
    np.testing.assert_allclose(straight[[0, -1]], [z1, z2])
    np.testing.assert_allclose(curved[[0, -1]], [z1, z2], atol=1e-6)
    np.testing.assert_allclose(np.linalg.norm(curved, axis=1), 3.0, rtol=1e-6)
    assert np.linalg.norm(straight[2]) == pytest.approx(3.0 / np.sqrt(2))
    latents = utils.interpolation_latents(6, num_strips=3, num_steps=4, seed=0)
    assert latents.shape == (12, 6)


class PoisonGenerator(keras.callbacks.Callback):
    """Makes the generator's weights NaN at a given step, as a diverged run would."""

    def __init__(self, at_step):
        super().__init__()
        self.at_step = at_step
        self.steps = 0

    def on_train_batch_begin(self, batch, logs=None):
        self.steps += 1
        if self.steps == self.at_step:
            from keras_gans import backend

            backend.sync_variables(self.model)
            for variable in self.model.generator.trainable_variables:
                variable.assign(np.full(variable.shape, np.nan, "float32"))
            self.model._jax_state_synced = True  # Re-read the state (JAX).


def test_nan_losses_stop_training_and_keep_the_last_good_checkpoint(tmp_path):
    gan = tiny_dcgan()
    gan.compile()
    stop = callbacks.StopOnNaN()
    checkpoint = callbacks.Checkpoint(tmp_path / "ckpt", every_n_steps=1)
    dataset = data.batched_dataset(tiny_images(32), 8, seed=0)
    gan.fit(dataset, epochs=3, callbacks=[checkpoint, stop, PoisonGenerator(at_step=6)], verbose=0)
    assert stop.stopped_at == (1, 1)
    assert "lower learning rate" in stop.message and "label smoothing" in stop.message
    assert "gradient penalty" in stop.message
    state = checkpoint.latest()
    assert (state["epoch"], state["step_in_epoch"], state["global_step"]) == (1, 1, 5)
    restored = tiny_dcgan()
    restored.compile()
    callbacks.Checkpoint(tmp_path / "ckpt").restore(restored)
    assert all(np.isfinite(keras.ops.convert_to_numpy(v)).all() for v in restored.generator.weights)
