"""The auxiliary-classifier GAN (Odena et al. 2017): D also predicts the class."""

import keras
from keras import ops

from keras_gans.models.conditional_gan import ConditionalGAN
from keras_gans.networks.discriminators.auxiliary_classifier import auxiliary_classifier_discriminator
from keras_gans.networks.generators.conditional_dcgan import conditional_dcgan_generator


@keras.saving.register_keras_serializable(package="keras_gans")
class ACGAN(ConditionalGAN):
    """A conditional GAN whose discriminator classifies instead of being told the class.

    G(z, y) is conditioned as in `ConditionalGAN`; D sees only the image and
    outputs a real/fake logit and class logits. Both networks also minimise
    the cross-entropy of D's class prediction: D on real and fake images, G
    on its fakes (with the labels it was asked for). `fit` logs these as
    `d_class_loss` and `g_class_loss`.

    Args:
        num_classes: number of classes.
        image_shape: `(height, width, channels)`.
        latent_dim: size of the noise vector.
        generator_filters, discriminator_filters: DCGAN widths.
        embedding_dim: None for one-hot labels into G, else an embedding size.
        class_loss_weight: weight of the classification terms.
        generator, discriminator: networks to use instead of building them;
            D maps images to `[logit, class_logits]`.
        seed: seed of the training noise.

    Example:

    >>> import numpy as np
    >>> gan = ACGAN(num_classes=3, image_shape=(8, 8, 1), latent_dim=4,
    ...             generator_filters=4, discriminator_filters=4, seed=0)
    >>> gan.compile()
    >>> images = np.random.uniform(-1, 1, (32, 8, 8, 1)).astype("float32")
    >>> history = gan.fit(images, np.arange(32) % 3, batch_size=16, verbose=0)
    >>> "d_class_loss" in history.history
    True
    """

    metric_names = ConditionalGAN.metric_names + ("d_class_loss", "g_class_loss")

    def __init__(
        self,
        num_classes=10,
        image_shape=(28, 28, 1),
        latent_dim=100,
        generator_filters=64,
        discriminator_filters=64,
        embedding_dim=None,
        class_loss_weight=1.0,
        generator=None,
        discriminator=None,
        seed=None,
        **kwargs,
    ):
        if generator is None and discriminator is None:
            self._hyperparameters = {
                "num_classes": num_classes,
                "image_shape": tuple(image_shape),
                "latent_dim": latent_dim,
                "generator_filters": generator_filters,
                "discriminator_filters": discriminator_filters,
                "embedding_dim": embedding_dim,
                "class_loss_weight": class_loss_weight,
            }
            generator = conditional_dcgan_generator(
                latent_dim, num_classes, image_shape, generator_filters, embedding_dim=embedding_dim
            )
            discriminator = auxiliary_classifier_discriminator(image_shape, num_classes, discriminator_filters)
        self.class_loss_weight = float(class_loss_weight)
        super().__init__(
            num_classes=num_classes, generator=generator,
            discriminator=discriminator, seed=seed, **kwargs,
        )

    def discriminator_inputs(self, samples, condition=None):
        # D sees only the image; it predicts the class.
        return samples

    def discriminate(self, samples, condition=None, training=False):
        logits, class_logits = self.discriminator(self.discriminator_inputs(samples, condition), training=training)
        return logits, class_logits

    def _class_loss(self, class_logits, labels):
        return ops.mean(
            keras.losses.sparse_categorical_crossentropy(labels, class_logits, from_logits=True)
        )

    def _discriminator_extra_loss(self, real_aux, real_condition, fake_aux, fake_condition):
        loss = self._class_loss(real_aux, real_condition) + self._class_loss(fake_aux, fake_condition)
        return self.class_loss_weight * loss, {"d_class_loss": loss}

    def _generator_extra_loss(self, fake_aux, fake_condition):
        loss = self._class_loss(fake_aux, fake_condition)
        return self.class_loss_weight * loss, {"g_class_loss": loss}

    def get_config(self):
        config = super().get_config()
        if self._hyperparameters is None:
            config["class_loss_weight"] = self.class_loss_weight
        return config
