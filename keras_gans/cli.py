"""The `keras-gans` command line.

    keras-gans train dcgan --dataset fashion_mnist --epochs 5 --out runs/dcgan
    keras-gans generate runs/dcgan/model.keras --num 64 --out samples.png

`--backend` chooses the Keras backend by setting `KERAS_BACKEND` before Keras
is imported. Keras fixes its backend on first import, and importing
`keras_gans` imports Keras, so when Keras is already loaded with another
backend the command runs itself again in a fresh interpreter with
`KERAS_BACKEND` set.
"""

import argparse
import json
import os
import sys

BACKENDS = ("tensorflow", "jax", "torch")
MODELS = ("gan", "dcgan", "cgan", "acgan", "infogan", "textgan")
MODELS_HELP = (
    "gan (Goodfellow 2014), dcgan (Radford 2016), cgan (conditional, Mirza 2014; projection "
    "discriminator), acgan (auxiliary classifier, Odena 2017), infogan (Chen 2016) or textgan "
    "(text-conditioned, Reed 2016: GAN-CLS + GAN-INT, on captioned_fashion_mnist)"
)
TEXT_DATASET = "captioned_fashion_mnist"
TEXT_ENCODER = "runs/text_encoder/joint_embedding.keras"
CLASSIFIER_PRESET = "fashion_mnist_classifier"
LABELLED_MODELS = ("cgan", "acgan")
DATASETS_HELP = (
    "fashion_mnist (default), ring, grid, stacked:fashion_mnist, tfds:<name> "
    "(e.g. tfds:cifar10), or folder:<path> of PNG/JPEG images"
)
# Exit codes: 2 for bad input (as argparse), 3 for a run stopped by NaN losses.
EXIT_BAD_INPUT = 2
EXIT_DIVERGED = 3
# Options that may change when a run is resumed.
_RESUMABLE_CHANGES = ("epochs", "resume", "backend")


