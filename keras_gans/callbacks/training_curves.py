"""The training curves plot, written when training ends."""

import keras

from keras_gans.utils.plotting import plot_history


class TrainingCurves(keras.callbacks.Callback):
    """Plots d_loss, g_loss, D(x) and D(G(z)) per epoch when training ends.

    After a resume (see `Checkpoint`), the epochs before the interruption
    are included.

    Args:
        path: the PNG to write (atomically).
        title: the figure's title.

    Example:

    >>> callback = TrainingCurves("runs/example/curves.png")
    """

    def __init__(self, path, title="Training curves"):
        super().__init__()
        self.path = path
        self.title = title
        self.history = {}

    def restore_history(self, history):
        """Starts from the per-epoch logs of an interrupted run."""
        self.history = {key: list(values) for key, values in history.items()}

    def on_epoch_end(self, epoch, logs=None):
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(float(value))

    def on_train_end(self, logs=None):
        if self.history:
            plot_history(self.history, self.path, title=self.title)
