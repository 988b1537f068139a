"""A preset card's headline check: one metric anyone can recompute quickly.

Each preset's `metadata.json` carries, besides its full measurements, a
`check`: a small, exactly specified measurement (which metric, how many
samples, which latent seed, which reference) with the values it gave when
the preset was published and a tolerance. The latents come from NumPy
(`GAN.generate(n, seed=...)`), so every backend draws the same samples and
the tolerance only has to absorb float round-off between backends.
"""

import os

import numpy as np

from keras_gans import data, metrics
from keras_gans.zoo.loading import load

# Headline metrics and what each measures on.
KINDS = ("fid", "mode_coverage", "accuracy")


def measure(model, spec):
    """The values of `spec["metric"]` for `model`, as a dict of floats.

    `spec` keys: `metric` (one of `KINDS`), `num_samples`, `seed` (the
    latents', NumPy), and per metric: `fid` — `classifier` (preset or
    path), `dataset` and `split` of the reference (its first `num_samples`
    images); `mode_coverage` — `mixture` (`"ring"` or `"grid"`);
    `accuracy` — `dataset` and `split` (the first `num_samples` images).
    """
    kind = spec.get("metric")
    if kind == "fid":
        return {"fid": _fid(model, spec)}
    if kind == "mode_coverage":
        return _mode_coverage(model, spec)
    if kind == "accuracy":
        return {"accuracy": _accuracy(model, spec)}
    raise ValueError(f"Unknown headline metric {kind!r}; use one of {KINDS}.")


def verify(model, spec):
    """Recomputes `spec` and compares with its published values.

    Returns:
        `{"values": recomputed, "published": spec["values"], "tolerance":
        ..., "passed": bool}`; each value passes when it is within
        `tolerance[name]` (absolute) of the published one.
    """
    values = measure(model, spec)
    published, tolerance = spec["values"], spec["tolerance"]
    passed = all(abs(values[name] - published[name]) <= tolerance[name] for name in published)
    return {"values": values, "published": published, "tolerance": tolerance, "passed": bool(passed)}


def _fid(model, spec):
    classifier = _classifier(spec["classifier"])
    extractor = metrics.classifier_extractor(classifier)
    reference = data.load(spec["dataset"], split=spec["split"], as_numpy=True)
    samples = model.generate(spec["num_samples"], seed=spec["seed"])
    return float(
        metrics.frechet_distance_from_features(
            extractor(reference[: spec["num_samples"]]), extractor(samples)
        )
    )


def _mode_coverage(model, spec):
    mixture = data.MIXTURES[spec["mixture"]]()
    score = metrics.mixture_coverage(model.generate(spec["num_samples"], seed=spec["seed"]), mixture)
    return {"modes_captured": float(score["modes_captured"]), "high_quality_percent": 100.0 * float(score["high_quality"])}


def _accuracy(model, spec):
    images, labels = data.load(spec["dataset"], split=spec["split"], labels=True, as_numpy=True)
    count = spec["num_samples"]
    predicted = metrics.predict_classes(model, images[:count])
    return float(np.mean(predicted == np.asarray(labels[:count])))


def _classifier(name):
    return metrics.load_classifier(name) if os.path.isfile(str(name)) else load(name)
