"""Trains GAN-CLS + GAN-INT and a plain text-conditional GAN for the same
steps, and measures how well each draws what captions say.

Both models take the frozen text encoder of `tools/train_text_encoder.py`
(`runs/text_encoder/joint_embedding.keras`, trained first when missing) and
train on the captioned Fashion-MNIST's training split with the same seed.
After each epoch, each model draws one image for each of 1,000 held-in and
1,000 held-out captions, in phrasings the training captions never use
(`keras_gans.metrics.evaluation_captions`):

- `class_match`: the Fashion-MNIST classifier names the caption's class
  (chance 0.10; compare with the classifier's accuracy on real test images);
- `attribute_match`: a stated attribute (tone, size, pattern) measured from
  the pixels has the stated level (chance about 1/3);
- `held_out_match`: the same, for the held-out (class, attribute) pairs only.

Writes `<out>/<variant>/model.keras`, `styles.png` (rows: captions, columns:
the same noise, so each column keeps its style), `interpolation.png`, and
`<out>/results.json`.

    KERAS_BACKEND=tensorflow python tools/measure_text_gan.py --epochs 5
"""

import argparse
import json
import os
import sys

import keras

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from measure_conditional import EpochMeasurement  # noqa: E402
from train_classifier import DEFAULT_OUT as CLASSIFIER_PATH  # noqa: E402
from train_classifier import train_classifier  # noqa: E402
from train_text_encoder import DEFAULT_OUT as ENCODER_DIR  # noqa: E402
from train_text_encoder import train_text_encoder  # noqa: E402

from keras_gans import data, utils  # noqa: E402
from keras_gans.data import captioned_fashion_mnist  # noqa: E402
from keras_gans.data.captions import PREVIEW_CAPTIONS  # noqa: E402
from keras_gans.metrics import (  # noqa: E402
    caption_agreement,
    conditional_accuracy,
    evaluation_captions,
    load_classifier,
    measured_levels,
    predict_classes,
)
from keras_gans.models import TextConditionalGAN  # noqa: E402

VARIANTS = {
    "cls_int": dict(mismatched_pairs=True, text_interpolation=0.5),
    "plain": dict(mismatched_pairs=False, text_interpolation=None),
}
EVALUATION_CAPTIONS = 1000


def measure_captions(classifier, thresholds):
    sets = {
        name: evaluation_captions(EVALUATION_CAPTIONS, held_out, seed=11 + held_out)
        for name, held_out in (("held_in", False), ("held_out", True))
    }

    def measure(gan):
        row = {}
        for name, (captions, labels, levels) in sets.items():
            images = gan.generate_from_text(captions, n_per_caption=1, seed=1)
            scores = caption_agreement(
                labels, levels, predict_classes(classifier, images), measured_levels(images, labels, thresholds)
            )
            row.update({f"{name}_{key}": round(value, 4) for key, value in scores.items() if value == value})
        return row

    return measure


def train_variant(name, encoder, args, measure):
    keras.utils.set_random_seed(args.seed)
    gan = TextConditionalGAN(
        encoder.tokenizer, encoder.text_encoder, preview_captions=PREVIEW_CAPTIONS, seed=args.seed, **VARIANTS[name]
    )
    gan.compile()
    dataset = captioned_fashion_mnist.load(
        "train", args.batch_size, seed=args.seed, steps_per_epoch=args.steps_per_epoch
    )
    measurement = EpochMeasurement(measure)
    gan.fit(dataset, epochs=args.epochs, callbacks=[measurement], verbose=0)
    out = os.path.join(args.out, name)
    os.makedirs(out, exist_ok=True)
    with utils.atomic_path(os.path.join(out, "model.keras")) as temporary:
        gan.save(temporary)
    styles = gan.generate_from_text(list(PREVIEW_CAPTIONS), n_per_caption=8, seed=0)
    utils.save_image_grid(styles, os.path.join(out, "styles.png"), rows=len(PREVIEW_CAPTIONS))
    strip = gan.interpolate_text("a light small sandal", "a dark large ankle boot", num_steps=8, seed=0)
    utils.save_image_grid(strip, os.path.join(out, "interpolation.png"), rows=1)
    return measurement.rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--steps-per-epoch", type=int, help="default: the whole training split")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--variants", nargs="+", choices=tuple(VARIANTS), default=list(VARIANTS))
    parser.add_argument("--encoder", default=os.path.join(ENCODER_DIR, "joint_embedding.keras"))
    parser.add_argument("--classifier", default=CLASSIFIER_PATH)
    parser.add_argument("--out", default=os.path.join("runs", "measure", "text_gan"))
    args = parser.parse_args(argv)

    if not os.path.exists(args.classifier):
        train_classifier(out=args.classifier)
    if not os.path.exists(args.encoder):
        train_text_encoder(out=os.path.dirname(args.encoder))
    classifier = load_classifier(args.classifier)
    encoder = keras.saving.load_model(args.encoder)
    _, (test_images, test_labels) = data.fashion_mnist()
    real_accuracy = conditional_accuracy(test_labels, predict_classes(classifier, test_images))
    print(f"classifier accuracy on the real test set: {real_accuracy:.4f}", flush=True)
    measure = measure_captions(classifier, captioned_fashion_mnist.thresholds())

    results = {
        "backend": keras.backend.backend(), "epochs": args.epochs, "steps_per_epoch": args.steps_per_epoch,
        "batch_size": args.batch_size, "seed": args.seed, "classifier_test_accuracy": round(real_accuracy, 4),
        "variants": {},
    }
    for name in args.variants:
        print(f"== {name}", flush=True)
        results["variants"][name] = train_variant(name, encoder, args, measure)
        os.makedirs(args.out, exist_ok=True)
        with utils.atomic_path(os.path.join(args.out, "results.json")) as temporary, open(temporary, "w") as file:
            json.dump(results, file, indent=2)


if __name__ == "__main__":
    main()
