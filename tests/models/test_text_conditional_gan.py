import json

import keras
import numpy as np
import pytest
import tensorflow as tf

from tests.conftest import BACKENDS, run_python, tiny_images
from tests.models.captioned_toy import WORDS, captioned_images, tiny_text_gan
from tests.models.labelled_toy import nearest_template
from tests.models.test_saving import all_state


def fast_adam():
    return keras.optimizers.Adam(1e-3, beta_1=0.5)


def embeddings_of(gan, captions):
    return keras.ops.convert_to_tensor(gan.embed_text(captions))


def images(n, seed):
    return keras.ops.convert_to_tensor(tiny_images(n, seed=seed))


def log_sigmoid(x):
    return -np.logaddexp(0.0, -x)


def test_gan_cls_discriminator_loss_follows_reed():
    gan = tiny_text_gan()
    gan.compile()
    real, fake = images(6, seed=1), images(6, seed=2)
    captions = ["a top pattern", "the left", "the corner", "a left pattern", "the top", "pattern at the corner"]
    h = embeddings_of(gan, captions)
    loss, (logged, _, _, logs), _ = gan._discriminator_loss(real, h, fake, h, training=False)

    def logits(images, text):
        return keras.ops.convert_to_numpy(gan.discriminator([images, text])).ravel()

    wrong = keras.ops.roll(h, 1, axis=0)
    expected = -(
        log_sigmoid(logits(real, h)).mean()
        + 0.5 * log_sigmoid(-logits(real, wrong)).mean()
        + 0.5 * log_sigmoid(-logits(fake, h)).mean()
    )
    np.testing.assert_allclose(float(loss), expected, rtol=1e-5)
    np.testing.assert_allclose(float(logged), expected, rtol=1e-5)
    sigmoid = 1 / (1 + np.exp(-logits(real, wrong)))
    np.testing.assert_allclose(float(logs["d_mismatched"]), sigmoid.mean(), rtol=1e-5)


def test_plain_model_has_no_mismatched_term():
    gan = tiny_text_gan(mismatched_pairs=False, text_interpolation=None)
    gan.compile()
    real, fake = images(4, seed=1), images(4, seed=2)
    h = embeddings_of(gan, ["a top pattern", "the left", "the corner", "the top"])
    loss, _, _ = gan._discriminator_loss(real, h, fake, h, training=False)
    expected = gan.gan_loss.discriminator_loss(
        gan.discriminator([real, h]), gan.discriminator([fake, h])
    )
    np.testing.assert_allclose(float(loss), float(expected), rtol=1e-6)
    assert "d_mismatched" not in gan.metric_names


def test_gan_int_adds_interpolated_captions_for_the_generator_only():
    h = np.arange(12, dtype="float32").reshape(3, 4)
    condition = np.asarray(tiny_text_gan(text_interpolation=0.25)._generator_condition(keras.ops.convert_to_tensor(h)))
    assert condition.shape == (6, 4)
    np.testing.assert_allclose(condition[:3], h)
    np.testing.assert_allclose(condition[3:], 0.25 * h + 0.75 * np.roll(h, 1, axis=0))
    plain = tiny_text_gan(text_interpolation=None)
    np.testing.assert_allclose(np.asarray(plain._generator_condition(keras.ops.convert_to_tensor(h))), h)


@pytest.mark.parametrize("variant", ["cls_int", "plain"])
def test_short_training_draws_what_the_caption_says(variant):
    images, captions, _ = captioned_images()
    options = {} if variant == "cls_int" else dict(mismatched_pairs=False, text_interpolation=None)
    gan = tiny_text_gan(**options)
    gan.compile(g_optimizer=fast_adam(), d_optimizer=fast_adam())
    history = gan.fit(images, captions, batch_size=32, epochs=20, verbose=0)
    expected_logs = {"d_loss", "g_loss", "d_real", "d_fake"} | ({"d_mismatched"} if variant == "cls_int" else set())
    assert set(history.history) == expected_logs
    # A phrasing the captions never used.
    drawn = gan.generate_from_text([f"a {word}" for word in WORDS], n_per_caption=100, seed=1)
    accuracy = np.mean(nearest_template(drawn) == np.repeat(np.arange(3), 100))
    assert accuracy > 0.6, accuracy  # chance is 1/3


def test_fit_takes_a_dataset_of_captions_and_keeps_the_encoder_frozen():
    images, captions, _ = captioned_images(64)
    dataset = tf.data.Dataset.from_tensor_slices((images, captions)).batch(16)
    gan = tiny_text_gan()
    gan.compile()
    encoder_weights = [np.array(w) for w in gan.text_encoder.weights]
    generator_weights = [np.array(w) for w in gan.generator.trainable_weights]
    history = gan.fit(dataset, epochs=1, verbose=0)
    assert np.isfinite(history.history["d_loss"][0])
    for before, after in zip(encoder_weights, gan.text_encoder.weights):
        np.testing.assert_array_equal(before, np.array(after))
    assert any(np.abs(b - np.array(a)).max() > 0 for b, a in zip(generator_weights, gan.generator.trainable_weights))
    assert not gan.text_encoder.trainable_weights


