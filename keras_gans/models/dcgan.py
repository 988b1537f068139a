"""DCGAN (Radford et al. 2016)."""

import keras

from keras_gans.models.gan import GAN
from keras_gans.networks.discriminators.dcgan import dcgan_discriminator
from keras_gans.networks.generators.dcgan import dcgan_generator


@keras.saving.register_keras_serializable(package="keras_gans")
class DCGAN(GAN):
    """A deep convolutional GAN for images in [-1, 1].

    Builds `dcgan_generator` and `dcgan_discriminator` for `image_shape`
    (e.g. 28×28, 32×32 or 64×64 with 1 or 3 channels). Train it with the
    paper's settings, Adam(2e-4, beta_1=0.5) for both networks, which are
    `compile()`'s defaults.

    Args:
        image_shape: `(height, width, channels)`.
        latent_dim: size of the noise vector (Radford: 100).
        generator_filters: channels of the generator's last hidden layer.
        discriminator_filters: channels of the discriminator's first layer.
        kernel_size: convolution kernel size in both networks.
        spectral_norm: spectral normalisation instead of batch norm in the
            discriminator (Miyato et al. 2018).
        packing: PacGAN's m: the discriminator judges m images at once
            (stacked along the channels).
        minibatch_stddev: the discriminator also sees the batch's standard
            deviation (`MinibatchStdDev` on its last feature map).
        latent_categories: K > 0 appends a one-hot category, uniform over
            K, to the noise, so the generator takes `latent_dim + K` inputs
            (`gan.latent_dim`); see `GAN`.
        latent_category_scale: the value of the one-hot's hot entry.
        seed: seed of the training noise.

    Example:

    >>> import keras, numpy as np
    >>> gan = DCGAN(image_shape=(28, 28, 1), latent_dim=16, generator_filters=8,
    ...             discriminator_filters=8, seed=0)
    >>> gan.compile(loss="non_saturating", label_smoothing=0.1)
    >>> images = np.random.uniform(-1, 1, (32, 28, 28, 1)).astype("float32")
    >>> _ = gan.fit(images, batch_size=16, verbose=0)
    >>> gan.generate(4, seed=0).shape
    (4, 28, 28, 1)
    """

    def __init__(
        self,
        image_shape=(28, 28, 1),
        latent_dim=100,
        generator_filters=64,
        discriminator_filters=64,
        kernel_size=4,
        spectral_norm=False,
        packing=1,
        minibatch_stddev=False,
        latent_categories=0,
        latent_category_scale=1.0,
        seed=None,
        **kwargs,
    ):
        self._hyperparameters = {
            "image_shape": tuple(image_shape),
            "latent_dim": latent_dim,
            "generator_filters": generator_filters,
            "discriminator_filters": discriminator_filters,
            "kernel_size": kernel_size,
            "spectral_norm": bool(spectral_norm),
            "packing": int(packing),
            "minibatch_stddev": bool(minibatch_stddev),
            "latent_categories": int(latent_categories),
            "latent_category_scale": float(latent_category_scale),
        }
        height, width, channels = image_shape
        super().__init__(
            generator=dcgan_generator(
                latent_dim + int(latent_categories), image_shape, generator_filters, kernel_size
            ),
            discriminator=dcgan_discriminator(
                (height, width, channels * packing), discriminator_filters, kernel_size, spectral_norm,
                minibatch_stddev,
            ),
            latent_dim=latent_dim + int(latent_categories),
            seed=seed,
            packing=packing,
            latent_categories=latent_categories,
            latent_category_scale=latent_category_scale,
            **kwargs,
        )
