"""Tested defaults: the settings a user gets without choosing any.

`MIXTURE_GAN` is what `keras-gans train gan --dataset ring` (or `grid`)
trains: PacGAN's networks for 2D points (z ~ N(0, I₂), a 4×400 ReLU
generator with batch norm, three maxout layers of 200 × 5 pieces) with the
training techniques that did best in the mode-collapse table of
docs/techniques.md, which also says why each one is there.

`DCGAN_TRAINING` is what `keras-gans train dcgan` adds to DCGAN's own
Adam(2e-4, β1 0.5): the techniques that did best on Stacked Fashion-MNIST
in the same document.
"""

import keras

from keras_gans import penalties
from keras_gans.models.vanilla_gan import VanillaGAN
from keras_gans.rejection_sampler import RejectionSampler

MIXTURE_GAN = {
    # The networks (PacGAN's, so the table compares with the published rows).
    "latent_dim": 2,
    "generator_units": (400, 400, 400, 400),
    "discriminator_units": (200, 200, 200),
    "maxout_pieces": 5,
    "dropout": 0.0,
    "generator_batch_norm": True,
    # The techniques.
    "packing": 1,
    "minibatch_stddev": False,
    "spectral_norm": False,
    # Salimans et al.'s minibatch discrimination (B features, 0: off) and
    # virtual batch norm in G (reference batch size, 0: off).
    "minibatch_discrimination": 0,
    "virtual_batch_norm": 0,
    # A one-hot category of K appended to z (0: none), its hot entry this
    # value: at 4 it outweighs the noise, so each category keeps to a mode.
    "latent_categories": 50,
    "latent_category_scale": 4.0,
    # Mode seeking's weight λ (None: off): it keeps a category's noise
    # spread over its mode, which the category alone collapses to a point.
    "mode_seeking": 1e-4,
    # R1 on D (γ = 1, not the image default of 10: the points are ~1 apart).
    "penalty": "r1",
    "penalty_weight": 1.0,
    "generator_ema": 0.999,
    "learning_rate": 5e-4,
    "beta_1": 0.5,
    "beta_2": 0.999,
    "learning_rate_decay": "cosine",
    # The schedule: 20 passes over 100,000 points.
    "batch_size": 100,
    "epochs": 20,
    # Sampling: epochs of discriminator rejection sampling's critic after
    # training (0: sample the generator directly), its Adam rate, and the
    # percentile of its logits on fakes that sets the bound M. 40 epochs, not
    # 20: the grid's critic was still learning at 20 (96.3 % against 97.4 %
    # high-quality samples over five seeds, docs/techniques.md).
    "rejection_epochs": 40,
    "rejection_learning_rate": 1e-3,
    "rejection_percentile": 95.0,
}

DCGAN_TRAINING = {
    # The two time-scale update rule (Heusel et al. 2017): D's Adam rate as
    # a multiple of G's. A quarter-size D, too weak for the data, collapsed
    # least with it.
    "discriminator_rate_factor": 2.0,
    # Samples from the average of G's weights, which sits at the centre of
    # the generator's epoch-to-epoch swings in the modes it covers.
    "generator_ema": 0.999,
}

_NETWORK_KEYS = (
    "latent_dim", "generator_units", "discriminator_units", "maxout_pieces", "dropout",
    "generator_batch_norm", "packing", "minibatch_stddev", "spectral_norm", "latent_categories",
    "latent_category_scale", "minibatch_discrimination", "virtual_batch_norm",
)


def mixture_gan(data_shape=(2,), seed=None, **overrides):
    """`MIXTURE_GAN`'s networks as a `VanillaGAN`; `overrides` replace entries.

    Example:

    >>> gan = mixture_gan(seed=0, generator_units=(8,), discriminator_units=(8,))
    >>> gan.noise_dim, gan.latent_categories, gan.packing
    (2, 50, 1)
    """
    settings = _settings(overrides)
    networks = {key: settings[key] for key in _NETWORK_KEYS}
    return VanillaGAN(data_shape=data_shape, output_activation=None, seed=seed, **networks)


def optimizer(total_steps, **overrides):
    """One of `MIXTURE_GAN`'s Adam optimizers, its rate decayed over `total_steps`.

    Each network gets its own (an optimizer keeps per-variable state).

    >>> optimizer(1000).beta_1
    0.5
    """
    settings = _settings(overrides)
    rate = settings["learning_rate"]
    decay = settings["learning_rate_decay"]
    if decay == "cosine":
        # Large steps find the modes; steps shrinking to zero then sharpen
        # them (the high-quality share climbs most in the last epochs).
        rate = keras.optimizers.schedules.CosineDecay(rate, int(total_steps))
    elif decay is not None:
        raise ValueError(f"learning_rate_decay must be 'cosine' or None, got {decay!r}.")
    return keras.optimizers.Adam(rate, beta_1=settings["beta_1"], beta_2=settings["beta_2"])


def penalty(**overrides):
    """`MIXTURE_GAN`'s penalty on the discriminator, or None; pass it to `compile`.

    >>> penalty()
    R1Penalty(weight=1.0)
    >>> penalty(penalty=None) is None
    True
    """
    settings = _settings(overrides)
    if settings["penalty"] is None:
        return None
    return type(penalties.get(settings["penalty"]))(weight=settings["penalty_weight"])


def rejection_sampler(gan, real, seed=None, **overrides):
    """`MIXTURE_GAN`'s `RejectionSampler` for a trained `gan`, its critic fitted
    on `real` points; None when `rejection_epochs` is 0.

    >>> rejection_sampler(mixture_gan(seed=0), real=None, rejection_epochs=0) is None
    True
    """
    settings = _settings(overrides)
    if not settings["rejection_epochs"]:
        return None
    sampler = RejectionSampler(gan, percentile=settings["rejection_percentile"])
    sampler.fit(real, epochs=settings["rejection_epochs"], learning_rate=settings["rejection_learning_rate"], seed=seed)
    return sampler


def _settings(overrides):
    unknown = sorted(set(overrides) - set(MIXTURE_GAN))
    if unknown:
        raise ValueError(f"Unknown setting(s) {unknown}; MIXTURE_GAN has {sorted(MIXTURE_GAN)}.")
    return {**MIXTURE_GAN, **overrides}