def test_fit_takes_word_ids():
    images, captions, _ = captioned_images(32)
    gan = tiny_text_gan()
    gan.compile()
    history = gan.fit(images, gan.tokenizer.encode(captions), batch_size=16, verbose=0)
    assert np.isfinite(history.history["g_loss"][0])


def test_style_is_fixed_by_the_noise_and_the_text_changes_the_image():
    gan = tiny_text_gan()
    latent = gan.draw_latent(3, seed=4)
    both = gan.generate_from_text(["a top pattern", "the corner"], latent=latent)
    assert both.shape == (6, 8, 8, 1)
    np.testing.assert_allclose(both[3:], gan.generate_from_text("the corner", latent=latent), atol=1e-6)
    assert np.abs(both[:3] - both[3:]).max() > 1e-4
    np.testing.assert_allclose(
        gan.generate_from_text(["the left"], 3, seed=4), gan.generate_from_text(["the left"], latent=latent), atol=1e-6
    )


def test_interpolation_runs_from_one_caption_to_the_other():
    gan = tiny_text_gan()
    latent = gan.draw_latent(1, seed=0)
    strip = gan.interpolate_text("the top", "the left", num_steps=5, latent=latent)
    assert strip.shape == (5, 8, 8, 1)
    np.testing.assert_allclose(strip[0], gan.generate_from_text("the top", latent=latent)[0], atol=1e-5)
    np.testing.assert_allclose(strip[-1], gan.generate_from_text("the left", latent=latent)[0], atol=1e-5)


def test_generate_cycles_through_preview_captions():
    gan = tiny_text_gan(preview_captions=["the top", "the left"])
    latent = gan.draw_latent(4, seed=0)
    images = gan.generate(latent=latent)
    np.testing.assert_allclose(images[1], gan.generate_from_text("the left", latent=latent[1:2])[0], atol=1e-6)
    with pytest.raises(ValueError, match="needs captions"):
        tiny_text_gan().generate(4)


@pytest.mark.parametrize(
    "captions, error, message",
    [
        (["a top pattern", ""], ValueError, "Caption 1 .* has no words"),
        (["zebra crossing"], ValueError, "No word of caption 0"),
        (["the top", 7], TypeError, "Caption 1 is a int"),
        (["the top pattern at the left corner"], ValueError, "reads at most 5"),
        ([], ValueError, "No captions"),
    ],
)
def test_bad_captions_are_explained(captions, error, message):
    with pytest.raises(error, match=message):
        tiny_text_gan().generate_from_text(captions)


def test_missing_or_foreign_captions_are_refused_before_training():
    gan = tiny_text_gan()
    gan.compile()
    images, captions, _ = captioned_images(32)
    with pytest.raises(ValueError, match="needs captions"):
        gan.fit(images, batch_size=16, verbose=0)
    with pytest.raises(ValueError, match="another vocabulary"):
        gan.fit(images, np.full((32, 5), 99), batch_size=16, verbose=0)
    with pytest.raises(ValueError, match="has no words"):
        gan.fit(images, np.array(["the top"] * 31 + ["  "]), batch_size=16, verbose=0)


def fit_toy(gan, epochs):
    images, captions, _ = captioned_images(48)
    gan.fit(images, captions, batch_size=16, epochs=epochs, verbose=0, shuffle=False)


def test_saved_model_resumes_exactly_with_its_vocabulary(tmp_path):
    keras.utils.set_random_seed(5)
    uninterrupted = tiny_text_gan()
    keras.utils.set_random_seed(5)
    interrupted = tiny_text_gan()
    for gan in (uninterrupted, interrupted):
        gan.compile()
    fit_toy(uninterrupted, 2)
    fit_toy(interrupted, 1)
    interrupted.save(tmp_path / "gan.keras")
    resumed = keras.saving.load_model(tmp_path / "gan.keras")
    assert json.loads(json.dumps(resumed.get_config())) == json.loads(json.dumps(interrupted.get_config()))
    assert resumed.tokenizer.get_vocabulary() == interrupted.tokenizer.get_vocabulary()
    assert not resumed.text_encoder.trainable_weights
    fit_toy(resumed, 1)
    for a, b in zip(all_state(uninterrupted), all_state(resumed)):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-6)


LOAD_AND_DRAW = """
import keras, numpy as np, keras_gans
model = keras.saving.load_model({path!r})
np.save({out!r}, model.generate_from_text(["the top", "a corner pattern"], n_per_caption=3, seed=0))
"""


def test_saved_file_draws_the_same_on_every_other_backend(tmp_path):
    gan = tiny_text_gan()
    gan.compile()
    fit_toy(gan, 1)
    path = str(tmp_path / "gan.keras")
    gan.save(path)
    expected = gan.generate_from_text(["the top", "a corner pattern"], n_per_caption=3, seed=0)
    for other in sorted(set(BACKENDS) - {keras.backend.backend()}):
        out = str(tmp_path / f"{other}.npy")
        run_python(LOAD_AND_DRAW.format(path=path, out=out), other)
        np.testing.assert_allclose(np.load(out), expected, atol=1e-5, err_msg=other)

