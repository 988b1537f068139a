"""Mode collapse on the 2D ring and grid: the baseline and technique tables.

Trains every (model, loss, mixture, seed) combination asked for, or with
`--techniques` every (technique, mixture, seed) of PacGAN's `gan` (each row
changes one setting, see `TECHNIQUES`; `defaults` is `recipes.MIXTURE_GAN`,
what `keras-gans train gan --dataset ring` trains, run for `--epochs`), and scores
each run with the PacGAN protocol (`keras_gans.metrics.mixture_coverage`):
2,500 samples, a sample is high quality within 3σ of its nearest mode, a
mode is captured by one high-quality sample. Reports mean ± standard error
over the seeds, as the VEEGAN and PacGAN tables do. A row with
`rejection_epochs` (the `rejection_*` rows) then fits a
`keras_gans.rejection_sampler.RejectionSampler` on the training points and
scores its samples; the generator's own scores are kept in the run as
`generator_scores`. With `--models-dir` every trained GAN is kept, and a
row that trains the same GAN as an earlier run (the `rejection_*` rows differ
from their base rows only in the sampler, and `defaults` is the same GAN
and sampler as `categorical_latent_x4_mode_seeking_1e-4_rejection`) loads
it instead of training again.

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
    KERAS_BACKEND=tensorflow python tools/measure_mode_collapse.py --techniques defaults --epochs 20
    KERAS_BACKEND=tensorflow python tools/measure_mode_collapse.py --epochs 20 \
        --techniques rejection_sampling rejection_slow_critic --models-dir runs/models/mixtures
"""

import argparse
import hashlib
import json
import os
import time

import keras
import numpy as np

from keras_gans import data, metrics, models, networks, recipes, utils

NUM_TRAINING_POINTS = 100_000
NUM_EVALUATION_SAMPLES = 2_500
BATCH_SIZE = 100
LATENT_DIM = 2
GENERATOR_UNITS = (400, 400, 400, 400)
DISCRIMINATOR_UNITS = (200, 200, 200)
MIXTURES = data.MIXTURES
MODELS = ("gan", "dcgan", "goodfellow")
LOSSES = ("non_saturating", "minimax")


