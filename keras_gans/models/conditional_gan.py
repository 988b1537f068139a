"""The conditional GAN (Mirza & Osindero 2014): G(z, y) and D(x, y)."""

import keras
import numpy as np
from keras import ops

from keras_gans.backend import replica_rows
from keras_gans.data.checks import check_labels
from keras_gans.mode_seeking import share_within_pairs
from keras_gans.models.gan import GAN
from keras_gans.networks.discriminators.conditional_dcgan import conditional_dcgan_discriminator
from keras_gans.networks.discriminators.conditional_maxout import conditional_maxout_discriminator
from keras_gans.networks.generators.conditional_dcgan import conditional_dcgan_generator
from keras_gans.networks.generators.conditional_mlp import conditional_mlp_generator

ARCHITECTURES = ("dcgan", "mlp")
_MISSING_LABELS = (
    "{model} needs class labels: fit(images, labels), or a dataset of (images, labels) pairs "
    "(e.g. keras_gans.data.load(..., labels=True))."
)


@keras.saving.register_keras_serializable(package="keras_gans")
class ConditionalGAN(GAN):
    """A GAN whose generator and discriminator are both told the class.

    `fit` takes images and integer labels; each fake in a training step gets
    the label of a real sample of the same minibatch, so the fakes' classes
    follow the data's. `generate` draws samples of the classes you ask for.

    With `generator` and `discriminator` given, any networks mapping
    `[latent, labels]` to samples and `[samples, labels]` to a logit are
    used. Otherwise the model builds them:

    - `architecture="dcgan"`: `conditional_dcgan_generator` (label
      concatenated to the noise) and `conditional_dcgan_discriminator`
      with `discriminator_conditioning="projection"` (Miyato & Koyama 2018,
      the default and the better one) or `"concat"`.
    - `architecture="mlp"`: Mirza & Osindero's fully connected generator and
      maxout discriminator.

    Args:
        num_classes: number of classes.
        image_shape: `(height, width, channels)` of the samples.
        latent_dim: size of the noise vector (read from `generator` when
            given).
        architecture: `"dcgan"` or `"mlp"`.
        discriminator_conditioning: `"projection"` or `"concat"` (DCGAN).
        generator_filters, discriminator_filters: DCGAN widths.
        embedding_dim: None to feed G one-hot labels, else the size of a
            learned label embedding.
        generator, discriminator: networks to use instead of building them.
        seed: seed of the training noise.

    Example:

    >>> import numpy as np
    >>> gan = ConditionalGAN(num_classes=3, image_shape=(8, 8, 1), latent_dim=4,
    ...                      generator_filters=4, discriminator_filters=4, seed=0)
    >>> gan.compile()
    >>> images = np.random.uniform(-1, 1, (32, 8, 8, 1)).astype("float32")
    >>> labels = np.arange(32) % 3
    >>> _ = gan.fit(images, labels, batch_size=16, verbose=0)
    >>> gan.generate([0, 1, 2, 2]).shape
    (4, 8, 8, 1)
    >>> gan.generate(5, label=1, seed=0).shape
    (5, 8, 8, 1)
    """

    _unconditioned_generator = False

    def __init__(
        self,
        num_classes=10,
        image_shape=(28, 28, 1),
        latent_dim=100,
        architecture="dcgan",
        discriminator_conditioning="projection",
        generator_filters=64,
        discriminator_filters=64,
        embedding_dim=None,
        generator=None,
        discriminator=None,
        seed=None,
        **kwargs,
    ):
        self.num_classes = _check_num_classes(num_classes)
        if (generator is None) != (discriminator is None):
            raise ValueError("Give both generator and discriminator, or neither to build them.")
        if generator is None:
            self._hyperparameters = {
                "num_classes": self.num_classes,
                "image_shape": tuple(image_shape),
                "latent_dim": latent_dim,
                "architecture": architecture,
                "discriminator_conditioning": discriminator_conditioning,
                "generator_filters": generator_filters,
                "discriminator_filters": discriminator_filters,
                "embedding_dim": embedding_dim,
            }
            generator, discriminator = self._build_networks(**self._hyperparameters, seed=seed)
        else:
            latent_dim = generator.input_shape[0][-1]
        super().__init__(generator, discriminator, latent_dim=latent_dim, seed=seed, **kwargs)

    @staticmethod
    def _build_networks(
        num_classes, image_shape, latent_dim, architecture, discriminator_conditioning,
        generator_filters, discriminator_filters, embedding_dim, seed,
    ):
        if architecture == "dcgan":
            return (
                conditional_dcgan_generator(latent_dim, num_classes, image_shape, generator_filters, embedding_dim=embedding_dim),
                conditional_dcgan_discriminator(image_shape, num_classes, discriminator_filters, conditioning=discriminator_conditioning),
            )
        if architecture == "mlp":
            return (
                conditional_mlp_generator(latent_dim, num_classes, image_shape),
                conditional_maxout_discriminator(image_shape, num_classes, seed=seed),
            )
        raise ValueError(f"architecture must be one of {ARCHITECTURES}, got {architecture!r}.")

    def _check_labels(self, samples, labels, name):
        if labels is not None:
            check_labels(labels, self.num_classes, name)
        elif samples is not None:
            raise ValueError(_MISSING_LABELS.format(model=type(self).__name__))

    def _unpack(self, data):
        samples, labels, _ = keras.utils.unpack_x_y_sample_weight(data)
        if labels is None:
            raise ValueError(_MISSING_LABELS.format(model=type(self).__name__))
        return self._checked_samples(samples), ops.reshape(ops.cast(labels, "int32"), (-1,))

    def generator_inputs(self, batch_size, condition=None, seed_generator=None, paired=False):
        seed_generator = seed_generator or self.seed_generator
        labels = condition
        if labels is None:
            labels = replica_rows(
                lambda n: keras.random.randint((n,), 0, self.num_classes, seed=seed_generator), batch_size
            )
        if paired:
            labels = share_within_pairs(labels)
        return [self.sample_latent(batch_size, seed_generator, paired), labels], labels

    def discriminator_inputs(self, samples, condition=None):
        return [samples, condition]

    def generate(self, num_samples=None, latent=None, seed=None, batch_size=256, labels=None, label=None):
        """Generates samples of the given classes as a NumPy array.

        `generate(labels)` draws one sample per label; `generate(n,
        label=3)` draws n samples of class 3; `generate(n)` draws n samples
        of classes 0, 1, …, num_classes - 1, 0, 1, … in turn.

        Args:
            num_samples: how many samples, or an array of labels.
            latent: an explicit `(n, latent_dim)` array of noise vectors.
            seed: seed for drawing the noise.
            batch_size: samples generated per generator call.
            labels: the class of each sample.
            label: one class for all samples.
        """
        if num_samples is not None and np.ndim(num_samples) > 0:
            num_samples, labels = None, num_samples
        if labels is not None and label is not None:
            raise ValueError("Pass labels or label, not both.")
        if labels is not None:
            labels = np.asarray(labels)
            if num_samples is not None and num_samples != len(labels):
                raise ValueError(f"num_samples={num_samples} but {len(labels)} labels were given.")
            num_samples = None if latent is not None else len(labels)
        latent = self._latent_for(num_samples, latent, seed)
        labels = self._labels_for(len(latent), labels, label)
        return self._predict([latent, labels], batch_size)

    def _labels_for(self, count, labels, label):
        if label is not None:
            labels = np.full(count, label)
        elif labels is None:
            labels = np.arange(count) % self.num_classes
        labels = np.asarray(labels)
        if len(labels) != count:
            raise ValueError(f"Got {len(labels)} labels for {count} latent vectors.")
        check_labels(labels, self.num_classes, name="requested samples")
        return labels.reshape(-1).astype("int32")

    def get_config(self):
        config = super().get_config()
        if self._hyperparameters is None:
            config["num_classes"] = self.num_classes
        return config


def _check_num_classes(num_classes):
    if not isinstance(num_classes, (int, np.integer)) or num_classes < 2:
        raise ValueError(f"num_classes must be an integer of at least 2, got {num_classes!r}.")
    return int(num_classes)
