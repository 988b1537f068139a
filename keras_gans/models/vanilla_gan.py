"""The GAN of Goodfellow et al. 2014: an MLP generator and a maxout discriminator."""

import keras

from keras_gans.models.gan import GAN, draw_latent
from keras_gans.networks.discriminators.maxout import maxout_discriminator
from keras_gans.networks.generators.mlp import mlp_generator


@keras.saving.register_keras_serializable(package="keras_gans")
class VanillaGAN(GAN):
    """Goodfellow et al. 2014's networks, for flat vectors or images.

    Generator: noise → 1200 ReLU → 1200 ReLU → one output per data
    dimension. Discriminator: two maxout layers (240 units × 5 pieces) with
    dropout → one logit. All sizes are configurable.

    Args:
        data_shape: shape of one sample, e.g. `(28, 28, 1)` or `(2,)`.
        latent_dim: size of the noise vector.
        generator_units: widths of the generator's hidden layers.
        discriminator_units: widths of the discriminator's maxout layers.
        maxout_pieces: linear pieces per maxout unit.
        dropout: dropout rate in the discriminator.
        output_activation: `"tanh"` for data in [-1, 1] (the default), None
            for unbounded data such as Gaussian mixtures.
        generator_batch_norm: batch normalisation in the generator's hidden
            layers (Goodfellow's has none; PacGAN's 2D generator has it).
        packing: PacGAN's m: the discriminator judges m samples at once,
            side by side (see `GAN`).
        minibatch_stddev: append the batch's standard deviation to the
            discriminator's last hidden features (`MinibatchStdDev`).
        spectral_norm: spectral normalisation of every discriminator layer
            (`SpectralNormalization`; Miyato et al. 2018).
        latent_categories: K > 0 appends a one-hot category, uniform over
            K, to the noise, so the generator takes `latent_dim + K` inputs
            (`gan.latent_dim`); see `GAN`.
        latent_category_scale: the value of the one-hot's hot entry.
        minibatch_discrimination: B > 0 appends B minibatch-discrimination
            features (Salimans et al. 2016) to the discriminator's last
            hidden layer (`MinibatchDiscrimination`); 0: none.
        virtual_batch_norm: R > 0 normalises the generator's hidden layers
            with virtual batch normalisation (Salimans et al. 2016) against a
            reference batch of R latent vectors drawn once from `seed`, in
            place of `generator_batch_norm`; 0: none.
        seed: seed of the training noise and of the dropout masks.

    Example:

    >>> import numpy as np
    >>> gan = VanillaGAN(data_shape=(1,), latent_dim=4, generator_units=(16,),
    ...                  discriminator_units=(16,), output_activation=None, seed=0)
    >>> gan.compile()
    >>> _ = gan.fit(np.random.normal(3.0, 0.5, (256, 1)), batch_size=64, verbose=0)
    >>> gan.generate(5, seed=0).shape
    (5, 1)

    With a categorical latent, each sample's category can be chosen:

    >>> gan = VanillaGAN(data_shape=(2,), latent_dim=2, latent_categories=8, latent_category_scale=4.0,
    ...                  generator_units=(16,), discriminator_units=(16,), output_activation=None)
    >>> gan.latent_dim, gan.noise_dim
    (10, 2)
    >>> gan.draw_latent(2, seed=0, categories=[3, 5])[:, 2:].argmax(axis=1).tolist()
    [3, 5]
    """

    # data_range follows output_activation, which the config saves.
    _passed_on_arguments = ()

    def __init__(
        self,
        data_shape=(28, 28, 1),
        latent_dim=100,
        generator_units=(1200, 1200),
        discriminator_units=(240, 240),
        maxout_pieces=5,
        dropout=0.5,
        output_activation="tanh",
        generator_batch_norm=False,
        packing=1,
        minibatch_stddev=False,
        spectral_norm=False,
        latent_categories=0,
        latent_category_scale=1.0,
        minibatch_discrimination=0,
        virtual_batch_norm=0,
        seed=None,
        **kwargs,
    ):
        self._hyperparameters = {
            "data_shape": tuple(data_shape),
            "latent_dim": latent_dim,
            "generator_units": tuple(generator_units),
            "discriminator_units": tuple(discriminator_units),
            "maxout_pieces": maxout_pieces,
            "dropout": dropout,
            "output_activation": output_activation,
            "generator_batch_norm": bool(generator_batch_norm),
            "packing": int(packing),
            "minibatch_stddev": bool(minibatch_stddev),
            "spectral_norm": bool(spectral_norm),
            "latent_categories": int(latent_categories),
            "latent_category_scale": float(latent_category_scale),
            "minibatch_discrimination": int(minibatch_discrimination),
            "virtual_batch_norm": int(virtual_batch_norm),
        }
        if virtual_batch_norm and generator_batch_norm:
            raise ValueError("Pass generator_batch_norm=True or virtual_batch_norm=R (its replacement), not both.")
        reference = None
        if virtual_batch_norm:
            # Drawn once, as the training noise is.
            reference = draw_latent(
                int(virtual_batch_norm), latent_dim, int(latent_categories), latent_category_scale, seed
            )
        *spatial, channels = data_shape
        super().__init__(
            generator=mlp_generator(
                latent_dim + int(latent_categories), data_shape, generator_units, output_activation,
                generator_batch_norm, reference,
            ),
            discriminator=maxout_discriminator(
                (*spatial, channels * packing), discriminator_units, maxout_pieces, dropout, seed, minibatch_stddev,
                spectral_norm, minibatch_discrimination,
            ),
            latent_dim=latent_dim + int(latent_categories),
            seed=seed,
            packing=packing,
            latent_categories=latent_categories,
            latent_category_scale=latent_category_scale,
            data_range=(-1.0, 1.0) if output_activation == "tanh" else None,
            **kwargs,
        )
