"""The text-conditioned GAN of Reed et al. 2016: GAN-CLS and GAN-INT."""

import keras
import numpy as np
from keras import ops

from keras_gans.mode_seeking import share_within_pairs
from keras_gans.models.gan import GAN
from keras_gans.networks.discriminators.text_conditional_dcgan import text_conditional_dcgan_discriminator
from keras_gans.networks.generators.text_conditional_dcgan import text_conditional_dcgan_generator
from keras_gans.text.pipeline import is_text, with_word_ids
from keras_gans.text.tokenizer import check_captions
from keras_gans.utils.batching import predict_in_batches

_MISSING_TEXT = (
    "{model} needs captions: fit(images, captions), or a dataset of (images, captions) pairs "
    "(e.g. keras_gans.data.captioned_fashion_mnist.load())."
)


@keras.saving.register_keras_serializable(package="keras_gans")
class TextConditionalGAN(GAN):
    """A GAN that draws what a caption describes (Reed et al. 2016).

    Captions are tokenised in the input pipeline (`tokenizer`, a
    `CaptionTokenizer`) and embedded by a frozen, pretrained `text_encoder`
    (e.g. the text side of a `JointEmbedding`) into φ(t). The generator
    G(z, φ(t)) and the matching-aware discriminator D(x, φ(t)) each compress
    φ(t) with their own learned projection and have DCGAN bodies. Each fake
    gets the caption of a real image of its minibatch.

    - GAN-CLS (`mismatched_pairs=True`): the discriminator also sees real
      images with another image's caption, labelled fake, so it learns
      whether image and text match, not just whether the image is real:
      L_D = −log D(x, h) − ½[log(1 − D(x, ĥ)) + log(1 − D(G(z, h), h))].
      `fit` then logs `d_mismatched`, the mean D(x, ĥ).
    - GAN-INT (`text_interpolation=β`): the generator also trains on
      β·h₁ + (1 − β)·h₂, mixtures of two captions' embeddings that no real
      image has, which fills the text manifold between the captions.

    With both off it is a plain text-conditional GAN.

    Args:
        tokenizer: the `CaptionTokenizer` the text encoder was trained with.
        text_encoder: a model from word ids to caption embeddings; frozen.
        image_shape: `(height, width, channels)` of the images.
        latent_dim: size of the noise vector.
        projection_dim: size of the compressed caption embedding.
        generator_filters, discriminator_filters: DCGAN widths.
        mismatched_pairs: GAN-CLS's mismatched real pairs.
        text_interpolation: GAN-INT's β (Reed: 0.5), or None for none.
        preview_captions: captions `generate` draws when given none (the
            CLI's sample grids), or None.
        generator, discriminator: networks taking `[latent, text
            embedding]` and `[images, text embedding]`, instead of building
            them.
        seed: seed of the training noise.

    Example:

    >>> import numpy as np
    >>> from keras_gans.networks import text_encoder
    >>> from keras_gans.text import CaptionTokenizer
    >>> tokenizer = CaptionTokenizer(["a", "dark", "light", "boot"], max_length=4)
    >>> encoder = text_encoder(tokenizer.vocabulary_size(), 4, embedding_dim=8, token_dim=4, filters=8)
    >>> gan = TextConditionalGAN(tokenizer, encoder, image_shape=(8, 8, 1), latent_dim=4,
    ...                          projection_dim=4, generator_filters=4, discriminator_filters=4, seed=0)
    >>> gan.compile()
    >>> images = np.random.uniform(-1, 1, (16, 8, 8, 1)).astype("float32")
    >>> captions = np.array(["a dark boot", "a light boot"] * 8)
    >>> _ = gan.fit(images, captions, batch_size=8, verbose=0)
    >>> gan.generate_from_text(["a dark boot", "light boot"], n_per_caption=3, seed=0).shape
    (6, 8, 8, 1)
    """

    @property
    def preset_networks(self):
        # Generating reads captions through the frozen text encoder too.
        return {**super().preset_networks, "text_encoder": True}

    _unconditioned_generator = False

    def __init__(
        self,
        tokenizer,
        text_encoder,
        image_shape=(28, 28, 1),
        latent_dim=100,
        projection_dim=128,
        generator_filters=64,
        discriminator_filters=64,
        mismatched_pairs=True,
        text_interpolation=0.5,
        preview_captions=None,
        generator=None,
        discriminator=None,
        seed=None,
        **kwargs,
    ):
        if (generator is None) != (discriminator is None):
            raise ValueError("Give both generator and discriminator, or neither to build them.")
        if text_interpolation is not None and not 0.0 < float(text_interpolation) < 1.0:
            raise ValueError(f"text_interpolation must be in (0, 1) or None, got {text_interpolation!r}.")
        text_encoder.trainable = False
        self.mismatched_pairs = bool(mismatched_pairs)
        self.text_interpolation = None if text_interpolation is None else float(text_interpolation)
        self.preview_captions = None if preview_captions is None else check_captions(preview_captions)
        if self.mismatched_pairs:
            self.metric_names = GAN.metric_names + ("d_mismatched",)
        text_dim = text_encoder.output_shape[-1]
        if generator is None:
            self._hyperparameters = {
                "image_shape": tuple(image_shape),
                "latent_dim": latent_dim,
                "projection_dim": projection_dim,
                "generator_filters": generator_filters,
                "discriminator_filters": discriminator_filters,
            }
            generator = text_conditional_dcgan_generator(
                latent_dim, text_dim, projection_dim, image_shape, generator_filters
            )
            discriminator = text_conditional_dcgan_discriminator(
                image_shape, text_dim, projection_dim, discriminator_filters
            )
        else:
            latent_dim = generator.input_shape[0][-1]
        super().__init__(generator, discriminator, latent_dim=latent_dim, seed=seed, **kwargs)
        self.tokenizer = tokenizer
        self.text_encoder = text_encoder

    # Input: captions become ids in the pipeline, ids become embeddings in the step.

    def fit(self, x=None, y=None, *args, **kwargs):
        """Trains on `(images, captions)`; the same arguments as `keras.Model.fit`.

        Captions may be strings (a `tf.data.Dataset` of `(images,
        captions)` pairs, or arrays `x=images, y=captions`), tokenised in
        the pipeline, or word ids already.
        """
        x, y = with_word_ids(x, y, self.tokenizer)
        validation_data = kwargs.get("validation_data")
        if isinstance(validation_data, tuple):
            kwargs["validation_data"] = with_word_ids(*validation_data[:2], self.tokenizer)
        elif validation_data is not None:
            kwargs["validation_data"] = with_word_ids(validation_data, None, self.tokenizer)[0]
        return super().fit(x, y, *args, **kwargs)

    def _check_labels(self, samples, ids, name):
        if ids is None:
            if samples is not None:
                raise ValueError(_MISSING_TEXT.format(model=type(self).__name__))
            return
        if is_text(ids):
            raise ValueError(
                f"The {name} holds raw captions where this input type cannot tokenise them. "
                "Pass a tf.data.Dataset or arrays, or map model.tokenizer over the captions "
                "in your pipeline."
            )
        ids = np.asarray(ids)
        expected = self.tokenizer.max_length
        if ids.ndim != 2 or ids.shape[1] != expected or ids.dtype.kind not in "iu":
            raise ValueError(
                f"The {name}'s captions must be strings or word ids of shape (batch, {expected}); "
                f"got {ids.dtype} of shape {ids.shape}."
            )
        if ids.min() < 0 or ids.max() >= self.tokenizer.vocabulary_size():
            raise ValueError(
                f"The {name} has word ids outside [0, {self.tokenizer.vocabulary_size()}); they "
                "were made with another vocabulary. Tokenise with model.tokenizer."
            )

    def _unpack(self, data):
        samples, ids, _ = keras.utils.unpack_x_y_sample_weight(data)
        if ids is None:
            raise ValueError(_MISSING_TEXT.format(model=type(self).__name__))
        embeddings = self.text_encoder(ops.cast(ids, "int32"), training=False)
        return self._checked_samples(samples), ops.stop_gradient(ops.cast(embeddings, self.variable_dtype))

    # The conditioning and the GAN-CLS / GAN-INT terms.

    def generator_inputs(self, batch_size, condition=None, seed_generator=None, paired=False):
        if paired:
            condition = share_within_pairs(condition)
        return [self.sample_latent(batch_size, seed_generator, paired), condition], condition

    def discriminator_inputs(self, samples, condition=None):
        return [samples, condition]

    def _discriminator_loss(self, real, condition, fake, fake_condition, training):
        total, results, fake_aux = super()._discriminator_loss(real, condition, fake, fake_condition, training)
        if not self.mismatched_pairs:
            return total, results, fake_aux
        loss, real_logits, fake_logits, logs = results
        # Another image's caption: with a shuffled dataset, a random one.
        wrong_logits, _ = self.discriminate(real, ops.roll(condition, 1, axis=0), training=training)
        # ½(real + fake) + ½(real + mismatched) = real + ½ fake + ½ mismatched.
        cls_loss = 0.5 * (loss + self.gan_loss.discriminator_loss(real_logits, wrong_logits))
        score = ops.mean(self.gan_loss.discriminator_score(ops.stop_gradient(wrong_logits)))
        logs = {**logs, "d_mismatched": score}
        return total - loss + cls_loss, (cls_loss, real_logits, fake_logits, logs), fake_aux

    def _generator_condition(self, condition):
        if self.text_interpolation is None:
            return condition
        beta = self.text_interpolation
        mixed = beta * condition + (1.0 - beta) * ops.roll(condition, 1, axis=0)
        return ops.concatenate([condition, mixed], axis=0)

    # Sampling.

    def embed_text(self, captions, batch_size=256):
        """Caption embeddings φ(t) as NumPy, for captions checked first."""
        return predict_in_batches(self.text_encoder, self.tokenizer.encode(captions), batch_size)

    def generate_from_text(self, captions, n_per_caption=1, latent=None, seed=None, batch_size=256):
        """Draws `n_per_caption` images for each caption.

        The same `n_per_caption` noise vectors serve every caption, so image
        j of each caption shares its style (pose, shape, background) and only
        the text changes: style transfer by fixing z.

        Args:
            captions: a string or a list of strings.
            n_per_caption: images per caption.
            latent: or the `(n_per_caption, latent_dim)` noise to use.
            seed: seed for drawing the noise.
            batch_size: images generated per generator call.

        Returns:
            A NumPy array `(len(captions) * n_per_caption, h, w, c)`, the
            images of caption 0 first.
        """
        embeddings = self.embed_text(captions)
        if latent is None:
            latent = self._latent_for(n_per_caption, None, seed)
        else:
            latent = self._latent_for(None, latent, None)
        count = len(latent)
        return self._predict([np.tile(latent, (len(embeddings), 1)), np.repeat(embeddings, count, axis=0)], batch_size)

    def interpolate_text(self, first, second, num_steps=8, latent=None, seed=None):
        """Images along the line from one caption's embedding to another's.

        The noise is fixed, so the images change with the text alone
        (Reed et al.'s interpolation between captions).

        Returns:
            A NumPy array `(num_steps, h, w, c)`, from `first` to `second`.
        """
        if int(num_steps) < 2:
            raise ValueError(f"num_steps must be at least 2, got {num_steps}.")
        start, end = self.embed_text([first, second])
        weights = np.linspace(0.0, 1.0, int(num_steps), dtype="float32")[:, None]
        embeddings = (1.0 - weights) * start + weights * end
        latent = self._latent_for(1 if latent is None else None, latent, seed)
        return self._predict([np.repeat(latent[:1], len(weights), axis=0), embeddings], 256)

    def generate(self, num_samples=None, latent=None, seed=None, batch_size=256, text=None):
        """Generates samples for captions, cycling through them.

        `generate(n, text=[...])` draws n samples, sample i for caption
        `i % len(text)`; without `text`, the model's `preview_captions`.
        """
        captions = self.preview_captions if text is None else check_captions(text)
        if captions is None:
            raise ValueError(
                f"{type(self).__name__}.generate needs captions: pass text=[...] (or build the model "
                "with preview_captions), or use generate_from_text."
            )
        if num_samples is None and latent is None:
            num_samples = len(captions)
        latent = self._latent_for(num_samples, latent, seed)
        embeddings = self.embed_text(captions)
        rows = np.arange(len(latent)) % len(embeddings)
        return self._predict([latent, embeddings[rows]], batch_size)

    # Saving.

    def get_config(self):
        return {
            **super().get_config(),
            "tokenizer": keras.saving.serialize_keras_object(self.tokenizer),
            "text_encoder": keras.saving.serialize_keras_object(self.text_encoder),
            "mismatched_pairs": self.mismatched_pairs,
            "text_interpolation": self.text_interpolation,
            "preview_captions": self.preview_captions,
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        for key in ("tokenizer", "text_encoder"):
            config[key] = keras.saving.deserialize_keras_object(config[key], custom_objects=custom_objects)
        return super().from_config(config, custom_objects)
