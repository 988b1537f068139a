"""Discriminator rejection sampling (Azadi et al. 2019)."""

import keras
import numpy as np

# Fakes scored per call while calibrating, and the fewest acceptances per
# draw before `generate` gives up (a sampler that rejects nearly everything
# is a sign of a critic that separates real from fake perfectly).
CALIBRATION_SAMPLES = 10_000
MIN_ACCEPTANCE_RATE = 1e-3
# The most float32 values one draw of fakes holds (64 MB): 2D points come in
# one draw, 64×64×3 images in draws of about 1,300.
MAX_DRAW_VALUES = 2**24


@keras.saving.register_keras_serializable(package="keras_gans")
class RejectionSampler(keras.Model):
    """Samples a trained GAN, keeping each fake with a probability that
    corrects the generator's distribution towards the data's.

    A discriminator trained to the end with binary cross-entropy against a
    fixed generator outputs the log density ratio `log p_data(x) / p_G(x)`.
    Keeping a fake with probability `exp(D(x) - M)`, M the largest logit,
    is then rejection sampling from p_data. The GAN's own discriminator
    stopped short of that (it chased a moving generator, often under a
    penalty that flattens it), so `fit` trains a copy of it, the critic,
    further against the frozen generator. On 2D mixtures this removes the
    fakes a continuous generator leaves on the paths between modes.

    Args:
        gan: a trained unconditional `keras_gans.models.GAN` (no packing).
            It is not changed; `generate` samples it (its EMA generator
            when it has one).
        percentile: M is this percentile of the critic's logits on fresh
            fakes: 100 is exact rejection sampling but slow when a few
            logits are large; lower keeps more fakes and corrects less.

    Example:

    >>> from keras_gans import data, recipes
    >>> gan = recipes.mixture_gan(seed=0, generator_units=(8,), discriminator_units=(8,))
    >>> sampler = RejectionSampler(gan)
    >>> history = sampler.fit(data.MIXTURES["ring"]().sample(1000, seed=0), epochs=1)
    >>> sampler.generate(10, seed=0).shape
    (10, 2)
    """

    def __init__(self, gan, percentile=99.0, **kwargs):
        super().__init__(**kwargs)
        _check_gan(gan)
        if not 0.0 < float(percentile) <= 100.0:
            raise ValueError(f"percentile must be in (0, 100], e.g. 99, got {percentile}.")
        self.gan = gan
        self.percentile = float(percentile)
        self.critic = keras.models.clone_model(gan.discriminator)
        self.critic.set_weights(gan.discriminator.get_weights())
        self.log_bound = self.add_weight(shape=(), initializer="zeros", trainable=False, name="log_bound")
        self.acceptance_rate = self.add_weight(shape=(), initializer="zeros", trainable=False, name="acceptance_rate")
        self.built = True

    def call(self, samples):
        """The critic's logit: its estimate of `log p_data(x) / p_G(x)`."""
        return self.critic(samples)

    def fit(self, x, epochs=20, batch_size=500, learning_rate=3e-3, seed=None, verbose=0):
        """Trains the critic on `x` (real samples) against fresh fakes each
        epoch, as many as real ones, then sets the bound M.

        Returns a `keras.callbacks.History` with the critic's `loss` and
        `accuracy` per epoch.
        """
        if not isinstance(epochs, (int, np.integer)) or epochs < 1:
            raise ValueError(f"epochs must be a positive integer, got {epochs!r}.")
        real = _checked_real(x, self.gan)
        rng = np.random.default_rng(seed)
        self.critic.compile(
            optimizer=keras.optimizers.Adam(learning_rate),
            loss=keras.losses.BinaryCrossentropy(from_logits=True),
            metrics=[keras.metrics.BinaryAccuracy(threshold=0.0, name="accuracy")],
        )
        labels = np.concatenate([np.ones(len(real)), np.zeros(len(real))]).astype("float32")[:, None]
        history = keras.callbacks.History()
        history.set_model(self.critic)
        history.on_train_begin()
        for epoch in range(epochs):
            fakes = self.gan.generate(len(real), seed=_next_seed(rng))
            # Shuffled here, not by `fit`, whose order would follow the
            # process's global RNG: the same seed then fits the same critic.
            order = rng.permutation(2 * len(real))
            logs = self.critic.fit(
                np.concatenate([real, fakes])[order], labels[order], batch_size=batch_size, epochs=1, shuffle=False,
                verbose=verbose,
            ).history
            history.on_epoch_end(epoch, {name: values[-1] for name, values in logs.items()})
        self.calibrate(seed=_next_seed(rng))
        return history

    def calibrate(self, num_samples=CALIBRATION_SAMPLES, seed=None):
        """Sets the bound M from the critic's logits on `num_samples` fresh fakes."""
        logits = self._logits(self.gan.generate(num_samples, seed=seed))
        bound = float(np.percentile(logits, self.percentile))
        self.log_bound.assign(bound)
        self.acceptance_rate.assign(float(np.mean(_acceptance(logits, bound))))

    def generate(self, num_samples, seed=None, batch_size=256):
        """Draws `num_samples` accepted fakes as a NumPy array."""
        rate = float(keras.ops.convert_to_numpy(self.acceptance_rate))
        if rate == 0.0:
            raise ValueError("This sampler has not been fitted; call sampler.fit(real_samples) first.")
        if rate < MIN_ACCEPTANCE_RATE:
            raise ValueError(
                f"The critic accepts {rate:.1e} of the fakes: it tells them from real ones almost perfectly. "
                "Fit it for fewer epochs, or lower `percentile`."
            )
        rng = np.random.default_rng(seed)
        bound = float(keras.ops.convert_to_numpy(self.log_bound))
        largest_draw = max(batch_size, MAX_DRAW_VALUES // int(np.prod(self.gan.sample_shape)))
        kept, count = [], 0
        while count < num_samples:
            draw = min(max(batch_size, int(1.2 * (num_samples - count) / rate)), largest_draw)
            fakes = self.gan.generate(draw, seed=_next_seed(rng), batch_size=batch_size)
            accepted = fakes[rng.uniform(size=draw) < _acceptance(self._logits(fakes, batch_size), bound)]
            kept.append(accepted)
            count += len(accepted)
        return np.concatenate(kept)[:num_samples]

    def _logits(self, samples, batch_size=1024):
        logits = self.critic.predict(samples, batch_size=batch_size, verbose=0)
        return np.asarray(logits, dtype="float64").reshape(-1)

    def get_config(self):
        return {
            **super().get_config(),
            "gan": keras.saving.serialize_keras_object(self.gan),
            "percentile": self.percentile,
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        gan = keras.saving.deserialize_keras_object(config.pop("gan"), custom_objects=custom_objects)
        return cls(gan, **config)


def _acceptance(logits, bound):
    return np.exp(np.minimum(logits - bound, 0.0))


def _next_seed(rng):
    return int(rng.integers(2**31))


def _check_gan(gan):
    from keras_gans.models.gan import GAN

    if not isinstance(gan, GAN):
        raise TypeError(f"RejectionSampler needs a keras_gans GAN, got {type(gan).__name__}.")
    discriminator = gan.discriminator
    if gan.packing != 1 or len(discriminator.inputs) != 1 or len(discriminator.outputs) != 1:
        raise ValueError(
            "RejectionSampler takes unconditional GANs whose discriminator scores one sample with one logit "
            f"(no packing, labels or auxiliary outputs); {type(gan).__name__} has packing={gan.packing}, "
            f"{len(discriminator.inputs)} discriminator input(s) and {len(discriminator.outputs)} output(s)."
        )


def _checked_real(x, gan):
    real = np.asarray(x, dtype="float32")
    if real.ndim < 2 or tuple(real.shape[1:]) != tuple(gan.sample_shape):
        raise ValueError(
            f"Real samples must have shape (n, {', '.join(map(str, gan.sample_shape))}) like the GAN's; "
            f"got {real.shape}."
        )
    return real
