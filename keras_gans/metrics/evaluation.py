"""Measuring a generator against reference images: one call, several metrics."""

import keras
import numpy as np

from keras_gans.metrics.frechet import FeatureStatistics, frechet_distance
from keras_gans.metrics.inception_score import inception_score
from keras_gans.metrics.kid import kernel_inception_distance
from keras_gans.metrics.precision_recall import precision_recall

METRICS = ("fid", "kid", "precision_recall", "inception_score")


class GeneratorEvaluation:
    """Draws samples from a generator and scores them against reference images.

    The reference features are computed once and kept. Each call draws
    `num_samples` samples with `model.generate(num_samples, seed=seed)` (the
    same latents every time, so scores from different epochs differ only by
    the model) and returns a dict of floats:

    - `"fid"`: Fréchet distance of the two feature distributions;
    - `"kid"`, `"kid_std"`: kernel inception distance (unbiased MMD²);
    - `"precision"`, `"recall"`: Kynkäänniemi et al. 2019, k = 3;
    - `"inception_score"`: exp E KL(p(y|x) ‖ p(y)) with `classifier`'s
      softmax (a classifier score: Inception's only with Inception's head).

    Args:
        reference_images: images in [-1, 1] (e.g. the test split).
        extractor: a `keras_gans.metrics.features.FeatureExtractor`.
        metrics: names from `METRICS`.
        num_samples: samples drawn per evaluation.
        classifier: a model from images to class logits, for the
            inception score.
        reference_name: what the reference is (e.g. "fashion_mnist test"),
            quoted in `description()`.
        seed: seed of the latents.

    Example:

    >>> import keras, numpy as np
    >>> from keras_gans.metrics.features import FeatureExtractor
    >>> pixels = FeatureExtractor(keras.Sequential([keras.Input((2, 2, 1)), keras.layers.Flatten()]), "pixels")
    >>> class Noise:  # anything with generate(n, seed)
    ...     def generate(self, n, seed=None):
    ...         return np.random.default_rng(seed).normal(size=(n, 2, 2, 1))
    >>> evaluation = GeneratorEvaluation(np.random.default_rng(1).normal(size=(2000, 2, 2, 1)), pixels,
    ...                                  metrics=("fid", "precision_recall"), num_samples=2000)
    >>> scores = evaluation(Noise())
    >>> scores["fid"] < 0.05, scores["precision"] > 0.9
    (True, True)
    """

    def __init__(
        self, reference_images, extractor, metrics=("fid",), num_samples=10_000, classifier=None,
        reference_name="reference", seed=0,
    ):
        unknown = sorted(set(metrics) - set(METRICS))
        if unknown or not metrics:
            raise ValueError(f"Unknown metrics {unknown}; choose from {METRICS}.")
        if "inception_score" in metrics and classifier is None:
            raise ValueError("The inception score needs a classifier (images → class logits).")
        self.reference_images = reference_images
        self.extractor = extractor
        self.metrics = tuple(metrics)
        self.num_samples = int(num_samples)
        self.classifier = classifier
        self.reference_name = reference_name
        self.seed = seed
        self._reference = None
        self._reference_statistics = None

    @property
    def output_names(self):
        """The keys of the dict a call returns."""
        names = {
            "fid": ("fid",), "kid": ("kid", "kid_std"), "precision_recall": ("precision", "recall"),
            "inception_score": ("inception_score", "inception_score_std"),
        }
        return [name for metric in self.metrics for name in names[metric]]

    @property
    def reference_features(self):
        if self._reference is None:
            self._reference = self.extractor(self.reference_images)
            self._reference_statistics = FeatureStatistics.from_features(self._reference)
        return self._reference

    def __call__(self, model):
        samples = model.generate(self.num_samples, seed=self.seed)
        return self.score(samples)

    def score(self, samples):
        """The metrics of given samples against the reference."""
        results = {}
        needs_features = set(self.metrics) & {"fid", "kid", "precision_recall"}
        features = self.extractor(samples) if needs_features else None
        if "fid" in self.metrics:
            _ = self.reference_features
            results["fid"] = frechet_distance(self._reference_statistics, FeatureStatistics.from_features(features))
        if "kid" in self.metrics:
            results["kid"], results["kid_std"] = kernel_inception_distance(self.reference_features, features)
        if "precision_recall" in self.metrics:
            results["precision"], results["recall"] = precision_recall(self.reference_features, features)
        if "inception_score" in self.metrics:
            logits = self.classifier.predict(np.asarray(keras.ops.convert_to_numpy(samples)), batch_size=500, verbose=0)
            probabilities = keras.ops.convert_to_numpy(keras.ops.softmax(logits.astype("float64"), axis=-1))
            results["inception_score"], results["inception_score_std"] = inception_score(probabilities)
        return {name: float(value) for name, value in results.items()}

    def description(self):
        """What the numbers are: extractor, sample counts, reference."""
        return {
            "extractor": self.extractor.name,
            "num_samples": self.num_samples,
            "reference": self.reference_name,
            "reference_samples": int(len(self.reference_images)),
        }
