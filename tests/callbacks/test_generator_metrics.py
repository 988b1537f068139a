import numpy as np

from keras_gans.callbacks import GeneratorMetrics
from keras_gans.metrics import GeneratorEvaluation
from keras_gans.metrics.features import FeatureExtractor
from tests.conftest import tiny_dcgan, tiny_images


class CountingEvaluation(GeneratorEvaluation):
    calls = 0

    def __call__(self, model):
        type(self).calls += 1
        return super().__call__(model)


def test_scores_join_the_history_every_n_epochs_and_at_the_end():
    import keras

    pixels = FeatureExtractor(keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Flatten()]), "pixels")
    evaluation = CountingEvaluation(tiny_images(64, seed=3), pixels, metrics=("fid", "kid"), num_samples=32)
    gan = tiny_dcgan()
    gan.compile()
    history = gan.fit(tiny_images(32), batch_size=16, epochs=3, verbose=0,
                      callbacks=[GeneratorMetrics(evaluation, every_n_epochs=2)])
    fid = history.history["fid"]
    assert len(fid) == 3 and np.isnan(fid[0])
    assert np.isfinite(fid[1]) and np.isfinite(fid[2]) and fid[1] > 0
    assert len(history.history["kid_std"]) == 3 and CountingEvaluation.calls == 2
