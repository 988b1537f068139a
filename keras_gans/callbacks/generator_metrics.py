"""Distribution metrics (FID, KID, …) logged during `fit` like any Keras metric."""

import keras


class GeneratorMetrics(keras.callbacks.Callback):
    """Scores the generator every N epochs and adds the scores to the logs.

    The scores join `fit`'s logs, so they appear in the `History` and in
    callbacks that come after this one in the list (put `TensorBoard` or
    `CSVLogger` after it). Epochs in between log NaN, so that every history
    list has one entry per epoch.

    Args:
        evaluation: a `keras_gans.metrics.GeneratorEvaluation`.
        every_n_epochs: how often to evaluate (always at the last epoch).

    Example:

    ```python
    evaluation = metrics.GeneratorEvaluation(x_test, metrics.classifier_extractor(path),
                                             metrics=("fid", "precision_recall"))
    gan.fit(dataset, epochs=20, callbacks=[GeneratorMetrics(evaluation, every_n_epochs=5)])
    ```
    """

    def __init__(self, evaluation, every_n_epochs=1):
        super().__init__()
        if every_n_epochs < 1:
            raise ValueError(f"every_n_epochs must be at least 1, got {every_n_epochs}.")
        self.evaluation = evaluation
        self.every_n_epochs = int(every_n_epochs)
        self._last_epoch = None

    def on_train_begin(self, logs=None):
        self._last_epoch = self.params.get("epochs") if self.params else None

    def on_epoch_end(self, epoch, logs=None):
        if logs is None:
            return
        due = (epoch + 1) % self.every_n_epochs == 0 or (self._last_epoch is not None and epoch + 1 == self._last_epoch)
        if due:
            logs.update(self.evaluation(self.model))
        else:
            logs.update({name: float("nan") for name in self.evaluation.output_names})
