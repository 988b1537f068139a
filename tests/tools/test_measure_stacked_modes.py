import keras
import pytest

from tests.tools import load_tool


@pytest.fixture(scope="module")
def tool():
    return load_tool("measure_stacked_modes")


def rate(optimizer, step=0):
    config = optimizer.get_config()["learning_rate"]
    if not isinstance(config, dict):  # a constant rate
        return float(config)
    schedule = keras.optimizers.schedules.deserialize(config)
    return float(keras.ops.convert_to_numpy(schedule(step)))


def test_the_plain_row_is_the_library_s_dcgan(tool):
    gan, options = tool.build_gan("plain")
    assert gan.packing == 1 and options["generator_ema"] is None and options["mode_seeking"] is None
    assert "minibatch_stddev" not in [layer.name for layer in gan.discriminator.layers]
    assert float(options["g_optimizer"].learning_rate) == pytest.approx(2e-4)
    assert options["d_optimizer"] is not options["g_optimizer"]


def test_the_defaults_row_adds_the_2d_defaults_techniques_at_dcgan_s_rate(tool):
    gan, options = tool.build_gan("defaults", discriminator_filters=16, epochs=2)
    assert "minibatch_stddev" in [layer.name for layer in gan.discriminator.layers]
    assert options["generator_ema"] == 0.999
    conv = next(layer for layer in gan.discriminator.layers if isinstance(layer, keras.layers.Conv2D))
    assert conv.filters == 16
    steps = 2 * 937  # the full batches of 64 in 60,000 images
    assert rate(options["g_optimizer"], 0) == pytest.approx(2e-4)
    assert rate(options["g_optimizer"], steps // 2) == pytest.approx(1e-4, rel=1e-5)
    assert rate(options["d_optimizer"], steps) == pytest.approx(0.0, abs=1e-9)


def test_the_pacgan2_row_packs_pairs(tool):
    gan, _ = tool.build_gan("pacgan2")
    assert gan.packing == 2 and gan.discriminator.input_shape == (None, 28, 28, 6)


def test_the_mode_seeking_row_changes_only_the_generator_s_loss(tool):
    gan, options = tool.build_gan("mode_seeking")
    assert options["mode_seeking"] == 1.0 and gan.packing == 1 and options["generator_ema"] is None
    gan.compile(**options)
    assert gan.mode_seeking == 1.0


@pytest.mark.parametrize(
    "row, d_rate, d_steps, generator_ema",
    [
        ("d_steps_2", 2e-4, 2, None),
        ("ttur", 4e-4, 1, None),
        ("ttur_4x", 8e-4, 1, None),
        ("ttur_d_steps_2", 4e-4, 2, None),
        ("ttur_ema", 4e-4, 1, 0.999),
        ("generator_ema", 2e-4, 1, 0.999),
    ],
)
def test_the_d_rate_d_steps_and_ema_rows(tool, row, d_rate, d_steps, generator_ema):
    gan, options = tool.build_gan(row, discriminator_filters=16)
    gan.compile(**options)
    assert gan.d_steps == d_steps and options["generator_ema"] == generator_ema
    assert rate(options["d_optimizer"]) == pytest.approx(d_rate)
    assert rate(options["g_optimizer"]) == pytest.approx(2e-4)  # G keeps DCGAN's rate
    assert gan.packing == 1 and options["mode_seeking"] is None
