"""Trains, measures and publishes the zoo's presets: one command per preset.

    KERAS_BACKEND=tensorflow python tools/train_zoo.py fashion_mnist_classifier
    KERAS_BACKEND=tensorflow python tools/train_zoo.py dcgan_fashion_mnist --epochs 5
    KERAS_BACKEND=tensorflow python tools/train_zoo.py ring_gan

Each recipe fixes the model, its settings and the data; `--seed` (default
0) makes the run reproducible and `--epochs` sets its length (recorded in
the preset's command). Measurements on Fashion-MNIST use the
`fashion_mnist_classifier` preset's features, so publish that one first.
The preset goes to `zoo/<name>/` and `zoo/index.json`
(`tools/publish_preset.py`).
"""

import argparse
import os
import shlex
import sys
import time

import keras
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from measure_mode_collapse import NUM_EVALUATION_SAMPLES as MIXTURE_SAMPLES  # noqa: E402
from measure_mode_collapse import train_mixture_gan  # noqa: E402
from publish_preset import DEFAULT_ZOO, hardware, publish  # noqa: E402
from train_classifier import train_classifier  # noqa: E402
from train_text_encoder import train_text_encoder  # noqa: E402

from keras_gans import data, metrics, models, recipes, zoo  # noqa: E402
from keras_gans.zoo import headline  # noqa: E402
from keras_gans.zoo.preset import read_json  # noqa: E402

CLASSIFIER_PRESET = "fashion_mnist_classifier"
FID_PROTOCOL = (
    "{num:,} samples (NumPy latents, seed 0) vs the 10,000 Fashion-MNIST test images; features: "
    "the fashion_mnist_classifier preset's 128-d penultimate layer (not Inception: not comparable "
    "with Inception FIDs)"
)


def fid_check(num_samples=1000):
    return {"metric": "fid", "num_samples": num_samples, "seed": 0, "classifier": CLASSIFIER_PRESET,
            "dataset": "fashion_mnist", "split": "test"}


def image_metrics(model, num_samples=10_000, label_metrics=False):
    """FID, KID and precision/recall against the test split (and class agreement for labelled models)."""
    classifier = zoo.load(os.path.join(DEFAULT_ZOO, CLASSIFIER_PRESET))
    x_test, y_test = data.load("fashion_mnist", split="test", labels=True, as_numpy=True)
    evaluation = metrics.GeneratorEvaluation(
        x_test, metrics.classifier_extractor(classifier), ("fid", "kid", "precision_recall"),
        num_samples=num_samples, reference_name="fashion_mnist test",
    )
    protocol = FID_PROTOCOL.format(num=num_samples)
    scores = evaluation.score(model.generate(num_samples, seed=0))
    measured = {name: {"value": round(float(value), 4), "protocol": protocol} for name, value in scores.items()}
    if label_metrics:
        labels = np.arange(num_samples) % model.num_classes
        predicted = metrics.predict_classes(classifier, model.generate(num_samples, seed=0, labels=labels))
        measured["conditional_accuracy"] = {
            "value": round(float(np.mean(predicted == labels)), 4),
            "protocol": f"{num_samples:,} samples, classes in turn, labelled by the classifier preset "
                        f"(its own test accuracy: {_classifier_accuracy(classifier, x_test, y_test):.4f})",
        }
    return measured


def _classifier_accuracy(classifier, images, labels):
    return float(np.mean(metrics.predict_classes(classifier, images) == labels))


def train_image_gan(gan, args, labels=False, **compile_options):
    keras.utils.set_random_seed(args.seed)
    gan.compile(**compile_options)
    dataset = data.load("fashion_mnist", batch_size=64, seed=args.seed, labels=labels,
                        steps_per_epoch=args.steps_per_epoch)
    gan.fit(dataset, epochs=args.epochs, verbose=2)
    return gan


def train_classifier_preset(args):
    path = os.path.join("runs", "zoo", "fashion_mnist_classifier.keras")
    train_classifier(epochs=args.epochs, seed=args.seed, out=path)
    return metrics.load_classifier(path)