# The settings of PacGAN's GAN, in `recipes.MIXTURE_GAN`'s terms: the
# generator sampled directly (the sampler's settings are those the
# `rejection_*` rows were measured with).
PACGAN_GAN = {
    "packing": 1, "minibatch_stddev": False, "spectral_norm": False, "latent_categories": 0,
    "latent_category_scale": 1.0, "mode_seeking": None, "generator_ema": None, "penalty": None,
    "learning_rate": 1e-4, "beta_1": 0.8, "learning_rate_decay": None,
    "rejection_epochs": 0, "rejection_learning_rate": 3e-3, "rejection_percentile": 99.0,
}
# The defaults before this table chose the categorical latent, mode seeking
# and rejection sampling: R1, generator EMA and cosine-decayed Adam. Most
# rows after `defaults` change one setting of these.
_R1_DEFAULTS = {
    "packing": 1, "minibatch_stddev": False, "spectral_norm": False, "latent_categories": 0,
    "latent_category_scale": 1.0, "mode_seeking": None, "generator_ema": 0.999, "penalty": "r1",
    "learning_rate": 5e-4, "beta_1": 0.5, "learning_rate_decay": "cosine",
}
# A critic at 1e-3 for 20 epochs, M at the 95th percentile (docs/techniques.md).
_SLOW_CRITIC = {"rejection_epochs": 20, "rejection_learning_rate": 1e-3, "rejection_percentile": 95.0}
# The R1 defaults with K = 50 latent categories, the one-hot at 4.
_CATEGORICAL_X4 = {**_R1_DEFAULTS, "latent_categories": 50, "latent_category_scale": 4.0}
# The defaults since 2026-11-25, as a row: K = 50 at 4, mode seeking 1e-4,
# the slow critic trained 40 epochs.
_CRITIC_40 = {**_CATEGORICAL_X4, "mode_seeking": 1e-4, **_SLOW_CRITIC, "rejection_epochs": 40}
TECHNIQUES = {
    # One change each to PacGAN's `gan` row, so a row shows what that
    # technique alone does; `defaults` is what `keras-gans train gan` uses.
    "plain": {},
    "pacgan2": {"packing": 2},
    "pacgan4": {"packing": 4},
    "minibatch_stddev": {"minibatch_stddev": True},
    # Salimans et al. 2016: B = 50 closeness features of rows of 5 in D, and
    # virtual batch norm in G against 100 latent vectors, in place of
    # PacGAN's batch norm.
    "minibatch_discrimination": {"minibatch_discrimination": 50},
    "virtual_batch_norm": {"virtual_batch_norm": 100, "generator_batch_norm": False},
    "spectral_norm": {"spectral_norm": True},
    "generator_ema": {"generator_ema": 0.999},
    "cosine_decay": {"learning_rate_decay": "cosine"},
    "fast_cosine": {"learning_rate": 5e-4, "beta_1": 0.5, "learning_rate_decay": "cosine"},
    "wgan_gp": {"loss": "wgan_gp"},
    # WGAN-GP as Gulrajani et al. train it: five critic updates per
    # generator update, Adam(1e-4, β1 = 0, β2 = 0.9).
    "wgan_gp_5_critic": {"loss": "wgan_gp", "d_steps": 5, "beta_1": 0.0, "beta_2": 0.9},
    # Weight clipping at WassersteinLoss's default c = 0.01.
    "wasserstein": {"loss": "wasserstein"},
    # The f-GAN divergences but two: "fgan_jensen_shannon" and "fgan_gan"
    # give D and G the plain row's gradients (their losses differ from the
    # non-saturating loss by constants), so the plain row is theirs.
    **{f"fgan_{name}": {"loss": f"fgan_{name}"}
       for name in ("kl", "reverse_kl", "pearson", "squared_hellinger", "total_variation")},
    "hinge": {"loss": "hinge"},
    "least_squares": {"loss": "least_squares"},
    "r1": {"penalty": "r1"},  # at the recipe's weight, γ = 1
    "label_smoothing": {"label_smoothing": 0.1},
    "feature_matching": {"feature_matching": True},
    "historical_averaging": {"historical_averaging": 1e-3},
    "unrolled": {"unrolled_steps": 5},
    # The unrolled steps are plain gradient descent, so D's Adam rate (1e-4)
    # moves the copy some 300-800 times less than one of D's real steps:
    # after an epoch on seed 0, Adam's step is as long as a gradient step at
    # 0.03 (ring) to 0.08 (grid). These rows unroll at up to that length.
    "unrolled_lr_3e-3": {"unrolled_steps": 5, "unrolled_learning_rate": 3e-3},
    "unrolled_lr_1e-2": {"unrolled_steps": 5, "unrolled_learning_rate": 1e-2},
    "unrolled_lr_3e-2": {"unrolled_steps": 5, "unrolled_learning_rate": 3e-2},
    # As Metz et al. unroll: D's own Adam steps, continued from its moments.
    "unrolled_adam": {"unrolled_steps": 5, "unrolled_update": "adam"},
    "top_k": {"top_k": 0.5, "top_k_decay_steps": 100},
    "defaults": None,
    # The defaults this table chose before `defaults` (its `defaults` row
    # until then; docs/techniques.md).
    "r1_defaults": _R1_DEFAULTS,
    # The R1 defaults, sampled through discriminator rejection sampling; the
    # rows after it change only the sampler (with --models-dir they reuse
    # the same trained GANs).
    "rejection_sampling": {**_R1_DEFAULTS, "rejection_epochs": 20},
    "rejection_p95": {**_R1_DEFAULTS, "rejection_epochs": 20, "rejection_percentile": 95.0},
    "rejection_slow_critic": {**_R1_DEFAULTS, **_SLOW_CRITIC},
    # The R1 defaults with a categorical latent: K = 50 categories for the
    # grid's 25 modes (a mode can take several, no category need span two),
    # the one-hot at 1 and at 4 (there it outweighs the noise).
    "categorical_latent": {**_R1_DEFAULTS, "latent_categories": 50},
    "categorical_latent_x4": _CATEGORICAL_X4,
    "categorical_latent_x4_rejection": {**_CATEGORICAL_X4, **_SLOW_CRITIC},
    # Pilots for the width of each mode, which the one-hot at 4 collapses.
    # R1 at a tenth of the recipe's γ lets D resolve a mode's width (σ
    # 0.01–0.05), which γ = 1 flattens.
    "r1_weak": {**_R1_DEFAULTS, "penalty_weight": 0.1},
    "categorical_latent_x4_r1_weak": {**_CATEGORICAL_X4, "penalty_weight": 0.1},
    # Batch norm in G normalises the first layer over the batch, where the
    # one-hot at 4 outweighs the noise: without it the noise may keep a say.
    "categorical_latent_x4_no_batch_norm": {**_CATEGORICAL_X4, "generator_batch_norm": False},
    "categorical_latent_x2": {**_CATEGORICAL_X4, "latent_category_scale": 2.0},
    # Ten categories per grid mode: if each still lands on a point, ten
    # points per mode can spread as the mode does.
    "categorical_latent_250_x4": {**_CATEGORICAL_X4, "latent_categories": 250},
    # Mode seeking (Mao et al. 2019) keeps each category's noise apart; its
    # pull, λ/r² at a sample-to-noise ratio r, depends on the modes' width.
    "categorical_latent_x4_mode_seeking": {**_CATEGORICAL_X4, "mode_seeking": 1e-3},
    "categorical_latent_x4_mode_seeking_rejection": {**_CATEGORICAL_X4, "mode_seeking": 1e-3, **_SLOW_CRITIC},
    "categorical_latent_x4_mode_seeking_1e-4": {**_CATEGORICAL_X4, "mode_seeking": 1e-4},
    "categorical_latent_x4_mode_seeking_1e-4_rejection": {**_CATEGORICAL_X4, "mode_seeking": 1e-4, **_SLOW_CRITIC},
    # The same GANs with the critic trained twice as long (its accuracy was
    # still rising after 20 epochs): the defaults since 2026-11-25.
    "categorical_latent_x4_mode_seeking_1e-4_critic_40": _CRITIC_40,
    "categorical_latent_x4_mode_seeking_1e-5": {**_CATEGORICAL_X4, "mode_seeking": 1e-5},
    # The defaults with virtual batch norm in G in place of batch norm (the
    # reference's 100 latents hold categories as the training noise does).
    "defaults_virtual_batch_norm": {**_CRITIC_40, "virtual_batch_norm": 100, "generator_batch_norm": False},
    # The defaults until R1 replaced minibatch stddev (docs/techniques.md).
    "previous_defaults": {**_R1_DEFAULTS, "minibatch_stddev": True, "penalty": None},
}
COMPILE_OPTIONS = (
    "loss", "label_smoothing", "feature_matching", "historical_averaging", "unrolled_steps", "top_k", "top_k_decay_steps",
    "mode_seeking", "d_steps", "unrolled_learning_rate", "unrolled_update",
)


