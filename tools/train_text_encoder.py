"""Trains the text encoder of the text-conditioned GAN, and measures its retrieval.

A `JointEmbedding` (caption encoder + image encoder, symmetric contrastive
loss) is trained on the captioned Fashion-MNIST's training split; its text
side is what `TextConditionalGAN` conditions on. Retrieval is measured on the
10,000 test images: for each caption, the test image whose embedding is
closest is retrieved, and we count how often it has the caption's class
and the attribute levels the caption states:

- `test captions`: one caption of each test image (phrasings seen in
  training, images not);
- `held-in` / `held-out`: 1,000 captions each in phrasings the training
  captions never use (`keras_gans.metrics.evaluation_captions`), of
  combinations the training split has, and of held-out ones.

Chance is 0.10 for the class and about 1/3 for an attribute. Writes
`<out>/joint_embedding.keras` and `<out>/results.json`.

    KERAS_BACKEND=tensorflow python tools/train_text_encoder.py --epochs 8
"""

import argparse
import json
import time

import keras
import numpy as np

from keras_gans.data import captioned_fashion_mnist
from keras_gans.metrics import caption_agreement, evaluation_captions
from keras_gans.models import JointEmbedding
from keras_gans.text import CaptionTokenizer
from keras_gans.utils.files import atomic_path

DEFAULT_OUT = "runs/text_encoder"
EVALUATION_CAPTIONS = 1000


def train_text_encoder(epochs=8, batch_size=256, seed=0, out=DEFAULT_OUT, data_dir=None, manual_dir=None, verbose=2):
    """Trains, measures and saves the joint embedding; returns the results dict."""
    keras.utils.set_random_seed(seed)
    train = captioned_fashion_mnist.load_arrays("train", data_dir, manual_dir)
    tokenizer = CaptionTokenizer(max_length=16)
    tokenizer.adapt(train["captions"].reshape(-1))
    model = JointEmbedding(tokenizer)
    steps = epochs * (len(train["label"]) // batch_size)
    schedule = keras.optimizers.schedules.CosineDecay(1e-3, decay_steps=max(steps, 1))
    model.compile(optimizer=keras.optimizers.Adam(schedule))
    dataset = captioned_fashion_mnist.load("train", batch_size, seed=seed, data_dir=data_dir, manual_dir=manual_dir)
    started = time.perf_counter()
    history = model.fit(dataset, epochs=epochs, verbose=verbose)
    results = {
        "epochs": epochs,
        "seed": seed,
        "backend": keras.backend.backend(),
        "train_seconds": round(time.perf_counter() - started, 1),
        "final_loss": float(history.history["loss"][-1]),
        "vocabulary_size": tokenizer.vocabulary_size(),
        **measure_retrieval(model, captioned_fashion_mnist.load_arrays("test", data_dir, manual_dir)),
    }
    with atomic_path(f"{out}/joint_embedding.keras") as temporary:
        model.save(temporary)
    with atomic_path(f"{out}/results.json") as temporary, open(temporary, "w") as file:
        json.dump(results, file, indent=2)
    return results


def measure_retrieval(model, test):
    """Top-1 retrieval among the test images, for three sets of captions."""
    images = (test["image"].astype("float32") / 127.5) - 1.0
    image_embeddings = model.encode_images(images)

    def retrieve(captions):
        similarity = model.encode_text(captions) @ image_embeddings.T
        return np.argmax(similarity, axis=1)

    # One caption of each test image. Only its class is known to be stated: a
    # caption names some of its image's attribute levels, not which.
    found = retrieve([row[0] for row in test["captions"]])
    results = {"test_captions": {"class_match": float(np.mean(test["label"][found] == test["label"]))}}
    for held_out in (False, True):
        captions, labels, levels = evaluation_captions(EVALUATION_CAPTIONS, held_out, seed=1 + held_out)
        found = retrieve(captions)
        results["held_out" if held_out else "held_in"] = caption_agreement(
            labels, levels, test["label"][found], test["attributes"][found]
        )
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default=DEFAULT_OUT)
    args = parser.parse_args()
    results = train_text_encoder(args.epochs, args.batch_size, args.seed, args.out)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