def build_parser():
    parser = argparse.ArgumentParser(prog="keras-gans", description="Train and sample GANs on any Keras backend.")
    parser.add_argument("--backend", choices=BACKENDS, help="Keras backend (default: KERAS_BACKEND or tensorflow)")
    commands = parser.add_subparsers(dest="command", required=True)

    train = commands.add_parser(
        "train",
        help="train a GAN and write its run directory",
        description="Train a GAN. The run directory gets config.json, checkpoints/, samples/, "
        "curves.png, history.json, samples.png and model.keras. Run the same command with "
        "--resume after an interruption to continue exactly where the last checkpoint left off.",
    )
    train.add_argument("model", choices=MODELS, help=MODELS_HELP)
    train.add_argument("--dataset", default="fashion_mnist", help=DATASETS_HELP)
    train.add_argument("--data-dir", help="folder with the dataset's files, or the TFDS data_dir")
    train.add_argument("--image-size", type=_positive_int, help="resize images to this height and width")
    train.add_argument("--channels", type=int, choices=(1, 3), help="resize images to this many channels")
    train.add_argument("--num-samples", type=_positive_int, help="points or stacked images to draw (ring, grid, stacked:)")
    train.add_argument("--epochs", type=_positive_int, help="passes over the data (default 5; gan on ring/grid 20)")
    train.add_argument("--steps-per-epoch", type=_positive_int, help="batches per epoch (default: the whole dataset)")
    train.add_argument("--batch-size", type=_positive_int,
                       help="samples per discriminator update (default 64; gan on ring/grid 100)")
    train.add_argument("--latent-dim", type=_positive_int, help="noise size (default 100; infogan 62)")
    train.add_argument("--lr", type=_positive_float,
                       help="Adam learning rate of both networks, or of G alone with --d-lr (default 2e-4; "
                       "infogan: 1e-3 for G, 2e-4 for D; gan on ring/grid 5e-4; dcgan: G's, D twice it)")
    train.add_argument("--d-lr", type=_positive_float,
                       help="the discriminator's own Adam rate (default: --lr; dcgan: twice --lr); above G's "
                       "it is the two time-scale update rule (TTUR, Heusel et al. 2017)")
    train.add_argument("--lr-decay", choices=("cosine", "none"),
                       help="decay both rates to zero over the run (default: none; gan on ring/grid cosine)")
    train.add_argument("--conditioning", choices=("projection", "concat"), default="projection",
                       help="how the cgan discriminator takes the label")
    train.add_argument("--categorical-codes", type=_positive_int, nargs="*", default=[10],
                       help="infogan: categories of each categorical code")
    train.add_argument("--continuous-codes", type=int, default=2, help="infogan: number of Unif(-1, 1) codes")
    train.add_argument("--info-weight", type=_positive_float, default=1.0, help="infogan: weight λ of the information term")
    train.add_argument("--text-encoder", default=TEXT_ENCODER,
                       help="textgan: the JointEmbedding whose frozen text side reads the captions "
                       "(made by tools/train_text_encoder.py)")
    train.add_argument("--tfds-dir", help="textgan: where TFDS keeps the prepared captioned dataset "
                       "(default: TFDS_DATA_DIR or ~/tensorflow_datasets)")
    train.add_argument("--no-mismatched-pairs", dest="mismatched_pairs", action="store_false",
                       help="textgan: drop GAN-CLS's real-image/wrong-caption pairs")
    train.add_argument("--text-interpolation", type=float, default=0.5,
                       help="textgan: GAN-INT's beta for mixing two captions (0 turns GAN-INT off)")
    train.add_argument("--loss", default="non_saturating",
                       help="non_saturating, minimax, wasserstein, wgan_gp, hinge, least_squares or "
                       "fgan_<divergence> (kl, reverse_kl, pearson, squared_hellinger, jensen_shannon, gan, "
                       "total_variation)")
    train.add_argument("--penalty", choices=("gradient", "r1", "none"),
                       help="add a gradient penalty to D's loss (WGAN-GP's two-sided one, or R1 on real data; "
                       "default: none; gan on ring/grid r1)")
    train.add_argument("--penalty-weight", type=float,
                       help="the penalty's weight (default 10; gan on ring/grid with its r1, 1)")
    train.add_argument("--generator-ema", type=float, metavar="MOMENTUM",
                       help="sample from a moving average of G's weights, e.g. 0.999; 0 turns it off "
                       "(default: off; dcgan and gan on ring/grid 0.999)")
    train.add_argument("--feature-matching", action="store_true",
                       help="G matches the mean of D's last hidden features instead of fooling D")
    train.add_argument("--unrolled-steps", type=int, default=0,
                       help="unrolled GAN: G's loss looks K differentiable D steps ahead (Metz et al.)")
    train.add_argument("--unrolled-lr", type=float, help="step size of the unrolled D steps (default: D's rate)")
    train.add_argument("--unrolled-update", choices=("gradient_descent", "adam"), default="gradient_descent",
                       help="the unrolled D steps: plain gradient descent, or D's own Adam from its moments")
    train.add_argument("--historical-averaging", type=float, metavar="WEIGHT",
                       help="add WEIGHT·‖θ - mean of past θ‖² to each network's loss (Salimans et al.)")
    train.add_argument("--mode-seeking", type=float, metavar="WEIGHT",
                       help="add WEIGHT / (how far apart G sets two noise vectors, per unit of noise) "
                       "to G's loss (Mao et al.); 0: off (default: off; gan on ring/grid: the recipe's)")
    train.add_argument("--top-k", type=float, metavar="FRACTION",
                       help="G learns only from this share of each batch, the fakes D scores highest (Sinha et al.); "
                       "0 turns it off (default: off)")
    train.add_argument("--top-k-decay-steps", type=_positive_int, metavar="N",
                       help="with --top-k: start from the whole batch and keep 1%% fewer every N generator steps "
                       "(default: the fraction from the start)")
    train.add_argument("--rejection-epochs", type=_non_negative_int, metavar="N",
                       help="gan, dcgan: after training, fit a discriminator rejection sampler's critic for N "
                       "epochs and save it as sampler.keras (keras-gans generate samples it); 0: off (default: off; gan on "
                       "ring/grid: the recipe's)")
    train.add_argument("--spectral-norm", action="store_true",
                       help="gan, dcgan: spectral normalisation of D's layers (dcgan: instead of its batch norm)")
    train.add_argument("--packing", type=_positive_int,
                       help="gan, dcgan: D judges this many samples at once (PacGAN; default 1)")
    train.add_argument("--minibatch-stddev", action=argparse.BooleanOptionalAction,
                       help="gan, dcgan: D also sees the batch's standard deviation (minibatch standard deviation "
                       "layer; default: off)")
    train.add_argument("--minibatch-discrimination", type=_non_negative_int, default=0, metavar="B",
                       help="gan: D's last hidden layer also gets B minibatch-discrimination features (Salimans et "
                       "al.); 0: off (default)")
    train.add_argument("--virtual-batch-norm", type=_non_negative_int, default=0, metavar="R",
                       help="gan: G's hidden layers use virtual batch norm against R latent vectors drawn once "
                       "(Salimans et al.), in place of any batch norm; 0: off (default)")
    train.add_argument("--latent-categories", type=_non_negative_int, metavar="K",
                       help="gan, dcgan: append a one-hot category, uniform over K, to the noise so the generator "
                       "can map each category to a separate mode; 0: off (default: off; gan on ring/grid: the recipe's)")
    train.add_argument("--latent-category-scale", type=_positive_float, metavar="S",
                       help="with --latent-categories: the one-hot's hot entry (default 1; gan on ring/grid: the "
                       "recipe's)")
    train.add_argument("--label-smoothing", type=float, default=0.0, help="real target 1 - this (one-sided)")
    train.add_argument("--d-steps", type=_positive_int, default=1, help="discriminator updates per generator update")
    train.add_argument("--seed", type=int, default=0)
    train.add_argument("--out", default="runs/latest", help="run directory")
    train.add_argument("--distribute", action="store_true",
                       help="data-parallel on every GPU (or CPU device); tensorflow and jax backends; "
                       "--batch-size is then the global batch")
    train.add_argument("--resume", action="store_true", help="continue the run in --out from its last checkpoint")
    train.add_argument("--checkpoint-every", type=_positive_int, help="also checkpoint every N steps")
    train.add_argument("--sample-every", type=_positive_int, default=1, help="save a sample grid every N epochs")
    train.add_argument("--tensorboard", action="store_true", help="also log sample grids to <out>/logs")
    train.add_argument("--backend", choices=BACKENDS, default=argparse.SUPPRESS)

    generate = commands.add_parser(
        "generate", help="sample a saved .keras model or a zoo preset",
        description="Sample a saved .keras model or a zoo preset."
    )
    generate.add_argument("model_path", help="a .keras file written by keras-gans or model.save, or a zoo preset "
                          "(name, directory or URL; see keras-gans zoo list)")
    generate.add_argument("--num", type=_positive_int, default=64)
    generate.add_argument("--seed", type=int, default=0)
    generate.add_argument("--label", type=int, help="conditional models: the class of every sample "
                          "(default: classes 0, 1, 2, ... in turn)")
    generate.add_argument("--text", action="append", help="textgan: a caption to draw, --num images "
                          "each (repeat for more captions: one row per caption, same noise per column)")
    generate.add_argument("--out", default="samples.png", help=".png for a grid, .npy for the array")
    generate.add_argument("--backend", choices=BACKENDS, default=argparse.SUPPRESS)
    evaluate = commands.add_parser(
        "evaluate", help="score a saved model or a zoo preset against real images",
        description="Score a saved .keras model or a zoo preset against real images (FID, KID, precision/recall, "
        "a classifier's inception score). Prints JSON naming the feature extractor, the sample "
        "counts and the reference split with the scores.",
    )
    evaluate.add_argument("model_path", help="a .keras file written by keras-gans or model.save, or a zoo preset")
    evaluate.add_argument("--metrics", nargs="+", default=["fid", "precision_recall"],
                          choices=("fid", "kid", "precision_recall", "inception_score"))
    evaluate.add_argument("--num", type=_positive_int, default=10_000, help="samples to draw")
    evaluate.add_argument("--extractor", choices=("classifier", "inception"), default="classifier",
                          help="features: the Fashion-MNIST classifier's (28×28 grayscale) or InceptionV3's")
    evaluate.add_argument("--classifier", default=CLASSIFIER_PRESET,
                          help="the classifier for --extractor classifier and the inception score: a .keras "
                          "file or a zoo preset (default: the zoo's Fashion-MNIST classifier)")
    evaluate.add_argument("--inception-weights", default="imagenet",
                          help="'imagenet' (downloaded once, hash-checked) or a local weights file")
    evaluate.add_argument("--dataset", default="fashion_mnist", help="the reference images: " + DATASETS_HELP)
    evaluate.add_argument("--split", default="test", help="the reference split")
    evaluate.add_argument("--data-dir", help="folder with the dataset's files, or the TFDS data_dir")
    evaluate.add_argument("--seed", type=int, default=0)
    evaluate.add_argument("--out", help="also write the results to this .json file")
    evaluate.add_argument("--backend", choices=BACKENDS, default=argparse.SUPPRESS)
    export = commands.add_parser(
        "export", help="export a generator as a TensorFlow SavedModel or ONNX",
        description="Export a generator for serving without keras-gans: a SavedModel with generate and "
        "sample endpoints, or an ONNX file with generate (see keras_gans.export.export_generator).",
    )
    export.add_argument("model_path", help="a .keras file written by keras-gans or model.save, or a zoo preset")
    export.add_argument("out", help="the SavedModel directory, or the .onnx file")
    export.add_argument("--format", choices=("tf_saved_model", "onnx"),
                        help="default: onnx for an out ending in .onnx, else tf_saved_model")
    export.add_argument("--seed", type=int, help="seed of the noise the SavedModel's sample endpoint draws")
    export.add_argument("--backend", choices=BACKENDS, default=argparse.SUPPRESS)
    _add_zoo_commands(commands)
    return parser


