"""InfoGAN's latent vector: noise plus codes, and the information term that trains them."""

import math

import keras
import numpy as np
from keras import ops

_HALF_LOG_TWO_PI = 0.5 * math.log(2.0 * math.pi)


@keras.saving.register_keras_serializable(package="keras_gans")
class LatentCodes:
    """The layout of an InfoGAN latent vector: `[noise | categorical codes | continuous codes]`.

    Noise is N(0, 1). Each categorical code is a one-hot vector drawn
    uniformly from its categories; each continuous code is Unif(low, high).
    Q, the network that reads the codes back from an image, outputs
    `q_dim` values: the logits of every categorical code, then the mean of
    every continuous one (a Gaussian with unit variance, as in Chen et al.'s
    MNIST setting).

    Args:
        noise_dim: size of the incompressible noise (Chen: 62).
        categorical: number of categories of each categorical code
            (Chen: `(10,)`).
        continuous: number of continuous codes (Chen: 2).
        continuous_range: `(low, high)` of the continuous codes.

    Example:

    >>> codes = LatentCodes(noise_dim=62, categorical=(10,), continuous=2)
    >>> codes.latent_dim, codes.q_dim
    (74, 12)
    >>> latent = codes.draw(4, seed=0)
    >>> codes.categories(latent).shape
    (4, 1)
    """

    def __init__(self, noise_dim=62, categorical=(10,), continuous=2, continuous_range=(-1.0, 1.0)):
        self.noise_dim = _check_count("noise_dim", noise_dim, minimum=1)
        if isinstance(categorical, (int, np.integer)):
            categorical = (categorical,)
        self.categorical = tuple(_check_count("a categorical code's categories", k, minimum=2) for k in categorical)
        self.continuous = _check_count("continuous", continuous, minimum=0)
        low, high = (float(v) for v in continuous_range)
        if not low < high:
            raise ValueError(f"continuous_range must be (low, high) with low < high, got {continuous_range}.")
        self.continuous_range = (low, high)
        if not self.categorical and not self.continuous:
            raise ValueError("An InfoGAN needs at least one code: give categorical or continuous codes.")

    @property
    def q_dim(self):
        """Size of the codes part of the latent vector, and of Q's output."""
        return sum(self.categorical) + self.continuous

    @property
    def latent_dim(self):
        return self.noise_dim + self.q_dim

    @property
    def entropy(self):
        """H(c) of the categorical codes, in nats: the most L_I can reach."""
        return float(sum(math.log(k) for k in self.categorical))

    def sample(self, batch_size, seed_generator):
        """Draws a batch of latent vectors as backend tensors."""
        low, high = self.continuous_range
        parts = [keras.random.normal((batch_size, self.noise_dim), seed=seed_generator)]
        for k in self.categorical:
            category = keras.random.randint((batch_size,), 0, k, seed=seed_generator)
            parts.append(ops.one_hot(category, k))
        if self.continuous:
            parts.append(keras.random.uniform((batch_size, self.continuous), low, high, seed=seed_generator))
        return ops.concatenate(parts, axis=-1)

    def draw(self, num_samples, seed=None, categories=None):
        """Draws latent vectors with NumPy (the same on every backend).

        Args:
            num_samples: how many vectors.
            seed: NumPy seed.
            categories: optional `(num_samples, len(categorical))` integer
                array fixing the categorical codes.
        """
        rng = np.random.default_rng(seed)
        low, high = self.continuous_range
        noise = rng.standard_normal((num_samples, self.noise_dim))
        if categories is None:
            categories = np.stack([rng.integers(0, k, num_samples) for k in self.categorical], axis=-1)
        categories = np.asarray(categories).reshape(num_samples, len(self.categorical))
        one_hots = [np.eye(k)[categories[:, i]] for i, k in enumerate(self.categorical)]
        continuous = rng.uniform(low, high, (num_samples, self.continuous))
        return np.concatenate([noise, *one_hots, continuous], axis=-1).astype("float32")

    def codes(self, latent):
        """The codes part of latent vectors (tensors or arrays)."""
        return latent[:, self.noise_dim :]

    def categories(self, latent):
        """The category of each categorical code, `(n, len(categorical))` NumPy ints."""
        codes = np.asarray(self.codes(latent))
        starts = np.cumsum((0,) + self.categorical)
        return np.stack(
            [codes[:, start : start + k].argmax(-1) for start, k in zip(starts, self.categorical)], axis=-1
        ).reshape(len(codes), len(self.categorical))

    def information_loss(self, codes, q_outputs):
        """The negative of Chen et al.'s lower bound L_I, without H(c).

        Returns `(categorical_nll, continuous_nll)`, batch means of
        `-log Q(c | x)`: the cross-entropy of each categorical code plus the
        Gaussian negative log-likelihood (unit variance) of each continuous
        code, each summed over codes. `entropy - categorical_nll` is the
        lower bound on I(c; G(z, c)) for the categorical codes.
        """
        codes = ops.cast(codes, q_outputs.dtype)
        categorical_nll = ops.zeros(())
        start = 0
        for k in self.categorical:
            log_q = ops.log_softmax(q_outputs[:, start : start + k], axis=-1)
            categorical_nll += -ops.mean(ops.sum(codes[:, start : start + k] * log_q, axis=-1))
            start += k
        continuous_nll = ops.zeros(())
        if self.continuous:
            error = codes[:, start:] - q_outputs[:, start:]
            continuous_nll = ops.mean(ops.sum(0.5 * ops.square(error) + _HALF_LOG_TWO_PI, axis=-1))
        return categorical_nll, continuous_nll

    def get_config(self):
        return {
            "noise_dim": self.noise_dim,
            "categorical": self.categorical,
            "continuous": self.continuous,
            "continuous_range": self.continuous_range,
        }

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def _check_count(name, value, minimum):
    if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < minimum:
        raise ValueError(f"{name} must be an integer of at least {minimum}, got {value!r}.")
    return int(value)
