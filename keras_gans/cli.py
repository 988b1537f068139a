"""The `keras-gans` command line.

    keras-gans train dcgan --dataset fashion_mnist --epochs 5 --out runs/dcgan
    keras-gans generate runs/dcgan/model.keras --num 64 --out samples.png

`--backend` chooses the Keras backend. Keras fixes its backend when it is
first imported, so when `--backend` differs from the one loaded, the command
runs itself again in a fresh interpreter with `KERAS_BACKEND` set.
"""

import argparse
import json
import os
import sys

BACKENDS = ("tensorflow", "jax", "torch")
MODELS = ("gan", "dcgan")
DATASETS = ("fashion_mnist",)


def build_parser():
    parser = argparse.ArgumentParser(prog="keras-gans", description="Train and sample GANs on any Keras backend.")
    parser.add_argument("--backend", choices=BACKENDS, help="Keras backend (default: KERAS_BACKEND or tensorflow)")
    commands = parser.add_subparsers(dest="command", required=True)

    train = commands.add_parser("train", help="train a GAN and write its run directory")
    train.add_argument("model", choices=MODELS, help="gan (Goodfellow 2014) or dcgan (Radford 2016)")
    train.add_argument("--dataset", default="fashion_mnist", choices=DATASETS)
    train.add_argument("--data-dir", help="folder with the dataset's files (default: search the usual places)")
    train.add_argument("--epochs", type=_positive_int, default=5)
    train.add_argument("--steps-per-epoch", type=_positive_int, help="stop each epoch after this many steps")
    train.add_argument("--batch-size", type=_positive_int, default=64)
    train.add_argument("--latent-dim", type=_positive_int, default=100)
    train.add_argument("--lr", type=float, default=2e-4, help="Adam learning rate of both networks")
    train.add_argument("--loss", default="non_saturating", help="non_saturating or minimax")
    train.add_argument("--label-smoothing", type=float, default=0.0)
    train.add_argument("--d-steps", type=_positive_int, default=1)
    train.add_argument("--seed", type=int, default=0)
    train.add_argument("--out", default="runs/latest", help="run directory")
    train.add_argument("--backend", choices=BACKENDS, default=argparse.SUPPRESS)

    generate = commands.add_parser("generate", help="sample a saved .keras model")
    generate.add_argument("model_path", help="a .keras file written by keras-gans or model.save")
    generate.add_argument("--num", type=_positive_int, default=64)
    generate.add_argument("--seed", type=int, default=0)
    generate.add_argument("--out", default="samples.png", help=".png for a grid, .npy for the array")
    generate.add_argument("--backend", choices=BACKENDS, default=argparse.SUPPRESS)
    return parser


def _positive_int(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {value}")
    return value


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    import keras

    if args.backend and args.backend != keras.backend.backend():
        _rerun_with_backend(args.backend, argv)
    try:
        return {"train": train, "generate": generate}[args.command](args)
    except (ValueError, FileNotFoundError) as error:
        print(f"keras-gans: error: {error}", file=sys.stderr)
        return 2


def _rerun_with_backend(backend, argv):
    env = {**os.environ, "KERAS_BACKEND": backend}
    sys.stdout.flush()
    os.execve(sys.executable, [sys.executable, "-m", "keras_gans.cli", *argv], env)


def train(args):
    import keras

    from keras_gans import data, models, utils

    keras.utils.set_random_seed(args.seed)
    (x_train, _), (x_test, _) = data.fashion_mnist(args.data_dir)
    if args.batch_size > len(x_train):
        raise ValueError(f"--batch-size {args.batch_size} is larger than the dataset ({len(x_train)} samples).")
    shape = x_train.shape[1:]
    if args.model == "dcgan":
        gan = models.DCGAN(image_shape=shape, latent_dim=args.latent_dim, seed=args.seed)
    else:
        gan = models.VanillaGAN(data_shape=shape, latent_dim=args.latent_dim, seed=args.seed)
    gan.compile(
        g_optimizer=keras.optimizers.Adam(args.lr, beta_1=0.5),
        d_optimizer=keras.optimizers.Adam(args.lr, beta_1=0.5),
        loss=args.loss,
        label_smoothing=args.label_smoothing,
        d_steps=args.d_steps,
    )
    os.makedirs(args.out, exist_ok=True)
    config = {k: v for k, v in vars(args).items() if k != "command"}
    config["backend"] = keras.backend.backend()
    _write_json(os.path.join(args.out, "config.json"), config)

    history = gan.fit(
        x_train,
        batch_size=args.batch_size * args.d_steps,
        epochs=args.epochs,
        steps_per_epoch=args.steps_per_epoch,
        validation_data=x_test[:1024],
    )
    _save_model(gan, os.path.join(args.out, "model.keras"))
    _write_json(os.path.join(args.out, "history.json"), history.history)
    utils.save_image_grid(gan.generate(64, seed=args.seed), os.path.join(args.out, "samples.png"))
    utils.plot_history(history, os.path.join(args.out, "losses.png"), title=f"{args.model} on {args.dataset}")
    print(f"Wrote {args.out}/: model.keras, samples.png, losses.png, history.json, config.json")
    return 0


def generate(args):
    import keras
    import numpy as np

    from keras_gans import utils

    if not os.path.isfile(args.model_path):
        raise FileNotFoundError(f"No model file at {args.model_path}; pass a .keras file saved by keras-gans.")
    model = keras.saving.load_model(args.model_path)
    samples = model.generate(args.num, seed=args.seed)
    if args.out.endswith(".npy"):
        with utils.atomic_path(args.out) as temporary:
            np.save(temporary, samples)
    else:
        utils.save_image_grid(samples, args.out)
    print(f"Wrote {args.num} samples to {args.out}")
    return 0


def _save_model(model, path):
    from keras_gans.utils import atomic_path

    with atomic_path(path) as temporary:
        model.save(temporary)


def _write_json(path, payload):
    from keras_gans.utils import atomic_path

    with atomic_path(path) as temporary, open(temporary, "w") as f:
        json.dump(payload, f, indent=2, default=float)


if __name__ == "__main__":
    sys.exit(main())
