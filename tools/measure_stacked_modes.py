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

`--technique` picks the row (`TECHNIQUES`): the library's DCGAN as it is
(`plain`), or with techniques from issue 9 on top. `--discriminator-filters`
shrinks D as the Stacked MNIST papers do to provoke collapse (Metz et al.
used ¼- and ½-size discriminators; the default 64 is full size).

    KERAS_BACKEND=tensorflow python tools/measure_stacked_modes.py --epochs 5
    KERAS_BACKEND=tensorflow python tools/measure_stacked_modes.py --technique defaults --discriminator-filters 16
"""

import argparse
import json
import os
import time

import keras

from keras_gans import data, metrics, models, recipes, utils, zoo

NUM_EVALUATION_SAMPLES = 26_000
NUM_TRAINING_IMAGES = 60_000
BATCH_SIZE = 64
LEARNING_RATE = 2e-4  # DCGAN's Adam(2e-4, β1 0.5)

# What `plain` is: the library's DCGAN and DCGAN's optimizer, nothing on top.
_PLAIN = {
    "minibatch_stddev": False, "packing": 1, "learning_rate_decay": None,
    "discriminator_learning_rate": LEARNING_RATE, "generator_ema": None, "mode_seeking": None,
}
_NETWORK_KEYS = ("minibatch_stddev", "packing")
TECHNIQUES = {
    "plain": {},
    # The 2D defaults of 2026-11-23 (minibatch stddev, EMA, cosine decay) at DCGAN's rate.
    "defaults": {"minibatch_stddev": True, "generator_ema": 0.999, "learning_rate_decay": "cosine"},
    "minibatch_stddev": {"minibatch_stddev": True},
    "pacgan2": {"packing": 2},
    # Mode seeking at MSGAN's weight for unconditional image GANs (Mao et al. 2019: λ = 1).
    "mode_seeking": {"mode_seeking": 1.0},
    # Two answers to a discriminator too small for the data: two D steps per
    # G step (Goodfellow's k), or D at twice G's rate (the two time-scale
    # update rule, Heusel et al. 2017).
    "d_steps_2": {"d_steps": 2},
    "ttur": {"discriminator_learning_rate": 2 * LEARNING_RATE},
    "ttur_d_steps_2": {"discriminator_learning_rate": 2 * LEARNING_RATE, "d_steps": 2},
    "ttur_4x": {"discriminator_learning_rate": 4 * LEARNING_RATE},
    # TTUR's final generator swings by tens of modes from one epoch to the
    # next; an average of G's weights is what smooths that.
    "ttur_ema": {"discriminator_learning_rate": 2 * LEARNING_RATE, "generator_ema": 0.999},
    "generator_ema": {"generator_ema": 0.999},
}


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


def build_gan(technique="plain", discriminator_filters=64, seed=0, epochs=5):
    """`(gan, compile_options)`: the library's DCGAN for 28×28×3 with one row's techniques."""
    settings = {**_PLAIN, **TECHNIQUES[technique]}
    gan = models.DCGAN(
        image_shape=(28, 28, 3), discriminator_filters=discriminator_filters, seed=seed,
        **{key: settings.pop(key) for key in _NETWORK_KEYS},
    )
    total_steps = epochs * (NUM_TRAINING_IMAGES // BATCH_SIZE)  # data.load yields full batches only
    decay = settings.pop("learning_rate_decay")

    def optimizer(learning_rate):
        return recipes.optimizer(total_steps, learning_rate=learning_rate, learning_rate_decay=decay)

    d_optimizer = optimizer(settings.pop("discriminator_learning_rate"))
    return gan, {"g_optimizer": optimizer(LEARNING_RATE), "d_optimizer": d_optimizer, **settings}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--loss", default="non_saturating")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--technique", choices=tuple(TECHNIQUES), default="plain")
    parser.add_argument("--discriminator-filters", type=int, default=64, help="D's first layer; 16 is ¼ size")
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
    gan, options = build_gan(args.technique, args.discriminator_filters, args.seed, args.epochs)
    gan.compile(loss=args.loss, **options)
    dataset = data.load(
        "stacked:fashion_mnist", batch_size=BATCH_SIZE, num_samples=NUM_TRAINING_IMAGES, seed=args.seed
    )
    per_epoch = StackedModes(classifier, seed=args.seed + 10_000)
    started = time.perf_counter()
    gan.fit(dataset, epochs=args.epochs, verbose=2, callbacks=[per_epoch])
    results = {
        "backend": keras.backend.backend(), "loss": args.loss, "seed": args.seed,
        "technique": args.technique, "discriminator_filters": args.discriminator_filters,
        "training_images": NUM_TRAINING_IMAGES, "evaluation_samples": NUM_EVALUATION_SAMPLES,
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
