"""Stopping a diverged run, with advice on what to change."""

import math

import keras

ADVICE = (
    "GAN training diverges like this when one network overpowers the other or the "
    "steps are too large. Try a lower learning rate (e.g. half of it), one-sided label "
    "smoothing (label_smoothing=0.1), more discriminator regularisation (a gradient "
    "penalty), or mixed precision off."
)


class StopOnNaN(keras.callbacks.Callback):
    """Stops `fit` at the first step whose loss is NaN or infinite.

    Unlike `keras.callbacks.TerminateOnNaN`, it says what to try, and records
    where it stopped in `stopped_at` (epoch, step) and `message`. A
    `Checkpoint` never saves a non-finite step, so the last checkpoint on
    disk is the last good state.

    Example:

    >>> callback = StopOnNaN()
    >>> callback.stopped_at is None
    True
    """

    def __init__(self, monitor=("d_loss", "g_loss")):
        super().__init__()
        self.monitor = tuple(monitor)
        self.stopped_at = None
        self.message = None
        self._epoch = 0

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        bad = {name: value for name, value in _values(logs, self.monitor).items() if not math.isfinite(value)}
        if not bad:
            return
        self.stopped_at = (self._epoch, batch)
        names = ", ".join(f"{name} = {value}" for name, value in bad.items())
        self.message = f"Training stopped at epoch {self._epoch + 1}, step {batch + 1}: {names}. {ADVICE}"
        print(f"\n{self.message}")
        self.model.stop_training = True


def _values(logs, names):
    return {name: float(logs[name]) for name in names if logs and name in logs}


def all_finite(logs):
    """True when every number in `logs` is finite."""
    return all(math.isfinite(float(value)) for value in (logs or {}).values())
