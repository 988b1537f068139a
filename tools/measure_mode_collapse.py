"""Mode collapse on the 2D ring and grid: the baseline table (issue 6).

Trains every (model, loss, mixture, seed) combination asked for and scores
each run with the PacGAN protocol (`keras_gans.metrics.mixture_coverage`):
2,500 samples, a sample is high quality within 3σ of its nearest mode, a
mode is captured by one high-quality sample. Reports mean ± standard error
over the seeds, as the VEEGAN and PacGAN tables do.

Both models have PacGAN's sizes (z ~ N(0, I₂), generator 4×400 ReLU with
batch norm, discriminator 3 hidden layers of 200, batch 100, 100,000
training points):

- `gan`: the GAN of the PacGAN table: `mlp_generator(batch_norm=True)` and
  Goodfellow's maxout discriminator (`maxout_discriminator`, 5 pieces, no
  dropout), Adam(1e-4, β1 = 0.8).
- `dcgan`: DCGAN's recipe without convolutions: the same generator and
  `mlp_discriminator` (LeakyReLU 0.2, batch norm after the input layer),
  with Radford's Adam(2e-4, β1 = 0.5).
- `goodfellow` (not run by default): `keras_gans.models.VanillaGAN` as
  Goodfellow built it, whose generator has no batch norm, with the `gan`
  row's discriminator and optimizer.

Each finished run is appended to `<out>/runs.jsonl` at once, so an
interrupted measurement resumes where it stopped (finished runs are read back,
not repeated). The table, and the mean scores after each epoch, are rewritten
to `<out>/table.md` after every run. Runs split over processes (e.g. one per
`--mixtures`) can be merged by concatenating their `runs.jsonl` into one
folder and running the same command there: it only reports.

    KERAS_BACKEND=tensorflow python tools/measure_mode_collapse.py --seeds 5 --epochs 10
"""

import argparse
import json
import os
import time

import keras
import numpy as np

from keras_gans import data, metrics, models, networks, utils

NUM_TRAINING_POINTS = 100_000
NUM_EVALUATION_SAMPLES = 2_500
BATCH_SIZE = 100
LATENT_DIM = 2
GENERATOR_UNITS = (400, 400, 400, 400)
DISCRIMINATOR_UNITS = (200, 200, 200)
MIXTURES = data.MIXTURES
MODELS = ("gan", "dcgan", "goodfellow")
LOSSES = ("non_saturating", "minimax")


def build_gan(model, seed):
    """The model and its optimizers' settings, `(gan, learning_rate, beta_1)`."""
    if model == "goodfellow":
        gan = models.VanillaGAN(
            data_shape=(2,), latent_dim=LATENT_DIM, generator_units=GENERATOR_UNITS,
            discriminator_units=DISCRIMINATOR_UNITS, maxout_pieces=5, dropout=0.0,
            output_activation=None, seed=seed,
        )
        return gan, 1e-4, 0.8
    generator = networks.mlp_generator(LATENT_DIM, (2,), GENERATOR_UNITS, output_activation=None, batch_norm=True)
    if model == "gan":
        discriminator = networks.maxout_discriminator((2,), DISCRIMINATOR_UNITS, pieces=5, dropout=0.0, seed=seed)
        learning_rate, beta_1 = 1e-4, 0.8
    else:
        discriminator = networks.mlp_discriminator((2,), DISCRIMINATOR_UNITS)
        learning_rate, beta_1 = 2e-4, 0.5
    return models.GAN(generator, discriminator, seed=seed, data_range=None), learning_rate, beta_1


def train_mixture_gan(model, loss, mixture_name, seed, epochs, callbacks=(), verbose=0):
    """Builds `model` (see `build_gan`) and trains it on 100,000 points of the mixture."""
    keras.utils.set_random_seed(seed)
    points = MIXTURES[mixture_name]().sample(NUM_TRAINING_POINTS, seed=seed)
    gan, learning_rate, beta_1 = build_gan(model, seed)
    gan.compile(
        g_optimizer=keras.optimizers.Adam(learning_rate, beta_1=beta_1),
        d_optimizer=keras.optimizers.Adam(learning_rate, beta_1=beta_1),
        loss=loss,
        # Many small steps: one call into the compiled loop per 100 of them.
        steps_per_execution=100,
    )
    gan.fit(points, batch_size=BATCH_SIZE, epochs=epochs, shuffle=True, verbose=verbose, callbacks=list(callbacks))
    return gan


def train_and_score(model, loss, mixture_name, seed, epochs):
    mixture = MIXTURES[mixture_name]()
    per_epoch = EpochCoverage(mixture, seed=seed + 10_000)
    started = time.perf_counter()
    train_mixture_gan(model, loss, mixture_name, seed, epochs, callbacks=[per_epoch])
    seconds = time.perf_counter() - started
    return {
        "model": model, "loss": loss, "mixture": mixture_name, "seed": seed, "epochs": epochs,
        "steps": epochs * NUM_TRAINING_POINTS // BATCH_SIZE, "seconds": round(seconds, 1),
        # The protocol scores the final generator; the earlier epochs show
        # whether it got there steadily or oscillated.
        **per_epoch.scores[-1], "num_modes": len(mixture.modes),
        "per_epoch": per_epoch.scores, "backend": keras.backend.backend(),
    }


