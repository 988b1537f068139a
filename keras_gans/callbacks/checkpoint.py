"""Checkpoints a killed run resumes from exactly."""

import glob
import json
import os

import keras
import numpy as np

from keras_gans import backend as gan_backend
from keras_gans.callbacks.stop_on_nan import all_finite
from keras_gans.data.pipeline import cursor_of
from keras_gans.utils.files import atomic_path

STATE_FILE = "checkpoint.json"


class Checkpoint(keras.callbacks.Callback):
    """Saves the whole training state, and lets `GAN.fit` resume from it.

    A checkpoint holds the weights of both networks, both optimizers'
    states, every seed generator's state (the training noise), the running
    epoch metrics, and the epoch and step reached. It is written at the end
    of every epoch and, with `every_n_steps`, during epochs. Each write goes
    to a new weights file; `checkpoint.json`, which names the latest one, is
    replaced atomically afterwards, so a crash at any moment leaves the
    previous checkpoint intact. Non-finite losses are never checkpointed.

    Calling `fit` again with a `Checkpoint` on the same directory restores
    the latest checkpoint and continues from its epoch and step. With a
    dataset from `keras_gans.data.load`, whose batch order depends only on
    its seed and the epoch, the resumed run ends with the same weights as an
    uninterrupted one. With other data the remaining steps of the
    interrupted epoch read the data from its start.

    Args:
        directory: where the checkpoints live.
        every_n_steps: also checkpoint every this many training steps.
        keep: how many weights files to keep.
        resume: restore the latest checkpoint when `fit` starts.

    Example:

    >>> checkpoint = Checkpoint("runs/example/checkpoints", every_n_steps=500)
    >>> checkpoint.latest() is None
    True
    >>> # gan.fit(data, epochs=20, callbacks=[checkpoint])  # kill it, run it again
    """

    def __init__(self, directory, every_n_steps=None, keep=2, resume=True):
        super().__init__()
        if every_n_steps is not None and int(every_n_steps) < 1:
            raise ValueError(f"every_n_steps must be a positive integer, got {every_n_steps}.")
        self.directory = directory
        self.every_n_steps = None if every_n_steps is None else int(every_n_steps)
        self.keep = max(1, int(keep))
        self.resume = resume
        self.history = {}
        self._global_step = 0
        self._epoch = 0
        self._step_in_epoch = 0
        self._first_step = 0
        self._steps_per_epoch = None
        self._pending_metrics = None

    # Restoring, called by `GAN.fit` before training starts.

    def latest(self):
        """The latest checkpoint's record (a dict), or None if there is none."""
        path = os.path.join(self.directory, STATE_FILE)
        if not os.path.exists(path):
            return None
        try:
            with open(path) as f:
                state = json.load(f)
        except (OSError, ValueError) as error:
            raise ValueError(
                f"The checkpoint record {path} cannot be read ({error}). It is written "
                "atomically, so something else changed it; delete the checkpoint directory "
                "to start over."
            ) from None
        if not os.path.exists(os.path.join(self.directory, state["weights"])):
            raise FileNotFoundError(
                f"{path} names {state['weights']}, which is missing from {self.directory}; "
                "restore the file or delete the checkpoint directory to start over."
            )
        return state

    def restore(self, model):
        """Loads the latest checkpoint into `model`; returns its record or None."""
        state = self.latest() if self.resume else None
        if state is None:
            return None
        model.load_weights(os.path.join(self.directory, state["weights"]))
        self.history = {key: list(values) for key, values in state["history"].items()}
        self._global_step = state["global_step"]
        self._first_step = state["step_in_epoch"]
        self._steps_per_epoch = state["steps_per_epoch"]
        if state["step_in_epoch"]:
            self._pending_metrics = state["metrics"]
        return state

    # Saving.

    def on_train_begin(self, logs=None):
        if self._steps_per_epoch is None:
            self._steps_per_epoch = self.params.get("steps")

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch
        self._step_in_epoch = self._first_step
        self._first_step = 0
        if self._pending_metrics is not None:
            # The resumed epoch's logs then average over all its steps, as if
            # it had not been interrupted.
            for variable, value in zip(self.model.metrics_variables, self._pending_metrics):
                variable.assign(np.asarray(value, dtype=variable.dtype))
            self._pending_metrics = None

    def on_train_batch_end(self, batch, logs=None):
        self._global_step += 1
        self._step_in_epoch += 1
        at_epoch_end = self._step_in_epoch == self._steps_per_epoch
        if (
            self.every_n_steps
            and self._global_step % self.every_n_steps == 0
            and self._steps_per_epoch
            and not at_epoch_end  # The epoch-end checkpoint follows.
            and all_finite(logs)
        ):
            self.save(self._epoch, self._step_in_epoch)

    def on_epoch_end(self, epoch, logs=None):
        if self._steps_per_epoch is None:
            self._steps_per_epoch = self._step_in_epoch
        if not all_finite(logs):
            return
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(float(value))
        self.save(epoch + 1, 0)

    def save(self, epoch, step_in_epoch):
        """Writes a checkpoint of the model as it is now, at (epoch, step)."""
        gan_backend.sync_variables(self.model)
        os.makedirs(self.directory, exist_ok=True)
        name = f"ckpt-{self._global_step:09d}.weights.h5"
        with atomic_path(os.path.join(self.directory, name)) as temporary:
            self.model.save_weights(temporary)
        state = {
            "weights": name,
            "epoch": epoch,
            "step_in_epoch": step_in_epoch,
            "global_step": self._global_step,
            "steps_per_epoch": self._steps_per_epoch,
            "history": self.history,
            "metrics": [np.asarray(v).tolist() for v in self.model.metrics_variables],
        }
        with atomic_path(os.path.join(self.directory, STATE_FILE)) as temporary:
            with open(temporary, "w") as f:
                json.dump(state, f, indent=1)
        self._remove_old(keep_name=name)

    def _remove_old(self, keep_name):
        files = sorted(glob.glob(os.path.join(self.directory, "ckpt-*.weights.h5")))
        old = [f for f in files if os.path.basename(f) != keep_name][: max(0, len(files) - self.keep)]
        for path in old:
            os.remove(path)


