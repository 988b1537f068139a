import json
import os
import signal
import subprocess
import sys
import time

import keras
import numpy as np
import pytest

from keras_gans import callbacks, data
from tests.conftest import tiny_dcgan, tiny_images

EPOCHS, STEPS_PER_EPOCH, BATCH = 3, 5, 8


class Interrupt(keras.callbacks.Callback):
    def __init__(self, after_steps):
        super().__init__()
        self.after_steps = after_steps
        self.steps = 0

    def on_train_batch_end(self, batch, logs=None):
        self.steps += 1
        if self.steps == self.after_steps:
            raise KeyboardInterrupt


def train(directory, interrupt_after=None, extra_callbacks=()):
    keras.utils.set_random_seed(0)  # The initial weights.
    gan = tiny_dcgan(seed=3)
    gan.compile(d_steps=2)
    dataset = data.batched_dataset(tiny_images(STEPS_PER_EPOCH * BATCH), BATCH, seed=5)
    run_callbacks = [callbacks.Checkpoint(directory, every_n_steps=2), *extra_callbacks]
    if interrupt_after:
        run_callbacks.append(Interrupt(interrupt_after))
    try:
        history = gan.fit(dataset, epochs=EPOCHS, callbacks=run_callbacks, verbose=0)
    except KeyboardInterrupt:
        return None, None
    return gan, history


def assert_same_state(a, b):
    for x, y in zip(a.variables + a.optimizer.variables, b.variables + b.optimizer.variables):
        np.testing.assert_array_equal(keras.ops.convert_to_numpy(x), keras.ops.convert_to_numpy(y))
    np.testing.assert_array_equal(
        keras.ops.convert_to_numpy(a.seed_generator.state), keras.ops.convert_to_numpy(b.seed_generator.state)
    )


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory):
    return train(str(tmp_path_factory.mktemp("uninterrupted")))


# Interrupted mid-epoch (after a step checkpoint), right after an epoch ends, and twice.
@pytest.mark.parametrize("interruptions", [(8,), (5,), (3, 4)])
def test_resumed_run_ends_like_an_uninterrupted_one(uninterrupted, tmp_path, interruptions):
    reference, reference_history = uninterrupted
    for after_steps in interruptions:
        assert train(str(tmp_path), interrupt_after=after_steps) == (None, None)
    resumed, history = train(str(tmp_path))
    assert int(resumed.g_optimizer.iterations) == EPOCHS * STEPS_PER_EPOCH
    assert int(resumed.d_optimizer.iterations) == 2 * EPOCHS * STEPS_PER_EPOCH
    assert_same_state(reference, resumed)
    assert history.history == reference_history.history


def test_checkpoint_record_and_kept_files(tmp_path):
    train(str(tmp_path), interrupt_after=9)
    state = callbacks.Checkpoint(str(tmp_path)).latest()
    assert (state["epoch"], state["step_in_epoch"], state["global_step"]) == (1, 3, 8)
    assert len(state["history"]["d_loss"]) == 1 and state["steps_per_epoch"] == STEPS_PER_EPOCH
    assert sorted(f for f in os.listdir(tmp_path) if f.startswith("ckpt-")) == [
        "ckpt-000000006.weights.h5", "ckpt-000000008.weights.h5"
    ]


def test_a_half_written_checkpoint_is_ignored(uninterrupted, tmp_path):
    train(str(tmp_path), interrupt_after=7)
    # What a crash while writing leaves: a temporary file that never got its name.
    (tmp_path / ".ckpt-000000008.abc.tmp.weights.h5").write_bytes(b"\x89HDF\r\n half")
    resumed, _ = train(str(tmp_path))
    assert_same_state(uninterrupted[0], resumed)


def test_an_edited_record_gets_a_clear_error(tmp_path):
    train(str(tmp_path), interrupt_after=3)
    (tmp_path / "checkpoint.json").write_text("{not json")
    with pytest.raises(ValueError, match="cannot be read.*delete the checkpoint directory"):
        train(str(tmp_path))


KILLED_SCRIPT = """
import os, sys, time, keras
sys.path.insert(0, {root!r})
from tests.callbacks.test_checkpoint import train

class PauseOnce(keras.callbacks.Callback):
    # The first run waits here, mid-epoch, to be killed.
    steps = 0
    def on_train_batch_end(self, batch, logs=None):
        self.steps += 1
        if self.steps == 7 and not os.path.exists({ready!r}):
            open({ready!r}, "w").close()
            time.sleep(120)

gan, _ = train({directory!r}, extra_callbacks=[PauseOnce()])
gan.save_weights({result!r})
"""


def test_sigkill_mid_epoch_then_the_same_command_resumes(uninterrupted, tmp_path):
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    paths = {name: str(tmp_path / name) for name in ("ready", "result.weights.h5", "checkpoints")}
    script = KILLED_SCRIPT.format(
        root=root, ready=paths["ready"], directory=paths["checkpoints"], result=paths["result.weights.h5"]
    )
    command = [sys.executable, "-c", script]
    env = {**os.environ, "KERAS_BACKEND": keras.backend.backend()}
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 240
    while not os.path.exists(paths["ready"]):
        assert process.poll() is None, process.stderr.read().decode()[-3000:]
        assert time.time() < deadline, "the training subprocess never reached step 7"
        time.sleep(0.1)
    process.send_signal(signal.SIGKILL)
    process.wait()
    process.stderr.close()
    assert not os.path.exists(paths["result.weights.h5"])
    with open(os.path.join(paths["checkpoints"], "checkpoint.json")) as f:
        assert json.load(f)["global_step"] == 6

    finished = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr[-3000:]
    resumed = tiny_dcgan(seed=3)
    resumed.compile(d_steps=2)
    resumed.load_weights(paths["result.weights.h5"])
    assert_same_state(uninterrupted[0], resumed)
