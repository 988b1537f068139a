"""Trains the Fashion-MNIST classifier that measures conditional GANs.

Trains `keras_gans.metrics.image_classifier` on the 60,000 training images
(scaled to [-1, 1], as the GANs generate them), measures its accuracy on the
10,000 test images, and saves the model and a JSON summary beside it:

- `runs/classifier/fashion_mnist.keras`: load with
  `keras_gans.metrics.load_classifier`.
- `runs/classifier/fashion_mnist.keras.json`: `{"test_accuracy", "epochs",
  "seed", "backend"}`.

A generator's conditional accuracy is only as meaningful as this test
accuracy: a sample the classifier gets wrong may have been a good one.

Example:

```
KERAS_BACKEND=tensorflow python tools/train_classifier.py --epochs 4 --seed 0
```

Other tools can import `train_classifier` from this file (with `tools/` on
`sys.path`) to train it when it is missing.
"""

import argparse
import json
import time

import keras

from keras_gans.data import fashion_mnist
from keras_gans.metrics import conditional_accuracy, image_classifier, predict_classes
from keras_gans.utils.files import atomic_path

DEFAULT_OUT = "runs/classifier/fashion_mnist.keras"


def train_classifier(data_dir=None, epochs=4, batch_size=128, seed=0, out=DEFAULT_OUT, verbose=2):
    """Trains, measures and saves the classifier; returns its test accuracy.

    Args:
        data_dir: folder with the Fashion-MNIST IDX files; None looks in the
            usual places (see `keras_gans.data.fashion_mnist`).
        epochs: passes over the training set.
        batch_size: images per training step.
        seed: seed for the weights, the shuffling and dropout.
        out: where to save the `.keras` model; the summary goes to
            `out + ".json"`.
        verbose: `fit`'s verbosity.

    Returns:
        The accuracy on the test set, a float in [0, 1].
    """
    keras.utils.set_random_seed(seed)
    (x_train, y_train), (x_test, y_test) = fashion_mnist(data_dir)

    model = image_classifier(image_shape=x_train.shape[1:], num_classes=10)
    # Cosine decay to zero: a few epochs at a high rate, then settling in,
    # gains about a point over a constant 1e-3 in the same time.
    steps = epochs * -(-len(x_train) // batch_size)
    learning_rate = keras.optimizers.schedules.CosineDecay(2e-3, decay_steps=max(steps, 1))
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=[keras.metrics.SparseCategoricalAccuracy(name="accuracy")],
    )
    model.fit(x_train, y_train, batch_size=batch_size, epochs=epochs, verbose=verbose)

    # Measured as the GAN tools measure samples, so the number is comparable.
    accuracy = conditional_accuracy(y_test, predict_classes(model, x_test))

    with atomic_path(out) as temporary:
        model.save(temporary)
    summary = {
        "test_accuracy": accuracy,
        "epochs": epochs,
        "seed": seed,
        "backend": keras.backend.backend(),
    }
    with atomic_path(out + ".json") as temporary:
        with open(temporary, "w") as f:
            json.dump(summary, f, indent=2)
            f.write("\n")
    return accuracy


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", default=None, help="folder with the four Fashion-MNIST IDX files")
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default=DEFAULT_OUT, help="the .keras file to write")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    start = time.perf_counter()
    accuracy = train_classifier(
        data_dir=args.data_dir,
        epochs=args.epochs,
        batch_size=args.batch_size,
        seed=args.seed,
        out=args.out,
    )
    seconds = time.perf_counter() - start
    print(f"test accuracy {accuracy:.4f} ({keras.backend.backend()}, {seconds:.0f} s); saved {args.out}")


if __name__ == "__main__":
    main()