def measure_classifier(model):
    x_test, y_test = data.load("fashion_mnist", split="test", labels=True, as_numpy=True)
    accuracy = _classifier_accuracy(model, x_test, y_test)
    measured = {"test_accuracy": {"value": round(accuracy, 4), "protocol": "the 10,000 Fashion-MNIST test images"}}
    check = {"metric": "accuracy", "num_samples": 1000, "seed": 0, "dataset": "fashion_mnist", "split": "test"}
    return measured, check


def measure_unconditional(gan):
    return image_metrics(gan), fid_check()


def measure_labelled(gan):
    return image_metrics(gan, label_metrics=True), fid_check()


def image_gan(build, labels=False):
    """A recipe step that builds a GAN from the seed and trains it on Fashion-MNIST."""
    return lambda args: train_image_gan(build(args.seed), args, labels=labels)


def mixture_gan(mixture_name):
    """A recipe step that trains the mode-collapse table's `r1_defaults` row.

    Not today's `defaults`: those sample through a rejection sampler, which a
    preset (a GAN) does not hold, and their generator alone scores lower.
    """
    return lambda args: train_mixture_gan(
        "gan", "non_saturating", mixture_name, args.seed, args.epochs, technique="r1_defaults", verbose=2
    )


def measure_mixture(mixture_name):
    def measure(gan):
        check = {"metric": "mode_coverage", "num_samples": MIXTURE_SAMPLES, "seed": 0, "mixture": mixture_name}
        protocol = "PacGAN's: 2,500 samples (NumPy latents, seed 0); high quality within 3σ of the nearest mode"
        score = headline.measure(gan, check)
        return {name: {"value": round(value, 2), "protocol": protocol} for name, value in score.items()}, check

    return measure


IMAGE_SHAPE = (28, 28, 1)
TEXT_ENCODER_EPOCHS = 10
TEXT_ENCODER_DIR = os.path.join("runs", "zoo", "text_encoder")


def train_text_gan(args):
    """The text encoder first (its retrieval scores go to the card), then GAN-CLS + GAN-INT."""
    from keras_gans.data import captioned_fashion_mnist
    from keras_gans.data.captions import PREVIEW_CAPTIONS

    # Twice the GAN's epochs, at most ten: a short trial run stays short.
    train_text_encoder(epochs=min(TEXT_ENCODER_EPOCHS, args.epochs * 2), seed=args.seed, out=TEXT_ENCODER_DIR)
    encoder = keras.saving.load_model(os.path.join(TEXT_ENCODER_DIR, "joint_embedding.keras"))
    keras.utils.set_random_seed(args.seed)
    gan = models.TextConditionalGAN(
        encoder.tokenizer, encoder.text_encoder, preview_captions=PREVIEW_CAPTIONS, seed=args.seed
    )
    gan.compile()
    dataset = captioned_fashion_mnist.load("train", 64, seed=args.seed, steps_per_epoch=args.steps_per_epoch)
    gan.fit(dataset, epochs=args.epochs, verbose=2)
    return gan


def measure_text_gan(gan):
    from measure_text_gan import measure_captions

    from keras_gans.data import captioned_fashion_mnist

    classifier = zoo.load(os.path.join(DEFAULT_ZOO, CLASSIFIER_PRESET))
    agreement = measure_captions(classifier, captioned_fashion_mnist.thresholds())(gan)
    protocol = ("1,000 held-in and 1,000 held-out evaluation captions, one sample each (seed 1); class by the "
                "classifier preset, attributes measured from the pixels (tools/measure_text_gan.py)")
    measured = {name: {"value": value, "protocol": protocol} for name, value in agreement.items()}
    retrieval = read_json(os.path.join(TEXT_ENCODER_DIR, "results.json"))
    for group in ("test_captions", "held_in", "held_out"):
        for name, value in retrieval[group].items():
            if value != value:  # NaN: the held-out pair is not stated in held-in captions
                continue
            measured[f"text_encoder_{group}_{name}"] = {
                "value": round(value, 4),
                "protocol": "the text encoder's top-1 retrieval among the 10,000 test images (tools/train_text_encoder.py)",
            }
    measured.update(image_metrics(gan))
    return measured, fid_check()


