"""InfoGAN (Chen et al. 2016): latent codes the generator must keep readable."""

import keras
import numpy as np
from keras import ops

from keras_gans.backend import replica_rows
from keras_gans.latent_codes import LatentCodes
from keras_gans.mode_seeking import share_within_pairs
from keras_gans.models.gan import GAN
from keras_gans.networks.discriminators.infogan import infogan_discriminator
from keras_gans.networks.generators.infogan import infogan_generator


@keras.saving.register_keras_serializable(package="keras_gans")
class InfoGAN(GAN):
    """A GAN that learns interpretable codes without labels.

    The latent vector is noise plus codes (`LatentCodes`; Chen's default is
    62 noise dimensions, one Cat(10) code and two Unif(-1, 1) codes). The
    discriminator has a second head, Q, that reads the codes back from an
    image; G and Q both minimise `info_weight × L`, where `L` is
    `-log Q(c | G(z, c))` (cross-entropy for categorical codes, a unit
    Gaussian's negative log-likelihood for continuous ones), so maximising
    Chen et al.'s lower bound on the mutual information I(c; G(z, c)).

    `fit` logs `info_loss` (L) and `mutual_information`, the bound
    `H(c) - cross-entropy` for the categorical codes, which approaches
    `H(c)` (ln 10 ≈ 2.30 for Cat(10)) when Q recovers the category.

    Args:
        image_shape: `(height, width, channels)`.
        noise_dim: size of the noise part of the latent vector.
        categorical_codes: categories of each categorical code.
        continuous_codes: number of Unif(-1, 1) codes.
        info_weight: λ, the weight of the information term.
        generator_filters, discriminator_filters: convolution widths.
        generator, discriminator: networks to use instead of Chen's; G takes
            `latent_dim` inputs and D returns `[logit, q_outputs]`.
        seed: seed of the training noise.

    Example:

    >>> import numpy as np
    >>> gan = InfoGAN(image_shape=(8, 8, 1), noise_dim=4, categorical_codes=(3,), continuous_codes=1,
    ...               generator_filters=4, discriminator_filters=4, seed=0)
    >>> gan.latent_dim
    8
    >>> gan.compile()
    >>> images = np.random.uniform(-1, 1, (32, 8, 8, 1)).astype("float32")
    >>> history = gan.fit(images, batch_size=16, verbose=0)
    >>> "mutual_information" in history.history
    True
    >>> gan.code_grid(num_values=5).shape
    (15, 8, 8, 1)
    """

    metric_names = GAN.metric_names + ("info_loss", "mutual_information")

    _unconditioned_generator = False

    def __init__(
        self,
        image_shape=(28, 28, 1),
        noise_dim=62,
        categorical_codes=(10,),
        continuous_codes=2,
        info_weight=1.0,
        generator_filters=64,
        discriminator_filters=64,
        generator=None,
        discriminator=None,
        seed=None,
        **kwargs,
    ):
        codes = LatentCodes(noise_dim, categorical_codes, continuous_codes)
        if (generator is None) != (discriminator is None):
            raise ValueError("Give both generator and discriminator, or neither to build them.")
        if generator is None:
            self._hyperparameters = {
                "image_shape": tuple(image_shape),
                "noise_dim": noise_dim,
                "categorical_codes": codes.categorical,
                "continuous_codes": continuous_codes,
                "info_weight": info_weight,
                "generator_filters": generator_filters,
                "discriminator_filters": discriminator_filters,
            }
            generator = infogan_generator(codes.latent_dim, image_shape, filters=generator_filters)
            discriminator = infogan_discriminator(image_shape, codes.q_dim, filters=discriminator_filters)
        _check_networks_match(codes, generator, discriminator)
        self.latent_codes = codes
        self.info_weight = float(info_weight)
        kwargs.pop("latent_dim", None)
        super().__init__(generator, discriminator, latent_dim=codes.latent_dim, seed=seed, **kwargs)

    def compile(self, g_optimizer=None, d_optimizer=None, **kwargs):
        """As `GAN.compile`; G's default is Adam(1e-3, beta_1=0.5), Chen et al.'s."""
        if g_optimizer is None:
            g_optimizer = keras.optimizers.Adam(learning_rate=1e-3, beta_1=0.5)
        super().compile(g_optimizer=g_optimizer, d_optimizer=d_optimizer, **kwargs)

    def generator_inputs(self, batch_size, condition=None, seed_generator=None, paired=False):
        seed_generator = seed_generator or self.seed_generator
        latent = replica_rows(lambda n: self.latent_codes.sample(n, seed_generator), batch_size)
        if paired:
            codes = share_within_pairs(latent[:, self.noise_dim :])
            latent = ops.concatenate([latent[:, : self.noise_dim], codes], axis=-1)
        return latent, self.latent_codes.codes(latent)

    def discriminate(self, samples, condition=None, training=False):
        logits, q_outputs = self.discriminator(self.discriminator_inputs(samples, condition), training=training)
        return logits, q_outputs

    def _information(self, codes, q_outputs):
        categorical_nll, continuous_nll = self.latent_codes.information_loss(codes, q_outputs)
        return categorical_nll + continuous_nll, categorical_nll

    def _discriminator_extra_loss(self, real_aux, real_condition, fake_aux, fake_condition):
        # Q is trained on fakes only: their codes are known.
        loss, categorical_nll = self._information(fake_condition, fake_aux)
        logs = {"info_loss": loss, "mutual_information": self.latent_codes.entropy - categorical_nll}
        return self.info_weight * loss, logs

    def _generator_extra_loss(self, fake_aux, fake_condition):
        loss, _ = self._information(fake_condition, fake_aux)
        return self.info_weight * loss, {}

    @property
    def noise_dim(self):
        """How many leading entries of the latent vector are noise (the codes follow)."""
        return self.latent_codes.noise_dim

    def draw_latent(self, num_samples, seed=None, categories=None):
        """Draws latent vectors (noise and codes from their priors) with NumPy."""
        return self.latent_codes.draw(int(num_samples), seed, categories)

    def code_grid(self, continuous_index=0, categorical_index=0, num_values=10, seed=0):
        """Images that vary one categorical code by row and one continuous code by column.

        All images share one noise vector; the other codes are fixed (other
        categorical codes at category 0, other continuous codes at 0).
        Returns `(categories · num_values, *sample_shape)` images, row by
        row, for `keras_gans.utils.save_image_grid(images, path, rows=categories)`.
        """
        codes = self.latent_codes
        if not codes.categorical:
            raise ValueError("This InfoGAN has no categorical code to vary.")
        if not 0 <= categorical_index < len(codes.categorical):
            raise ValueError(f"categorical_index must be in [0, {len(codes.categorical)}), got {categorical_index}.")
        if codes.continuous and not 0 <= continuous_index < codes.continuous:
            raise ValueError(f"continuous_index must be in [0, {codes.continuous}), got {continuous_index}.")
        categories = codes.categorical[categorical_index]
        count = categories * num_values
        chosen = np.zeros((count, len(codes.categorical)), "int64")
        chosen[:, categorical_index] = np.repeat(np.arange(categories), num_values)
        latent = codes.draw(count, seed, chosen)
        latent[:, : codes.noise_dim] = latent[0, : codes.noise_dim]
        if codes.continuous:
            continuous = latent[:, codes.latent_dim - codes.continuous :]
            continuous[:] = 0.0
            values = np.linspace(*codes.continuous_range, num_values)
            continuous[:, continuous_index] = np.tile(values, categories)
        return self.generate(latent=latent)

    def get_config(self):
        config = super().get_config()
        if self._hyperparameters is None:
            config.pop("latent_dim")
            config.update(
                noise_dim=self.latent_codes.noise_dim,
                categorical_codes=self.latent_codes.categorical,
                continuous_codes=self.latent_codes.continuous,
                info_weight=self.info_weight,
            )
        return config


def _check_networks_match(codes, generator, discriminator):
    if generator.input_shape[-1] != codes.latent_dim:
        raise ValueError(
            f"The code spec needs a generator with {codes.latent_dim} inputs "
            f"({codes.noise_dim} noise + {codes.q_dim} code values), but the generator "
            f"takes {generator.input_shape[-1]}."
        )
    outputs = discriminator.output_shape
    if not isinstance(outputs, list) or len(outputs) != 2 or outputs[1][-1] != codes.q_dim:
        raise ValueError(
            f"The discriminator must return [logit, q_outputs] with {codes.q_dim} Q outputs "
            f"(the logits of categorical codes {codes.categorical} and the means of "
            f"{codes.continuous} continuous codes); its outputs have shapes {outputs}."
        )