def build_gan(model, seed, technique="plain", total_steps=10_000):
    """`(gan, compile_options)` for a baseline model or a technique row of `gan`,
    trained for `total_steps` generator updates."""
    if model == "gan":
        return _technique_gan(technique, seed, total_steps)
    if model == "goodfellow":
        gan = models.VanillaGAN(
            data_shape=(2,), latent_dim=LATENT_DIM, generator_units=GENERATOR_UNITS,
            discriminator_units=DISCRIMINATOR_UNITS, maxout_pieces=5, dropout=0.0,
            output_activation=None, seed=seed,
        )
        return gan, optimizers(total_steps, **PACGAN_GAN)
    generator = networks.mlp_generator(LATENT_DIM, (2,), GENERATOR_UNITS, output_activation=None, batch_norm=True)
    discriminator = networks.mlp_discriminator((2,), DISCRIMINATOR_UNITS)
    gan = models.GAN(generator, discriminator, seed=seed, data_range=None)
    return gan, optimizers(total_steps, **{**PACGAN_GAN, "learning_rate": 2e-4, "beta_1": 0.5})


def technique_settings(technique):
    """A technique row's settings, in `recipes.MIXTURE_GAN`'s terms."""
    if TECHNIQUES[technique] is None:
        return dict(recipes.MIXTURE_GAN)
    return {**recipes.MIXTURE_GAN, **PACGAN_GAN, **TECHNIQUES[technique]}