# name: (train(args) → model, measure(model) → (metrics, check), default epochs, dataset, description)
RECIPES = {
    "fashion_mnist_classifier": (
        train_classifier_preset, measure_classifier, 4, "fashion_mnist",
        "The Fashion-MNIST classifier whose features and labels measure the image GANs.",
    ),
    "dcgan_fashion_mnist": (
        image_gan(lambda seed: models.DCGAN(image_shape=IMAGE_SHAPE, seed=seed)), measure_unconditional,
        10, "fashion_mnist", "DCGAN (Radford et al. 2016) on Fashion-MNIST, 28×28.",
    ),
    "gan_fashion_mnist": (
        image_gan(lambda seed: models.VanillaGAN(data_shape=IMAGE_SHAPE, seed=seed)), measure_unconditional,
        20, "fashion_mnist", "The GAN of Goodfellow et al. 2014 (MLP generator, maxout discriminator) on Fashion-MNIST.",
    ),
    "cgan_fashion_mnist": (
        image_gan(lambda seed: models.ConditionalGAN(num_classes=10, image_shape=IMAGE_SHAPE, seed=seed), labels=True),
        measure_labelled, 10, "fashion_mnist",
        "Conditional GAN (Mirza & Osindero 2014; projection discriminator) on Fashion-MNIST.",
    ),
    "acgan_fashion_mnist": (
        image_gan(lambda seed: models.ACGAN(num_classes=10, image_shape=IMAGE_SHAPE, seed=seed), labels=True),
        measure_labelled, 10, "fashion_mnist", "AC-GAN (Odena et al. 2017) on Fashion-MNIST.",
    ),
    "infogan_fashion_mnist": (
        image_gan(lambda seed: models.InfoGAN(image_shape=IMAGE_SHAPE, seed=seed)), measure_unconditional,
        10, "fashion_mnist", "InfoGAN (Chen et al. 2016): Cat(10) and 2 continuous codes, on Fashion-MNIST.",
    ),
    "text_gan_captioned_fashion_mnist": (
        train_text_gan, measure_text_gan, 5, "captioned_fashion_mnist",
        "Text-conditioned GAN (Reed et al. 2016, GAN-CLS + GAN-INT) with its frozen text encoder, on the "
        "captioned Fashion-MNIST.",
    ),
    "ring_gan": (
        mixture_gan("ring"), measure_mixture("ring"), recipes.MIXTURE_GAN["epochs"], "ring",
        "A GAN on the 2D ring of 8 Gaussians: PacGAN's networks with the R1 defaults of docs/techniques.md "
        "(R1 γ = 1, cosine-decayed Adam, generator EMA), sampled directly; PacGAN's protocol.",
    ),
    "grid_gan": (
        mixture_gan("grid"), measure_mixture("grid"), recipes.MIXTURE_GAN["epochs"], "grid",
        "A GAN on the 2D grid of 25 Gaussians: PacGAN's networks with the R1 defaults of docs/techniques.md "
        "(R1 γ = 1, cosine-decayed Adam, generator EMA), sampled directly; PacGAN's protocol.",
    ),
}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("preset", choices=sorted(RECIPES))
    parser.add_argument("--epochs", type=int, help="default: the recipe's")
    parser.add_argument("--steps-per-epoch", type=int, help="image GANs: batches per epoch (default: all)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--zoo", default=DEFAULT_ZOO, help="the registry folder to publish into")
    args = parser.parse_args(argv)
    train, measure, default_epochs, dataset, description = RECIPES[args.preset]
    args.epochs = args.epochs or default_epochs
    command = " ".join(
        [f"KERAS_BACKEND={keras.backend.backend()}", "python", "tools/train_zoo.py", args.preset,
         "--epochs", str(args.epochs), "--seed", str(args.seed)]
        + (["--steps-per-epoch", str(args.steps_per_epoch)] if args.steps_per_epoch else [])
    )
    started = time.perf_counter()
    model = train(args)
    seconds = time.perf_counter() - started
    measured, check = measure(model)
    metadata = {
        "dataset": dataset, "command": command, "seed": args.seed, "epochs": args.epochs,
        "training_seconds": round(seconds, 1), "hardware": hardware(), "metrics": measured,
    }
    directory = publish(model, args.preset, description, metadata, check=check, zoo_dir=args.zoo)
    print(f"Published {args.preset} to {directory} ({shlex.quote(command)}; {seconds / 60:.1f} min)")


if __name__ == "__main__":
    main()
