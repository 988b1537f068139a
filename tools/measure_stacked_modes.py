"""DCGAN on Stacked Fashion-MNIST: modes captured and KL to uniform (issue 6).

Stacked MNIST's protocol on Fashion-MNIST: each training image holds three
independent Fashion-MNIST images as its channels, so the 10 classes make
1,000 modes. After every epoch the DCGAN draws 26,000 samples; the
Fashion-MNIST classifier (`tools/train_classifier.py`) labels each channel;
the score is the number of distinct label triples and KL(p_gen ‖ uniform
over 1,000) (`keras_gans.metrics.stacked_mode_coverage`). The classifier is
the zoo's `fashion_mnist_classifier` preset unless `--classifier` names
another (a preset or a `.keras` file).

The same measure on 26,000 real stacked test images is the floor: the
classifier's own mistakes already move real data away from uniform.

    KERAS_BACKEND=tensorflow python tools/measure_stacked_modes.py --epochs 5
"""

import argparse
import json
import os
import time

import keras

from keras_gans import data, metrics, models, utils, zoo

NUM_EVALUATION_SAMPLES = 26_000


def score(classifier, images):
    labels = metrics.predict_channel_labels(classifier, images)
    result = metrics.stacked_mode_coverage(labels)
    return {"modes": result["modes"], "kl_to_uniform": round(result["kl_to_uniform"], 3)}


class StackedModes(keras.callbacks.Callback):
    """Scores `NUM_EVALUATION_SAMPLES` fixed-seed samples after every epoch."""

    def __init__(self, classifier, seed):
        super().__init__()
        self.classifier = classifier
        self.seed = seed
        self.rows = []

    def on_epoch_end(self, epoch, logs=None):
        samples = self.model.generate(NUM_EVALUATION_SAMPLES, seed=self.seed)
        row = {"epoch": epoch + 1, **score(self.classifier, samples)}
        print(json.dumps(row), flush=True)
        self.rows.append(row)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--loss", default="non_saturating")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--classifier", default="fashion_mnist_classifier", help="a zoo preset or a .keras file")
    parser.add_argument("--out", default=os.path.join("runs", "measure", "stacked_modes"))
    args = parser.parse_args(argv)
    if os.path.isfile(args.classifier):
        classifier = metrics.load_classifier(args.classifier)
    else:
        classifier = zoo.load(args.classifier)
    real = data.load("stacked:fashion_mnist", split="test", as_numpy=True, seed=args.seed)
    floor = score(classifier, real)
    print(json.dumps({"real_test_images": floor}), flush=True)

    keras.utils.set_random_seed(args.seed)
    gan = models.DCGAN(image_shape=(28, 28, 3), seed=args.seed)
    gan.compile(loss=args.loss)
    dataset = data.load("stacked:fashion_mnist", batch_size=64, seed=args.seed)
    per_epoch = StackedModes(classifier, seed=args.seed + 10_000)
    started = time.perf_counter()
    gan.fit(dataset, epochs=args.epochs, verbose=2, callbacks=[per_epoch])
    results = {
        "backend": keras.backend.backend(), "loss": args.loss, "seed": args.seed,
        "training_images": 60_000, "evaluation_samples": NUM_EVALUATION_SAMPLES,
        "seconds": round(time.perf_counter() - started, 1),
        "real_test_images": floor, "epochs": per_epoch.rows,
    }
    os.makedirs(args.out, exist_ok=True)
    utils.save_image_grid(gan.generate(100, seed=0), os.path.join(args.out, "samples.png"))
    with utils.atomic_path(os.path.join(args.out, "results.json")) as temporary, open(temporary, "w") as file:
        json.dump(results, file, indent=2)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