def _technique_gan(technique, seed, total_steps):
    settings = technique_settings(technique)
    options = {key: settings.pop(key) for key in COMPILE_OPTIONS if key in settings}
    options["generator_ema"] = settings["generator_ema"]
    options["penalty"] = recipes.penalty(**settings)
    gan = recipes.mixture_gan(seed=seed, **settings)
    return gan, {**options, **optimizers(total_steps, d_steps=options.get("d_steps", 1), **settings)}


def optimizers(total_steps, d_steps=1, **settings):
    """G's and D's Adam for `total_steps` training steps of `d_steps` D
    updates each: a decaying rate reaches zero at each network's last update."""
    return {
        "g_optimizer": recipes.optimizer(total_steps, **settings),
        "d_optimizer": recipes.optimizer(total_steps * d_steps, **settings),
    }


def batch_size(model, technique="plain"):
    """Points per training step: a minibatch of `BATCH_SIZE` for each of D's
    `d_steps` updates, so every row's D trains on minibatches of PacGAN's size
    and every row makes the same passes over the data."""
    return BATCH_SIZE * (technique_settings(technique).get("d_steps", 1) if model == "gan" else 1)


def training_steps(model, technique, epochs):
    """Training steps (generator updates) in `epochs` passes over the points."""
    return epochs * NUM_TRAINING_POINTS // batch_size(model, technique)


def train_mixture_gan(model, loss, mixture_name, seed, epochs, technique="plain", callbacks=(), verbose=0):
    """Builds `model` (see `build_gan`) and trains it on 100,000 points of the mixture."""
    keras.utils.set_random_seed(seed)
    points = MIXTURES[mixture_name]().sample(NUM_TRAINING_POINTS, seed=seed)
    gan, options = build_gan(model, seed, technique, total_steps=training_steps(model, technique, epochs))
    options.setdefault("loss", loss)
    gan.compile(
        **options,
        # Many small steps: one call into the compiled loop per 100 of them.
        steps_per_execution=100 if keras.backend.backend() != "torch" else 1,
    )
    gan.fit(
        points, batch_size=batch_size(model, technique), epochs=epochs, shuffle=True, verbose=verbose,
        callbacks=list(callbacks),
    )
    return gan


def train_and_score(model, loss, mixture_name, seed, epochs, technique="plain", models_dir=None):
    gan, training = trained_gan(model, loss, mixture_name, seed, epochs, technique, models_dir)
    run = {
        "model": model, "loss": loss, "technique": technique, "mixture": mixture_name, "seed": seed,
        "epochs": epochs, "steps": training_steps(model, technique, epochs), **training,
        # The protocol scores the final generator; the earlier epochs show
        # whether it got there steadily or oscillated.
        **training["per_epoch"][-1], "num_modes": len(MIXTURES[mixture_name]().modes),
        "backend": keras.backend.backend(),
    }
    sampled = _rejection_scores(gan, mixture_name, seed, technique_settings(technique)) if model == "gan" else {}
    if sampled:
        run.update(sampled, generator_scores=training["per_epoch"][-1])
    return run


def trained_gan(model, loss, mixture_name, seed, epochs, technique="plain", models_dir=None):
    """`(gan, training)`: the trained GAN and `{"seconds", "per_epoch"}`.

    With `models_dir`, a GAN that an earlier run trained with the same
    settings (everything but the sampler's) is loaded from there instead of
    trained again (`training` then names the file as `loaded_from`); a GAN
    trained here is saved there.
    """
    path = None
    if models_dir:
        path = os.path.join(models_dir, gan_name(model, loss, mixture_name, seed, epochs, technique))
    if path and os.path.exists(path + ".keras"):
        with open(path + ".json") as file:
            training = json.load(file)
        return keras.saving.load_model(path + ".keras"), {**training, "loaded_from": path + ".keras"}
    per_epoch = EpochCoverage(MIXTURES[mixture_name](), seed=seed + 10_000)
    started = time.perf_counter()
    gan = train_mixture_gan(model, loss, mixture_name, seed, epochs, technique, callbacks=[per_epoch])
    training = {"seconds": round(time.perf_counter() - started, 1), "per_epoch": per_epoch.scores}
    if per_epoch.diverged_at_epoch is not None:
        training["diverged_at_epoch"] = per_epoch.diverged_at_epoch
    if path:
        # The record first: a saved model always has one.
        with utils.atomic_path(path + ".json") as temporary, open(temporary, "w") as file:
            json.dump(training, file)
        with utils.atomic_path(path + ".keras") as temporary:
            gan.save(temporary)
    return gan, training