class EpochCoverage(keras.callbacks.Callback):
    """Modes captured and % high quality of 2,500 fixed-noise samples after every epoch."""

    def __init__(self, mixture, seed):
        super().__init__()
        self.mixture = mixture
        self.seed = seed
        self.scores = []

    def on_epoch_end(self, epoch, logs=None):
        samples = self.model.generate(NUM_EVALUATION_SAMPLES, seed=self.seed)
        score = metrics.mixture_coverage(samples, self.mixture)
        self.scores.append({
            "modes_captured": int(score["modes_captured"]),
            "high_quality_percent": round(100.0 * float(score["high_quality"]), 2),
        })


def read_runs(path):
    if not os.path.exists(path):
        return []
    with open(path) as file:
        return [json.loads(line) for line in file if line.strip()]


def append_run(path, run):
    # One line per finished run, flushed at once: a killed measurement loses
    # at most the run in progress.
    with open(path, "a") as file:
        file.write(json.dumps(run) + "\n")
        file.flush()
        os.fsync(file.fileno())


def table(runs):
    """Markdown: one row per (model, loss), ring and grid columns, mean ± s.e."""
    lines = [
        "| model | loss | seeds | ring modes (of 8) | ring HQ % | grid modes (of 25) | grid HQ % |",
        "|---|---|---|---|---|---|---|",
    ]
    for model in MODELS:
        for loss in LOSSES:
            cells, seeds = [], set()
            for mixture in MIXTURES:
                chosen = [r for r in runs if (r["model"], r["loss"], r["mixture"]) == (model, loss, mixture)]
                seeds |= {r["seed"] for r in chosen}
                for key in ("modes_captured", "high_quality_percent"):
                    cells.append(_mean_and_error([r[key] for r in chosen]))
            if seeds:
                lines.append(f"| {model} | {loss} | {len(seeds)} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def trajectory(runs):
    """Markdown: mean modes / HQ % over the seeds after each epoch, one row per setting."""
    epochs = max((len(r["per_epoch"]) for r in runs), default=0)
    lines = [
        "| model | loss | mixture | " + " | ".join(f"ep {e + 1}" for e in range(epochs)) + " |",
        "|---|---|---|" + "---|" * epochs,
    ]
    for model in MODELS:
        for loss in LOSSES:
            for mixture in MIXTURES:
                chosen = [r for r in runs if (r["model"], r["loss"], r["mixture"]) == (model, loss, mixture)]
                if not chosen:
                    continue
                cells = []
                for epoch in range(epochs):
                    scores = [r["per_epoch"][epoch] for r in chosen if len(r["per_epoch"]) > epoch]
                    modes = np.mean([score["modes_captured"] for score in scores])
                    quality = np.mean([score["high_quality_percent"] for score in scores])
                    cells.append(f"{modes:.1f} / {quality:.0f}%")
                lines.append(f"| {model} | {loss} | {mixture} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _mean_and_error(values):
    if not values:
        return "–"
    mean, error = metrics.mean_and_standard_error(values)
    return f"{mean:.1f}" if np.isnan(error) else f"{mean:.1f} ± {error:.1f}"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="+", choices=MODELS, default=["gan", "dcgan"])
    parser.add_argument("--losses", nargs="+", choices=LOSSES, default=list(LOSSES))
    parser.add_argument("--mixtures", nargs="+", choices=tuple(MIXTURES), default=list(MIXTURES))
    parser.add_argument("--seeds", type=int, default=5, help="seeds 0 … N-1")
    parser.add_argument("--epochs", type=int, default=10, help="passes over the 100,000 points")
    parser.add_argument("--out", default=os.path.join("runs", "measure", "mode_collapse"))
    args = parser.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    runs_path = os.path.join(args.out, "runs.jsonl")
    runs = read_runs(runs_path)
    done = {(r["model"], r["loss"], r["mixture"], r["seed"], r["epochs"]) for r in runs}
    for seed in range(args.seeds):
        for mixture in args.mixtures:
            for model in args.models:
                for loss in args.losses:
                    if (model, loss, mixture, seed, args.epochs) in done:
                        continue
                    run = train_and_score(model, loss, mixture, seed, args.epochs)
                    print(json.dumps(run), flush=True)
                    append_run(runs_path, run)
                    runs.append(run)
                    write_report(args.out, [r for r in runs if r["epochs"] == args.epochs])
    print(write_report(args.out, [r for r in runs if r["epochs"] == args.epochs]))


def write_report(out, runs):
    report = table(runs) + "\nMean modes / % high quality after each epoch:\n\n" + trajectory(runs)
    with utils.atomic_path(os.path.join(out, "table.md")) as temporary, open(temporary, "w") as file:
        file.write(report)
    return report


if __name__ == "__main__":
    main()
