"""Data-parallel training: a distributed step is the single-device step.

Devices must be configured before the backend starts, so each check runs
in a fresh process: JAX with 4 virtual CPU devices, TensorFlow with 2
logical CPUs. Each backend's suite checks its own backend.
"""

import json

import keras
import pytest

from tests.conftest import run_python

BACKEND = keras.backend.backend()
DEVICES = {"jax": 4, "tensorflow": 2}

# Runs in the subprocess; prints one JSON line of results.
DISTRIBUTED_STEP = """
import json, os, sys
import numpy as np
backend = os.environ["KERAS_BACKEND"]
if backend == "tensorflow":
    import tensorflow as tf
    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * {devices})
import keras
from keras_gans import distribution
from keras_gans.models import ConditionalGAN, VanillaGAN
from tests.conftest import tiny_dcgan

def mlp_gan():
    return VanillaGAN(data_shape=(4,), latent_dim=3, generator_units=(8,), discriminator_units=(8,),
                      maxout_pieces=2, dropout=0.0, output_activation="linear", seed=0)

def one_step(build, data, initial=None):
    gan = build()
    # Adam's first step is lr / (1 + eps/|g|): for a gradient near eps, half-precision
    # rounding moves it by a large share of lr. SGD's step is lr·g, so rounding
    # stays small (and a wrong loss division across replicas would still show).
    mixed = keras.config.dtype_policy().name.startswith("mixed")
    optimizer = (lambda: keras.optimizers.SGD(0.1)) if mixed else (lambda: keras.optimizers.Adam(1e-2))
    gan.compile(g_optimizer=optimizer(), d_optimizer=optimizer())
    if initial is not None:
        for variable, value in zip(gan.trainable_variables, initial):
            variable.assign(value)
    start = [keras.ops.convert_to_numpy(v) for v in gan.trainable_variables]
    logs = gan.fit(data, batch_size=len(data), epochs=1, shuffle=False, verbose=0).history
    return gan, start, {{k: v[-1] for k, v in logs.items()}}

rng = np.random.default_rng(0)
cases = {{"mlp_gan": (mlp_gan, rng.normal(size=(8, 4)).astype("float32"))}}
if backend == "jax":
    # Batch norm is over the global batch on JAX, so DCGAN matches as well.
    cases["dcgan"] = (tiny_dcgan, rng.uniform(-1, 1, (8, 8, 8, 1)).astype("float32"))

def under(policy, build):
    def build_under_policy():
        keras.config.set_dtype_policy(policy)
        return build()
    return build_under_policy

# The mixed policies too: float16's loss scale must move as one across replicas.
for policy in ("mixed_float16", "mixed_bfloat16"):
    cases[f"mlp_gan@{{policy}}"] = (under(policy, mlp_gan), cases["mlp_gan"][1])
single = {{name: one_step(build, data) for name, (build, data) in cases.items()}}
keras.config.set_dtype_policy("float32")
distribution.data_parallel()
results = {{"replicas": distribution.num_replicas()}}
for name, (build, data) in cases.items():
    gan, start, logs = one_step(build, data, initial=single[name][1])
    reference, _, reference_logs = single[name]
    keras.config.set_dtype_policy("float32")
    results[name] = {{
        "loss_scales": [
            float(keras.ops.convert_to_numpy(getattr(model.g_optimizer, "dynamic_scale", 0.0))) for model in (reference, gan)
        ],
        "max_weight_difference": max(
            float(np.abs(keras.ops.convert_to_numpy(a) - keras.ops.convert_to_numpy(b)).max())
            for a, b in zip(reference.trainable_variables, gan.trainable_variables)
        ),
        "max_weight_change": max(
            float(np.abs(keras.ops.convert_to_numpy(v) - s).max()) for v, s in zip(gan.trainable_variables, start)
        ),
        "logs": logs, "reference_logs": reference_logs,
    }}
# fit end to end: a conditional model, two epochs of several steps.
images = rng.uniform(-1, 1, (64, 8, 8, 1)).astype("float32")
labels = rng.integers(0, 3, 64)
cgan = ConditionalGAN(num_classes=3, image_shape=(8, 8, 1), latent_dim=4, generator_filters=4,
                      discriminator_filters=4, seed=0)
cgan.compile()
history = cgan.fit(images, labels, batch_size=16, epochs=2, verbose=0).history
results["fit"] = {{k: [float(x) for x in v] for k, v in history.items()}}
results["generated"] = list(cgan.generate([0, 1, 2], seed=0).shape)
print("RESULTS " + json.dumps(results))
"""


def run_distributed(backend):
    devices = DEVICES[backend]
    env = {"XLA_FLAGS": f"--xla_force_host_platform_device_count={devices}"} if backend == "jax" else {}
    output = run_python(DISTRIBUTED_STEP.format(devices=devices), backend, env=env)
    line = [line for line in output.splitlines() if line.startswith("RESULTS ")][-1]
    return json.loads(line[len("RESULTS ") :])


def test_a_distributed_step_equals_the_single_device_step_and_fit_runs():
    if BACKEND == "torch":
        return check_torch_refuses()
    results = run_distributed(BACKEND)
    assert results["replicas"] == DEVICES[BACKEND]
    names = ["mlp_gan", "mlp_gan@mixed_float16", "mlp_gan@mixed_bfloat16"] + (["dcgan"] if BACKEND == "jax" else [])
    for name in names:
        case = results[name]
        # The step moved the weights, and moved them as one device does; in
        # half precision, to within rounding: the replicas' shares of the batch
        # sum in another order, and the G step sees a D rounded so (a wrong loss
        # division would be off by half a step).
        assert case["max_weight_change"] > 1e-3, name
        tolerance = 0.02 * case["max_weight_change"] if "@mixed" in name else 1e-5
        assert case["max_weight_difference"] < tolerance, name
        for key, value in case["reference_logs"].items():
            assert case["logs"][key] == pytest.approx(value, abs=1e-3 if "@mixed" in name else 1e-5), (name, key)
        single_scale, distributed_scale = case["loss_scales"]
        assert distributed_scale == single_scale, name
    assert len(results["fit"]["d_loss"]) == 2
    assert all(abs(value) < 1e3 for values in results["fit"].values() for value in values)
    assert results["generated"] == [3, 8, 8, 1]


def check_torch_refuses():
    """PyTorch has no Keras distribution API: a clear error, one device."""
    from keras_gans import distribution

    with pytest.raises(ValueError, match="tensorflow and jax backends, not torch"):
        distribution.data_parallel()
    assert distribution.num_replicas() == 1