def gan_name(model, loss, mixture_name, seed, epochs, technique="plain"):
    """A file name for the GAN a run trains: equal for runs that train the same one."""
    trained = {key: value for key, value in technique_settings(technique).items() if not key.startswith("rejection_")}
    trained.update(model=model, loss=trained.get("loss", loss), backend=keras.backend.backend())
    digest = hashlib.sha1(json.dumps(trained, sort_keys=True, default=str).encode()).hexdigest()[:10]
    return f"{model}_{mixture_name}_seed{seed}_{epochs}ep_{digest}"


def _rejection_scores(gan, mixture_name, seed, settings):
    """With rejection sampling, the scores of the sampler's samples (which the
    run reports in place of the generator's); else `{}`."""
    if not settings["rejection_epochs"]:
        return {}
    started = time.perf_counter()
    mixture = MIXTURES[mixture_name]()
    # The points the GAN trained on (`train_mixture_gan` draws the same).
    points = mixture.sample(NUM_TRAINING_POINTS, seed=seed)
    recipe_settings = {key: value for key, value in settings.items() if key not in COMPILE_OPTIONS}
    sampler = recipes.rejection_sampler(gan, points, seed=seed, **recipe_settings)
    samples = sampler.generate(NUM_EVALUATION_SAMPLES, seed=seed + 10_000)
    return {
        **_coverage(samples, mixture),
        "acceptance_rate": round(float(sampler.acceptance_rate), 4),
        "rejection_seconds": round(time.perf_counter() - started, 1),
    }


def _coverage(samples, mixture):
    # A diverged generator (the f-GAN losses whose conjugate is exponential
    # can overflow) is scored, not fatal: a NaN or infinite sample is on no
    # mode, so it counts against the high-quality share like any stray one.
    samples = np.asarray(samples)
    finite = np.all(np.isfinite(samples), axis=1)
    if not finite.any():
        return {"modes_captured": 0, "high_quality_percent": 0.0, "spread": None, "non_finite": len(samples)}
    score = metrics.mixture_coverage(samples[finite], mixture)
    result = {
        "modes_captured": int(score["modes_captured"]),
        "high_quality_percent": round(100.0 * float(score["high_quality"]) * finite.mean(), 2),
        # HQ's blind spot: a mode collapsed to a point (0.97 for the data).
        "spread": None if np.isnan(score["spread"]) else round(score["spread"], 3),
    }
    if not finite.all():
        result["non_finite"] = int(np.sum(~finite))
    return result


def setting(run):
    """What a run measured: `(model, loss, technique)` (runs before techniques were plain)."""
    return run["model"], run["loss"], run.get("technique", "plain")


def settings_in(runs):
    """The distinct settings of `runs`, baselines first, then techniques in `TECHNIQUES` order."""
    order = {name: i for i, name in enumerate(TECHNIQUES)}

    def key(chosen):
        model, loss, technique = chosen
        return order[technique] > 0, MODELS.index(model), LOSSES.index(loss) if loss in LOSSES else 0, order[technique]

    return sorted({setting(r) for r in runs}, key=key)


