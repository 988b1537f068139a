"""FID and precision/recall on Fashion-MNIST with the classifier's features.

- `floor`: the real-data floor. 10,000 training images (a fixed random
  subset) against the 10,000 test images: what a perfect generator would
  score, since a model trained on the training split can at best match it.
  Also times FID on 10,000 samples (feature extraction + statistics +
  distance).
- `dcgan`: trains a DCGAN (non-saturating loss, defaults) on Fashion-MNIST
  and logs FID, KID and precision/recall against the test split after every
  epoch (`keras_gans.callbacks.GeneratorMetrics`, 10,000 samples).

Features: the penultimate layer (128-d) of the Fashion-MNIST classifier
(`runs/classifier/fashion_mnist.keras`, `tools/train_classifier.py`);
Inception weights cannot be downloaded here, so these FIDs are not
comparable with Inception FIDs. Writes `<out>/results.json`.

    KERAS_BACKEND=tensorflow python tools/measure_fid.py floor
    KERAS_BACKEND=tensorflow python tools/measure_fid.py dcgan --epochs 5
"""

import argparse
import json
import os
import sys
import time

import keras
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from train_classifier import DEFAULT_OUT as CLASSIFIER_PATH  # noqa: E402
from train_classifier import train_classifier  # noqa: E402

from keras_gans import callbacks, data, metrics, models, utils  # noqa: E402

NUM_SAMPLES = 10_000


def floor(extractor, x_train, x_test, classifier):
    rng = np.random.default_rng(0)
    subset = x_train[rng.choice(len(x_train), NUM_SAMPLES, replace=False)]
    evaluation = metrics.GeneratorEvaluation(
        x_test, extractor, metrics=("fid", "kid", "precision_recall", "inception_score"),
        classifier=classifier, reference_name="fashion_mnist test",
    )
    reference = metrics.FeatureStatistics.from_features(evaluation.reference_features)
    # FID's cost for 10,000 samples once the reference is known: features,
    # statistics and distance.
    started = time.perf_counter()
    features = extractor(subset)
    extracted = time.perf_counter()
    metrics.frechet_distance(reference, metrics.FeatureStatistics.from_features(features))
    finished = time.perf_counter()
    return {
        **evaluation.score(subset),
        "fid_seconds_10k": round(finished - started, 2),
        "feature_seconds_10k": round(extracted - started, 2),
        "compared": "10,000 train images (seed 0) vs the 10,000 test images",
    }


def dcgan(extractor, x_test, args):
    keras.utils.set_random_seed(args.seed)
    evaluation = metrics.GeneratorEvaluation(
        x_test, extractor, metrics=("fid", "kid", "precision_recall"), reference_name="fashion_mnist test"
    )
    gan = models.DCGAN(image_shape=(28, 28, 1), seed=args.seed)
    gan.compile(loss=args.loss)
    dataset = data.load("fashion_mnist", batch_size=64, seed=args.seed, steps_per_epoch=args.steps_per_epoch)
    started = time.perf_counter()
    history = gan.fit(dataset, epochs=args.epochs, verbose=2, callbacks=[callbacks.GeneratorMetrics(evaluation)])
    os.makedirs(args.out, exist_ok=True)
    utils.save_image_grid(gan.generate(100, seed=0), os.path.join(args.out, "samples.png"))
    rows = [
        {key: round(float(values[epoch]), 4) for key, values in history.history.items()} | {"epoch": epoch + 1}
        for epoch in range(args.epochs)
    ]
    return {"loss": args.loss, "seconds": round(time.perf_counter() - started, 1), "epochs": rows,
            **evaluation.description()}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("floor", "dcgan"))
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--steps-per-epoch", type=int)
    parser.add_argument("--loss", default="non_saturating")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--classifier", default=CLASSIFIER_PATH)
    parser.add_argument("--out", help="default: runs/measure/fid_<what>")
    args = parser.parse_args(argv)
    args.out = args.out or os.path.join("runs", "measure", f"fid_{args.what}")
    if not os.path.exists(args.classifier):
        train_classifier(out=args.classifier)
    classifier = metrics.load_classifier(args.classifier)
    extractor = metrics.classifier_extractor(classifier)
    (x_train, _), (x_test, _) = data.fashion_mnist()
    if args.what == "floor":
        results = floor(extractor, x_train, x_test, classifier)
    else:
        results = dcgan(extractor, x_test, args)
    results = {"backend": keras.backend.backend(), "extractor": extractor.name, **results}
    print(json.dumps(results, indent=2))
    with utils.atomic_path(os.path.join(args.out, "results.json")) as temporary, open(temporary, "w") as file:
        json.dump(results, file, indent=2)


if __name__ == "__main__":
    main()
