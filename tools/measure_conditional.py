"""Trains a cGAN, AC-GAN or InfoGAN on Fashion-MNIST and measures what its codes control.

- cgan / acgan: after each epoch, 1,000 images of each of the 10 classes
  (10,000 in all) are labelled by the Fashion-MNIST classifier; the
  *conditional accuracy* is how often it names the class that was asked for.
  It is reported beside the classifier's own accuracy on the real test set.
- infogan: after each epoch, 10,000 samples are labelled by the classifier;
  each category of the categorical code is mapped to its majority class, and
  the accuracy of that mapping is reported (Chen et al.'s measure), with the
  accuracy of the best one-to-one mapping (which a collapsed generator cannot
  game) and the mutual-information bound L_I the model logged (ln 10 ≈ 2.30
  at best).

The classifier is `runs/classifier/fashion_mnist.keras`, trained first by
`tools/train_classifier.py` when missing. Writes `<out>/results.json`,
`<out>/model.keras` and `<out>/samples.png` (and `codes.png` for InfoGAN).

    KERAS_BACKEND=tensorflow python tools/measure_conditional.py cgan --epochs 10
    KERAS_BACKEND=tensorflow python tools/measure_conditional.py infogan --epochs 10
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

from keras_gans import data, models, utils  # noqa: E402
from keras_gans.metrics import (  # noqa: E402
    conditional_accuracy,
    load_classifier,
    majority_mapping_accuracy,
    one_to_one_mapping_accuracy,
    predict_classes,
)

SAMPLES_PER_CLASS = 1000
NUM_CLASSES = 10


class EpochMeasurement(keras.callbacks.Callback):
    """Measures the model after every `every` epochs and prints a row."""

    def __init__(self, measure, every=1):
        super().__init__()
        self.measure, self.every, self.rows = measure, every, []
        self.started = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        if (epoch + 1) % self.every:
            return
        row = {"epoch": epoch + 1, "seconds": round(time.perf_counter() - self.started, 1), **self.measure(self.model)}
        row.update({k: round(float(v), 4) for k, v in (logs or {}).items()})
        self.rows.append(row)
        print(json.dumps(row), flush=True)


def measure_conditional(classifier):
    requested = np.repeat(np.arange(NUM_CLASSES), SAMPLES_PER_CLASS)

    def measure(gan):
        predicted = predict_classes(classifier, gan.generate(requested, seed=1))
        return {"conditional_accuracy": round(conditional_accuracy(requested, predicted), 4)}

    return measure


def measure_infogan(classifier):
    def measure(gan):
        latent = gan.draw_latent(NUM_CLASSES * SAMPLES_PER_CLASS, seed=1)
        predicted = predict_classes(classifier, gan.generate(latent=latent))
        categories = gan.latent_codes.categories(latent)[:, 0]
        accuracy, mapping = majority_mapping_accuracy(categories, predicted, num_classes=NUM_CLASSES)
        one_to_one, _ = one_to_one_mapping_accuracy(categories, predicted, num_classes=NUM_CLASSES)
        return {
            "mapping_accuracy": round(accuracy, 4),
            "one_to_one_accuracy": round(one_to_one, 4),
            "mapping": mapping.tolist(),
            "classes_covered": int(len(set(mapping.tolist()) - {-1})),
        }

    return measure


def build(name, seed):
    if name == "cgan":
        return models.ConditionalGAN(num_classes=NUM_CLASSES, seed=seed)
    if name == "acgan":
        return models.ACGAN(num_classes=NUM_CLASSES, seed=seed)
    return models.InfoGAN(seed=seed)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", choices=("cgan", "acgan", "infogan"))
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--steps-per-epoch", type=int, help="default: the whole training set")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data-dir")
    parser.add_argument("--classifier", default=CLASSIFIER_PATH)
    parser.add_argument("--out", help="default: runs/measure/<model>")
    args = parser.parse_args(argv)
    out = args.out or os.path.join("runs", "measure", args.model)

    if not os.path.exists(args.classifier):
        train_classifier(data_dir=args.data_dir, out=args.classifier)
    classifier = load_classifier(args.classifier)
    _, (test_images, test_labels) = data.fashion_mnist(args.data_dir)
    real_accuracy = conditional_accuracy(test_labels, predict_classes(classifier, test_images))
    print(f"classifier accuracy on the real test set: {real_accuracy:.4f}", flush=True)

    keras.utils.set_random_seed(args.seed)
    conditional = args.model != "infogan"
    dataset = data.load(
        "fashion_mnist", batch_size=args.batch_size, labels=conditional, seed=args.seed,
        steps_per_epoch=args.steps_per_epoch, data_dir=args.data_dir,
    )
    gan = build(args.model, args.seed)
    gan.compile()
    measurement = EpochMeasurement(measure_conditional(classifier) if conditional else measure_infogan(classifier))
    gan.fit(dataset, epochs=args.epochs, callbacks=[measurement], verbose=0)

    os.makedirs(out, exist_ok=True)
    with utils.atomic_path(os.path.join(out, "model.keras")) as temporary:
        gan.save(temporary)
    utils.save_image_grid(gan.generate(100, seed=0), os.path.join(out, "samples.png"))
    if not conditional:
        utils.save_image_grid(gan.code_grid(seed=0), os.path.join(out, "codes.png"), rows=NUM_CLASSES)
    results = {
        "model": args.model, "backend": keras.backend.backend(), "epochs": args.epochs,
        "steps_per_epoch": args.steps_per_epoch, "batch_size": args.batch_size, "seed": args.seed,
        "classifier_test_accuracy": round(real_accuracy, 4), "per_epoch": measurement.rows,
    }
    with utils.atomic_path(os.path.join(out, "results.json")) as temporary, open(temporary, "w") as f:
        json.dump(results, f, indent=2)
    final = measurement.rows[-1]
    key = "conditional_accuracy" if conditional else "mapping_accuracy"
    print(f"{args.model}: {key} {final[key]:.4f} after {args.epochs} epochs; "
          f"classifier on real test images {real_accuracy:.4f} (gap {real_accuracy - final[key]:+.4f})")


if __name__ == "__main__":
    main()