class EpochCoverage(keras.callbacks.Callback):
    """Modes captured and % high quality of 2,500 fixed-noise samples after every epoch.

    Ends training after the first epoch that leaves a NaN or infinite weight
    in G (`diverged_at_epoch`): no gradient step makes it finite again, so
    the run's score is already known (0 modes, 0 %).
    """

    def __init__(self, mixture, seed):
        super().__init__()
        self.mixture = mixture
        self.seed = seed
        self.scores = []
        self.diverged_at_epoch = None

    def on_epoch_end(self, epoch, logs=None):
        self.scores.append(_coverage(self.model.generate(NUM_EVALUATION_SAMPLES, seed=self.seed), self.mixture))
        weights = [keras.ops.convert_to_numpy(w) for w in self.model.generator.weights]
        if not all(np.all(np.isfinite(w)) for w in weights):
            self.diverged_at_epoch = epoch + 1
            self.model.stop_training = True


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
    """Markdown: one row per setting, ring and grid columns, mean ± s.e."""
    lines = [
        "| model | loss | technique | seeds | ring modes (of 8) | ring HQ % | grid modes (of 25) | grid HQ % |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for chosen_setting in settings_in(runs):
        cells, seeds = [], set()
        for mixture in MIXTURES:
            chosen = [r for r in runs if setting(r) == chosen_setting and r["mixture"] == mixture]
            seeds |= {r["seed"] for r in chosen}
            for key in ("modes_captured", "high_quality_percent"):
                cells.append(_mean_and_error([r[key] for r in chosen]))
        lines.append("| " + " | ".join(chosen_setting) + f" | {len(seeds)} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def trajectory(runs):
    """Markdown: mean modes / HQ % over the seeds after each epoch, one row per setting."""
    epochs = max((len(r["per_epoch"]) for r in runs), default=0)
    lines = [
        "| model | loss | technique | mixture | " + " | ".join(f"ep {e + 1}" for e in range(epochs)) + " |",
        "|---|---|---|---|" + "---|" * epochs,
    ]
    for chosen_setting in settings_in(runs):
        for mixture in MIXTURES:
            chosen = [r for r in runs if setting(r) == chosen_setting and r["mixture"] == mixture]
            if not chosen:
                continue
            cells = []
            for epoch in range(epochs):
                scores = [r["per_epoch"][epoch] for r in chosen if len(r["per_epoch"]) > epoch]
                modes = np.mean([score["modes_captured"] for score in scores])
                quality = np.mean([score["high_quality_percent"] for score in scores])
                cells.append(f"{modes:.1f} / {quality:.0f}%")
            lines.append("| " + " | ".join(chosen_setting) + f" | {mixture} | " + " | ".join(cells) + " |")
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
    parser.add_argument("--techniques", nargs="+", choices=tuple(TECHNIQUES),
                        help="measure these rows of PacGAN's gan instead of --models × --losses")
    parser.add_argument("--mixtures", nargs="+", choices=tuple(MIXTURES), default=list(MIXTURES))
    parser.add_argument("--seeds", type=int, default=5, help="seeds 0 … N-1")
    parser.add_argument("--first-seed", type=int, default=0,
                        help="start at this seed, so that several processes can share out one --out's seeds")
    parser.add_argument("--epochs", type=int, default=10, help="passes over the 100,000 points")
    parser.add_argument("--out", default=os.path.join("runs", "measure", "mode_collapse"))
    parser.add_argument("--models-dir", help="keep each trained GAN here, and load it for any later run that "
                        "trains the same one (e.g. the rejection_* rows, which differ only in the sampler)")
    args = parser.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    runs_path = os.path.join(args.out, "runs.jsonl")
    runs = read_runs(runs_path)
    done = {(*setting(r), r["mixture"], r["seed"], r["epochs"]) for r in runs}
    for seed in range(args.first_seed, args.seeds):
        for mixture in args.mixtures:
            for model, loss, technique in _settings_asked(args):
                if (model, loss, technique, mixture, seed, args.epochs) in done:
                    continue
                run = train_and_score(model, loss, mixture, seed, args.epochs, technique, args.models_dir)
                print(json.dumps(run), flush=True)
                append_run(runs_path, run)
                runs.append(run)
                write_report(args.out, [r for r in runs if r["epochs"] == args.epochs])
    print(write_report(args.out, [r for r in runs if r["epochs"] == args.epochs]))


def _settings_asked(args):
    if not args.techniques:
        return [(model, loss, "plain") for model in args.models for loss in args.losses]
    return [("gan", (TECHNIQUES[t] or {}).get("loss", "non_saturating"), t) for t in args.techniques]


def write_report(out, runs):
    report = table(runs) + "\nMean modes / % high quality after each epoch:\n\n" + trajectory(runs)
    with utils.atomic_path(os.path.join(out, "table.md")) as temporary, open(temporary, "w") as file:
        file.write(report)
    return report


if __name__ == "__main__":
    main()