def _add_zoo_commands(commands):
    zoo = commands.add_parser(
        "zoo", help="list, inspect, download and sample pretrained presets",
        description="The model zoo: presets shipped with keras-gans and, with KERAS_GANS_ZOO_URL set, "
        "those of a hosted registry. Downloads are cached under KERAS_HOME and checked by SHA-256.",
    )
    actions = zoo.add_subparsers(dest="zoo_command", required=True)
    actions.add_parser("list", help="every preset, one line each")
    info = actions.add_parser("info", help="a preset's card data: metadata, metrics and files")
    info.add_argument("name", help="a preset name, directory or URL")
    download = actions.add_parser("download", help="download and verify a preset; print its directory")
    download.add_argument("name", help="a preset name, directory or URL")
    download.add_argument("--generator-only", action="store_true", help="only the files generating needs")
    sample = actions.add_parser("generate", help="draw samples from a preset (its generator only)")
    sample.add_argument("name", help="a preset name, directory or URL")
    sample.add_argument("--n", type=_positive_int, default=8, help="samples per row: per label or caption")
    sample.add_argument("--labels", type=int, nargs="+", help="conditional presets: one row per label")
    sample.add_argument("--text", nargs="+", help="text presets: one row per caption")
    sample.add_argument("--seed", type=int, default=0)
    sample.add_argument("--out", default="samples.png", help=".png for a grid, .npy for the array")
    for action in (zoo, *actions.choices.values()):
        action.add_argument("--backend", choices=BACKENDS, default=argparse.SUPPRESS)