def fit_with_resume(model, fit, x, y, options):
    """Runs `fit(x, y, **options)`, first restoring a `Checkpoint` among the callbacks.

    A run interrupted mid-epoch is resumed with two `fit` calls: one for the
    rest of that epoch, one for the epochs after it. The returned `History`
    covers every epoch of the run, those before the interruption included.
    """
    callbacks = list(options.get("callbacks") or [])
    cursor = cursor_of(x)
    options = {**options, "callbacks": callbacks}
    if cursor is not None:
        callbacks.append(cursor.callback())
        # The pipeline shuffles itself; this keeps Keras from warning that it won't.
        options.setdefault("shuffle", False)
    checkpoint = next((c for c in callbacks if isinstance(c, Checkpoint)), None)
    state = checkpoint.restore(model) if checkpoint else None
    if state is None:
        return fit(x, y, **options)
    for callback in callbacks:
        if hasattr(callback, "restore_history"):
            callback.restore_history(state["history"])
    epochs = options.get("epochs", 1)
    epoch, step = state["epoch"], state["step_in_epoch"]
    histories = []
    if step and epoch < epochs:
        if cursor is not None:
            cursor.move_to(epoch, step)
        rest_of_epoch = {"epochs": epoch + 1, "initial_epoch": epoch, "steps_per_epoch": state["steps_per_epoch"] - step}
        histories.append(fit(x, y, **{**options, **rest_of_epoch}))
        epoch += 1
    if epoch < epochs:
        histories.append(fit(x, y, **{**options, "initial_epoch": epoch}))
    return _merged_history(model, state["history"], histories)


def _merged_history(model, earlier, histories):
    merged = keras.callbacks.History()
    merged.set_model(model)
    merged.history = {key: list(values) for key, values in earlier.items()}
    merged.epoch = list(range(len(next(iter(earlier.values()), []))))
    for history in histories:
        merged.params = history.params
        merged.epoch.extend(history.epoch)
        for key, values in history.history.items():
            merged.history.setdefault(key, []).extend(values)
    return merged
