import keras
import numpy as np
import pytest

from tests.conftest import tiny_dcgan, tiny_images


def parameters(gan):
    return [keras.ops.convert_to_numpy(v).copy() for v in gan._historical_parameters()]


def test_the_averages_are_the_mean_of_every_step_s_parameters_and_survive_saving(tmp_path):
    gan = tiny_dcgan()
    gan.compile(historical_averaging=1e-3)
    history = [parameters(gan)]
    images = tiny_images(48)
    for step in range(3):
        gan.fit(images[16 * step : 16 * (step + 1)], batch_size=16, epochs=1, verbose=0)
        history.append(parameters(gan))
    for i, average in enumerate(gan._historical_averages):
        expected = np.mean([snapshot[i] for snapshot in history], axis=0)
        np.testing.assert_allclose(keras.ops.convert_to_numpy(average), expected, rtol=1e-5, atol=1e-6)
    gan.save(tmp_path / "gan.keras")
    restored = keras.saving.load_model(tmp_path / "gan.keras")
    assert restored.historical_averaging == 1e-3 and float(restored._historical_count.numpy()) == 4.0


def test_the_penalty_pulls_a_network_back_towards_its_average():
    weight, learning_rate = 100.0, 1e-3
    gan = tiny_dcgan()
    gan.compile(historical_averaging=weight, g_optimizer=keras.optimizers.SGD(learning_rate))
    # Move the generator one unit away from its average (its initial weights).
    for v in gan.generator.trainable_variables:
        v.assign(v + 1.0)
    size = sum(int(np.prod(v.shape)) for v in gan.generator.trainable_variables)
    penalty = keras.ops.convert_to_numpy(gan._historical_penalty(gan.generator))
    assert penalty == pytest.approx(weight * size, rel=1e-5)
    assert float(keras.ops.convert_to_numpy(gan._historical_penalty(gan.discriminator))) == 0.0
    before = parameters(gan)
    gan.fit(tiny_images(16), batch_size=16, epochs=1, verbose=0)
    after = parameters(gan)
    # One SGD step on w·‖θ - θ̄‖² moves each weight back by lr·2w = 0.2, plus
    # the small adversarial gradient.
    n = len(gan.generator.trainable_variables)
    steps = np.concatenate([(b - a).ravel() for a, b in zip(after[:n], before[:n])])
    assert np.median(steps) == pytest.approx(2 * learning_rate * weight, abs=0.05)


def test_a_bad_weight_is_explained():
    with pytest.raises(ValueError, match="historical_averaging must be a positive weight"):
        tiny_dcgan().compile(historical_averaging=-1.0)