def _positive_int(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {value}")
    return value


def _non_negative_int(text):
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or a positive integer, got {value}")
    return value


def _positive_float(text):
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be a positive number, got {text}")
    return value


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    if args.backend and "keras" not in sys.modules:
        os.environ["KERAS_BACKEND"] = args.backend
    import keras

    if args.backend and args.backend != keras.backend.backend():
        _rerun_with_backend(args.backend, argv)
    try:
        commands = {"train": train, "generate": generate, "evaluate": evaluate, "export": export, "zoo": zoo_command}
        return commands[args.command](args)
    except (ValueError, FileNotFoundError, PermissionError, ConnectionError) as error:
        print(f"keras-gans: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT


def _rerun_with_backend(backend, argv):
    env = {**os.environ, "KERAS_BACKEND": backend}
    sys.stdout.flush()
    os.execve(sys.executable, [sys.executable, "-m", "keras_gans.cli", *argv], env)


def export(args):
    from keras_gans.export import export_generator

    export_format = args.format or ("onnx" if args.out.endswith(".onnx") else "tf_saved_model")
    export_generator(args.model_path, args.out, format=export_format, seed=args.seed)
    print(f"Exported the generator of {args.model_path} to {args.out} ({export_format}).")
    return 0


def train(args):
    """Everything is checked before anything is written to the run directory."""
    import keras

    from keras_gans import callbacks, data, utils

    keras.utils.set_random_seed(args.seed)
    _fill_model_defaults(args)
    dataset = _load_dataset(args)
    sample_shape = tuple(_element_spec(dataset).shape[1:])
    if args.distribute:
        from keras_gans import distribution

        distribution.data_parallel()
    gan = build_model(args.model, sample_shape, args, getattr(dataset, "num_classes", None))
    optimizers = {}
    if args.lr is not None:
        total_steps = args.epochs * len(dataset)
        optimizers = {
            "g_optimizer": _optimizer(args, args.lr, total_steps),
            "d_optimizer": _optimizer(args, args.d_lr or args.lr, total_steps),
        }
    gan.compile(
        **optimizers,
        loss=args.loss,
        label_smoothing=args.label_smoothing,
        d_steps=args.d_steps,
        penalty=_penalty(args),
        generator_ema=args.generator_ema or None,
        feature_matching=args.feature_matching or None,
        unrolled_steps=args.unrolled_steps,
        unrolled_learning_rate=args.unrolled_lr,
        unrolled_update=args.unrolled_update,
        historical_averaging=args.historical_averaging,
        top_k=args.top_k or None,
        top_k_decay_steps=args.top_k_decay_steps,
        mode_seeking=args.mode_seeking or None,
    )
    config = {k: v for k, v in vars(args).items() if k != "command"}
    config["backend"] = keras.backend.backend()
    _prepare_run_directory(args.out, config, args.resume)

    out = args.out
    stop_on_nan = callbacks.StopOnNaN()
    run_callbacks = [
        callbacks.Checkpoint(os.path.join(out, "checkpoints"), every_n_steps=args.checkpoint_every),
        callbacks.TrainingCurves(os.path.join(out, "curves.png"), title=f"{args.model} on {args.dataset}"),
        stop_on_nan,
    ]
    if args.dataset in data.MIXTURES:
        modes = data.MIXTURES[args.dataset]().modes
        run_callbacks.append(callbacks.ModeScatter(modes, os.path.join(out, "samples"), args.sample_every))
    else:
        log_dir = os.path.join(out, "logs") if args.tensorboard else None
        run_callbacks.append(
            callbacks.SampleGrid(
                os.path.join(out, "samples"), args.sample_every, _grid_size(gan), seed=args.seed, log_dir=log_dir
            )
        )
    history = gan.fit(dataset, epochs=args.epochs, callbacks=run_callbacks)
    if stop_on_nan.stopped_at is not None:
        print(
            f"keras-gans: error: {stop_on_nan.message} The last good checkpoint is kept in "
            f"{out}/checkpoints; rerun with --resume and a changed setting to continue from it.",
            file=sys.stderr,
        )
        return EXIT_DIVERGED
    _save_model(gan, os.path.join(out, "model.keras"))
    _write_json(os.path.join(out, "history.json"), history.history)
    if args.rejection_epochs:
        _fit_rejection_sampler(gan, args)
    if len(sample_shape) == 3:
        utils.save_image_grid(gan.generate(_grid_size(gan), seed=args.seed), os.path.join(out, "samples.png"))
    if args.model == "infogan":
        _save_code_grids(gan, out, args.seed)
    print(f"Wrote the run to {out}/ (model.keras, curves.png, history.json, samples, checkpoints).")
    return 0


def _fit_rejection_sampler(gan, args):
    from keras_gans import data, recipes

    real = data.load(
        args.dataset, image_shape=_image_shape(args), seed=args.seed, data_dir=args.data_dir,
        num_samples=args.num_samples, as_numpy=True,
    )
    sampler = recipes.rejection_sampler(gan, real, seed=args.seed, rejection_epochs=args.rejection_epochs)
    _save_model(sampler, os.path.join(args.out, "sampler.keras"))
    print(f"Rejection sampler: keeps {float(sampler.acceptance_rate):.1%} of the fakes; saved {args.out}/sampler.keras.")


def _load_dataset(args):
    from keras_gans import data

    batch_size = args.batch_size * args.d_steps
    if (args.model == "textgan") != (args.dataset == TEXT_DATASET):
        raise ValueError(
            f"textgan trains on --dataset {TEXT_DATASET}, and that dataset is for textgan only; "
            f"got {args.model} on {args.dataset}."
        )
    if args.model == "textgan":
        from keras_gans.data import captioned_fashion_mnist

        # --data-dir is the IDX folder; TFDS keeps the prepared dataset in --tfds-dir.
        return captioned_fashion_mnist.load(
            "train", batch_size, seed=args.seed, steps_per_epoch=args.steps_per_epoch,
            data_dir=args.tfds_dir, manual_dir=args.data_dir,
        )
    return data.load(
        args.dataset,
        batch_size=batch_size,
        image_shape=_image_shape(args),
        labels=args.model in LABELLED_MODELS,
        seed=args.seed,
        steps_per_epoch=args.steps_per_epoch,
        data_dir=args.data_dir,
        num_samples=args.num_samples,
    )


def _text_gan(sample_shape, args):
    import keras

    from keras_gans import models
    from keras_gans.data.captions import PREVIEW_CAPTIONS

    if not os.path.isfile(args.text_encoder):
        raise FileNotFoundError(
            f"No text encoder at {args.text_encoder}. Train one with `python tools/train_text_encoder.py` "
            "(about 3 minutes on a CPU), or pass --text-encoder <joint_embedding.keras>."
        )
    encoder = keras.saving.load_model(args.text_encoder)
    if not isinstance(encoder, models.JointEmbedding):
        raise ValueError(f"{args.text_encoder} holds a {type(encoder).__name__}, not a JointEmbedding.")
    return models.TextConditionalGAN(
        encoder.tokenizer, encoder.text_encoder, image_shape=sample_shape, latent_dim=args.latent_dim,
        mismatched_pairs=args.mismatched_pairs, text_interpolation=args.text_interpolation or None,
        preview_captions=PREVIEW_CAPTIONS, seed=args.seed,
    )


def build_model(name, sample_shape, args, num_classes=None):
    """The CLI's models from its arguments (`latent_dim`, `seed`, and the model's own)."""
    from keras_gans import models, recipes

    if name != "gan" and len(sample_shape) != 3:
        raise ValueError(f"{name} needs images; this dataset has samples of shape {sample_shape}. Use gan.")
    gan_and_dcgan_only = {
        "--packing": args.packing > 1, "--minibatch-stddev": args.minibatch_stddev,
        "--latent-categories": args.latent_categories, "--spectral-norm": args.spectral_norm,
    }
    for flag, given in gan_and_dcgan_only.items():
        if given and name not in ("gan", "dcgan"):
            raise ValueError(f"{flag} is a gan and dcgan option; {name} does not take it.")
    salimans = {
        "minibatch_discrimination": args.minibatch_discrimination, "virtual_batch_norm": args.virtual_batch_norm,
    }
    for key, given in salimans.items():
        if given and name != "gan":
            raise ValueError(f"--{key.replace('_', '-')} is a gan option; {name} does not take it.")
    latent = {"latent_dim": args.latent_dim}
    categories = {"latent_categories": args.latent_categories, "latent_category_scale": args.latent_category_scale}
    if name == "textgan":
        return _text_gan(sample_shape, args)
    if name == "dcgan":
        return models.DCGAN(
            image_shape=sample_shape, spectral_norm=args.spectral_norm, packing=args.packing,
            minibatch_stddev=args.minibatch_stddev, seed=args.seed, **categories, **latent,
        )
    if name in LABELLED_MODELS:
        conditional = dict(num_classes=num_classes, image_shape=sample_shape, seed=args.seed, **latent)
        if name == "acgan":
            return models.ACGAN(**conditional)
        return models.ConditionalGAN(discriminator_conditioning=args.conditioning, **conditional)
    if name == "infogan":
        return models.InfoGAN(
            image_shape=sample_shape, noise_dim=args.latent_dim, categorical_codes=args.categorical_codes,
            continuous_codes=args.continuous_codes, info_weight=args.info_weight, seed=args.seed,
        )
    techniques = {
        "packing": args.packing, "minibatch_stddev": args.minibatch_stddev, "spectral_norm": args.spectral_norm,
        **categories, **salimans,
    }
    if len(sample_shape) == 1:
        # Points (the 2D mixtures): the recipe's networks, a linear output;
        # virtual batch norm takes the place of the recipe's batch norm.
        batch_norm = {"generator_batch_norm": False} if args.virtual_batch_norm else {}
        return recipes.mixture_gan(sample_shape, seed=args.seed, **techniques, **batch_norm, **latent)
    return models.VanillaGAN(data_shape=sample_shape, seed=args.seed, **techniques, **latent)


def _fill_model_defaults(args):
    """Defaults that depend on the model and data; written to config.json resolved."""
    from keras_gans import data, losses, recipes

    if args.model == "gan" and args.dataset in data.MIXTURES:
        # The measured recipe for 2D points (docs/techniques.md).
        recipe = recipes.MIXTURE_GAN
        defaults = {
            "latent_dim": recipe["latent_dim"], "epochs": recipe["epochs"], "batch_size": recipe["batch_size"],
            "lr": recipe["learning_rate"], "lr_decay": recipe["learning_rate_decay"],
            "generator_ema": recipe["generator_ema"], "packing": recipe["packing"],
            "minibatch_stddev": recipe["minibatch_stddev"], "rejection_epochs": recipe["rejection_epochs"],
            "latent_categories": recipe["latent_categories"], "latent_category_scale": recipe["latent_category_scale"],
            "mode_seeking": recipe["mode_seeking"],
        }
        if args.penalty is None and losses.get(args.loss).penalty is None:
            defaults.update(penalty=recipe["penalty"], penalty_weight=recipe["penalty_weight"])
    else:
        defaults = {
            "latent_dim": 62 if args.model == "infogan" else 100, "epochs": 5, "batch_size": 64,
            # InfoGAN keeps its own pair of rates (Chen et al.).
            "lr": None if args.model == "infogan" else 2e-4, "lr_decay": None, "packing": 1,
            "minibatch_stddev": False, "rejection_epochs": 0, "latent_categories": 0,
            "latent_category_scale": 1.0, "mode_seeking": 0,
        }
    if args.model == "dcgan":
        defaults["generator_ema"] = recipes.DCGAN_TRAINING["generator_ema"]
    for key, value in defaults.items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    if args.model == "dcgan" and args.d_lr is None:
        args.d_lr = recipes.DCGAN_TRAINING["discriminator_rate_factor"] * args.lr
    if args.d_lr is not None and args.lr is None:
        raise ValueError(
            "--d-lr needs --lr for infogan, whose default rates differ per network (G 1e-3, D 2e-4)."
        )
    if args.rejection_epochs and args.model not in ("gan", "dcgan"):
        raise ValueError(f"--rejection-epochs is for the unconditional models gan and dcgan, not {args.model}.")
    if args.lr_decay == "none":
        args.lr_decay = None
    if args.penalty == "none":
        args.penalty = None


def _optimizer(args, learning_rate, total_steps):
    from keras_gans import recipes

    return recipes.optimizer(
        total_steps, learning_rate=learning_rate, beta_1=0.5, learning_rate_decay=args.lr_decay
    )


def _element_spec(dataset):
    spec = dataset.element_spec
    return spec[0] if isinstance(spec, tuple) else spec


def _grid_size(gan):
    # Ten samples of each class, so each column of the 10-wide grid is one
    # class; for text, each column of the 8-wide grid is one preview caption.
    if getattr(gan, "preview_captions", None):
        return 8 * len(gan.preview_captions)
    num_classes = getattr(gan, "num_classes", None)
    return 10 * num_classes if num_classes and num_classes <= 10 else 64


def _save_code_grids(gan, out, seed):
    """codes_<i>.png: categorical code by row, continuous code i by column."""
    from keras_gans import utils

    codes = gan.latent_codes
    if not codes.categorical:
        return
    for index in range(max(codes.continuous, 1)):
        images = gan.code_grid(continuous_index=index, seed=seed)
        utils.save_image_grid(images, os.path.join(out, f"codes_{index}.png"), rows=codes.categorical[0])


def _image_shape(args):
    if args.image_size is None and args.channels is None:
        return None
    if args.image_size is None:
        raise ValueError("--channels needs --image-size too (e.g. --image-size 32 --channels 3).")
    return (args.image_size, args.image_size, args.channels or 3)


def _penalty(args):
    from keras_gans import penalties

    if args.penalty is None:
        if args.penalty_weight is not None:
            raise ValueError("--penalty-weight needs --penalty gradient or --penalty r1.")
        return None
    penalty = penalties.get(args.penalty)
    return penalty if args.penalty_weight is None else type(penalty)(weight=args.penalty_weight)


def _prepare_run_directory(out, config, resume):
    config_path = os.path.join(out, "config.json")
    if os.path.exists(config_path):
        if not resume:
            raise ValueError(
                f"{out} already holds a run. Pass --resume to continue it, or choose "
                "another --out; nothing was changed."
            )
        with open(config_path) as f:
            previous = json.load(f)
        changed = sorted(
            key for key in set(previous) & set(config)
            if key not in _RESUMABLE_CHANGES and previous.get(key) != config.get(key)
        )
        if changed:
            raise ValueError(
                f"--resume needs the same settings as the run in {out}; these differ: "
                f"{', '.join(changed)}. Use the original values or another --out."
            )
        if previous.get("lr_decay") and previous.get("epochs") != config.get("epochs"):
            raise ValueError(
                f"The run in {out} decays its learning rate to zero over {previous['epochs']} epochs, so "
                f"--resume needs --epochs {previous['epochs']}; train with --lr-decay none to extend runs."
            )
    os.makedirs(out, exist_ok=True)
    _write_json(config_path, config)


def generate(args):
    model = _load_model(args.model_path)
    if args.label is not None and not hasattr(model, "num_classes"):
        raise ValueError(f"--label needs a conditional model; {args.model_path} holds a {type(model).__name__}.")
    if args.text and not hasattr(model, "generate_from_text"):
        raise ValueError(f"--text needs a textgan model; {args.model_path} holds a {type(model).__name__}.")
    rows = None
    if args.text:
        samples = model.generate_from_text(args.text, n_per_caption=args.num, seed=args.seed)
        rows = len(args.text)
    else:
        label = {} if args.label is None else {"label": args.label}
        samples = model.generate(args.num, seed=args.seed, **label)
    _write_samples(samples, args.out, rows)
    return 0


def _write_samples(samples, out, rows=None):
    import numpy as np

    from keras_gans import utils

    if out.endswith(".npy"):
        with utils.atomic_path(out) as temporary:
            np.save(temporary, samples)
    elif samples.ndim == 2:
        raise ValueError(f"These samples are points of shape {samples.shape[1:]}, not images; write them "
                         "to a .npy file (--out samples.npy).")
    else:
        utils.save_image_grid(samples, out, rows=rows)
    print(f"Wrote {len(samples)} samples to {out}")


def _load_model(spec):
    """A saved .keras file, or a zoo preset (generator only: enough to sample and evaluate)."""
    import keras

    from keras_gans import zoo

    if os.path.isfile(spec):
        return keras.saving.load_model(spec)
    if spec.endswith(".keras"):
        raise FileNotFoundError(f"No model file at {spec}; pass a .keras file saved by keras-gans.")
    return zoo.load(spec, generator_only=True)


def _load_classifier(spec):
    from keras_gans import metrics, zoo

    if os.path.isfile(spec) or spec.endswith(".keras"):
        return metrics.load_classifier(spec)
    return zoo.load(spec)


def zoo_command(args):
    from keras_gans import zoo

    if args.zoo_command == "list":
        for name in zoo.list():
            details = zoo.info(name)
            print(f"{name:28} {details['class_name']:18} {details.get('dataset') or '':16} {details['description']}")
    elif args.zoo_command == "info":
        print(json.dumps(zoo.info(args.name), indent=2))
    elif args.zoo_command == "download":
        print(zoo.download(args.name, generator_only=args.generator_only))
    else:
        _zoo_generate(zoo.load(args.name, generator_only=True), args)
    return 0


def _zoo_generate(model, args):
    import numpy as np

    if args.labels and args.text:
        raise ValueError("Give --labels or --text, not both.")
    if args.text:
        if not hasattr(model, "generate_from_text"):
            raise ValueError(f"--text needs a text-conditioned preset; {args.name} holds a {type(model).__name__}.")
        _write_samples(model.generate_from_text(args.text, n_per_caption=args.n, seed=args.seed), args.out, len(args.text))
    elif args.labels:
        if not hasattr(model, "num_classes"):
            raise ValueError(f"--labels needs a conditional preset; {args.name} holds a {type(model).__name__}.")
        labels = np.repeat(np.asarray(args.labels), args.n)
        _write_samples(model.generate(len(labels), seed=args.seed, labels=labels), args.out, len(args.labels))
    else:
        _write_samples(model.generate(args.n, seed=args.seed), args.out)


def evaluate(args):
    from keras_gans import data, metrics

    model = _load_model(args.model_path)
    reference = data.load(args.dataset, split=args.split, data_dir=args.data_dir, as_numpy=True,
                          image_shape=model.sample_shape)
    needs_classifier = args.extractor == "classifier" or "inception_score" in args.metrics
    classifier = _load_classifier(args.classifier) if needs_classifier else None
    if args.extractor == "classifier":
        extractor = metrics.classifier_extractor(classifier)
    else:
        extractor = metrics.inception_extractor(args.inception_weights)
    evaluation = metrics.GeneratorEvaluation(
        reference, extractor, args.metrics, num_samples=args.num, classifier=classifier,
        reference_name=f"{args.dataset} {args.split}", seed=args.seed,
    )
    results = {"model": args.model_path, **evaluation.description(), **evaluation(model)}
    print(json.dumps(results, indent=2))
    if args.out:
        _write_json(args.out, results)
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
