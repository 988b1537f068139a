"""Adversarial losses, computed from discriminator outputs in float32.

A `GANLoss` gives the discriminator's and the generator's loss from the
discriminator's outputs on real and generated samples. Every loss is
selectable by name in `GAN.compile(loss=...)` and `keras-gans train --loss`
(`available()` lists the names):

- the original GAN's cross-entropy (Goodfellow et al. 2014): the
  discriminator minimises `-E[log D(x)] - E[log(1 - D(G(z)))]` (2·log 2 for
  a discriminator answering 0.5 everywhere); `"non_saturating"` and
  `"minimax"` differ in what the generator minimises. `log D` and
  `log(1 - D)` are computed as `-softplus(-logit)` and `-softplus(logit)`,
  finite for logits of any size. One-sided label smoothing (Salimans et al.
  2016) replaces the real target 1 by `1 - label_smoothing`;
- `"wasserstein"` (weight clipping) and `"wgan_gp"` (gradient penalty);
- `"hinge"` and `"least_squares"`;
- the f-GAN family, `"fgan_<divergence>"` (Nowozin et al. 2016).
"""

import functools
import math

import keras
from keras import ops

from keras_gans.penalties import GradientPenalty
from keras_gans.utils.names import unknown_name


def _real_cross_entropy(logits, target):
    """Binary cross-entropy of `logits` against a constant `target`."""
    return target * ops.softplus(-logits) + (1.0 - target) * ops.softplus(logits)


@keras.saving.register_keras_serializable(package="keras_gans")
class GANLoss:
    """Base class of the adversarial losses.

    A loss maps the discriminator's outputs (logits, or a critic's scores)
    on real and generated samples to the discriminator's and the
    generator's losses, in float32. Two class attributes tell the GAN what
    else the loss needs:

    - `clip_value`: after each discriminator update, clip every
      discriminator weight to `[-clip_value, clip_value]` (the original
      WGAN's Lipschitz constraint); None for no clipping.
    - `penalty`: a `keras_gans.penalties` regulariser added to the
      discriminator's loss (WGAN-GP's gradient penalty); None for none.
    """

    name = None
    clip_value = None
    penalty = None

    def discriminator_loss(self, real_logits, fake_logits):
        raise NotImplementedError

    def generator_loss(self, fake_logits):
        raise NotImplementedError

    def discriminator_score(self, logits):
        """What `fit` logs as `d_real` / `d_fake`: here the raw output."""
        return ops.cast(logits, "float32")

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        options = ", ".join(f"{key}={value!r}" for key, value in self.get_config().items())
        return f"{type(self).__name__}({options})"


@keras.saving.register_keras_serializable(package="keras_gans")
class CrossEntropyLoss(GANLoss):
    """Base class of the two losses of the original GAN.

    The discriminator minimises the cross-entropy of Goodfellow et al.
    2014, with optional one-sided label smoothing; subclasses choose what
    the generator minimises.

    Args:
        label_smoothing: float in [0, 1). The real samples' target becomes
            `1 - label_smoothing`; the fake target stays 0.
    """

    def __init__(self, label_smoothing=0.0):
        label_smoothing = float(label_smoothing)
        if not 0.0 <= label_smoothing < 1.0:
            raise ValueError(
                f"label_smoothing must be in [0, 1), got {label_smoothing}. "
                "Typical values are 0 (off) and 0.1 (real target 0.9)."
            )
        self.label_smoothing = label_smoothing

    def discriminator_loss(self, real_logits, fake_logits):
        real_logits = ops.cast(real_logits, "float32")
        fake_logits = ops.cast(fake_logits, "float32")
        real_term = _real_cross_entropy(real_logits, 1.0 - self.label_smoothing)
        return ops.mean(real_term) + ops.mean(ops.softplus(fake_logits))

    def discriminator_score(self, logits):
        """The probability D(x)."""
        return ops.sigmoid(ops.cast(logits, "float32"))

    def get_config(self):
        return {"label_smoothing": self.label_smoothing}


@keras.saving.register_keras_serializable(package="keras_gans")
class MinimaxLoss(CrossEntropyLoss):
    """The original minimax game: G minimises log(1 - D(G(z))).

    Its gradient vanishes when D confidently rejects the samples, which is
    why the non-saturating loss is the default.

    Example:

    >>> import numpy as np
    >>> loss = MinimaxLoss()
    >>> round(float(loss.generator_loss(np.zeros(4, "float32"))), 4)  # log(0.5)
    -0.6931
    """

    name = "minimax"

    def generator_loss(self, fake_logits):
        return -ops.mean(ops.softplus(ops.cast(fake_logits, "float32")))


@keras.saving.register_keras_serializable(package="keras_gans")
class NonSaturatingLoss(CrossEntropyLoss):
    """The non-saturating loss: G maximises log D(G(z)).

    It has the same fixed point as the minimax game and strong gradients
    early in training (Goodfellow et al. 2014, section 3).

    Example:

    >>> import numpy as np
    >>> loss = NonSaturatingLoss(label_smoothing=0.1)
    >>> round(float(loss.generator_loss(np.zeros(4, "float32"))), 4)  # -log(0.5)
    0.6931
    """

    name = "non_saturating"

    def generator_loss(self, fake_logits):
        return ops.mean(ops.softplus(-ops.cast(fake_logits, "float32")))


@keras.saving.register_keras_serializable(package="keras_gans")
class WassersteinLoss(GANLoss):
    """The Wasserstein GAN's loss (Arjovsky et al. 2017).

    The discriminator is a critic with an unbounded score; it minimises
    `E[D(G(z))] - E[D(x)]` and the generator minimises `-E[D(G(z))]`. The
    critic must stay Lipschitz for its score gap to estimate the Earth
    Mover's distance: here by clipping its weights after every update. The
    paper trains with RMSprop(5e-5) and `d_steps=5`.

    Args:
        clip_value: the critic's weights are clipped to
            `[-clip_value, clip_value]`; None turns clipping off (when
            another constraint, e.g. a gradient penalty, takes its place).

    Example:

    >>> import numpy as np
    >>> loss = WassersteinLoss()
    >>> float(loss.discriminator_loss(np.array([2.0, 4.0]), np.array([1.0, 1.0])))
    -2.0
    """

    name = "wasserstein"

    def __init__(self, clip_value=0.01):
        if clip_value is not None and not float(clip_value) > 0:
            raise ValueError(f"clip_value must be positive or None, got {clip_value}.")
        self.clip_value = None if clip_value is None else float(clip_value)

    def discriminator_loss(self, real_logits, fake_logits):
        return ops.mean(ops.cast(fake_logits, "float32")) - ops.mean(ops.cast(real_logits, "float32"))

    def generator_loss(self, fake_logits):
        return -ops.mean(ops.cast(fake_logits, "float32"))

    def get_config(self):
        return {"clip_value": self.clip_value}


@keras.saving.register_keras_serializable(package="keras_gans")
class WassersteinGPLoss(WassersteinLoss):
    """WGAN-GP (Gulrajani et al. 2017): the Wasserstein loss, no clipping,
    and a gradient penalty on points between real and generated samples.

    The paper trains with Adam(1e-4, beta_1=0, beta_2=0.9) and `d_steps=5`,
    and its critic has no batch normalisation (the penalty is per sample).

    Args:
        penalty_weight: λ of the penalty `λ·E[(‖∇D(x̂)‖ - 1)²]`.

    Example:

    >>> loss = WassersteinGPLoss()
    >>> loss.clip_value is None, loss.penalty.weight
    (True, 10.0)
    """

    name = "wgan_gp"

    def __init__(self, penalty_weight=10.0):
        super().__init__(clip_value=None)
        self.penalty = GradientPenalty(weight=penalty_weight)

    def get_config(self):
        return {"penalty_weight": self.penalty.weight}


@keras.saving.register_keras_serializable(package="keras_gans")
class HingeLoss(GANLoss):
    """The hinge loss (Lim & Ye 2017; Miyato et al. 2018).

    The discriminator minimises `E[relu(1 - D(x))] + E[relu(1 + D(G(z)))]`,
    so it stops pushing samples it already scores beyond the margin; the
    generator minimises `-E[D(G(z))]`.

    Example:

    >>> import numpy as np
    >>> loss = HingeLoss()
    >>> float(loss.discriminator_loss(np.array([2.0, 0.0]), np.array([-2.0, 0.0])))
    1.0
    """

    name = "hinge"

    def discriminator_loss(self, real_logits, fake_logits):
        real_logits = ops.cast(real_logits, "float32")
        fake_logits = ops.cast(fake_logits, "float32")
        return ops.mean(ops.relu(1.0 - real_logits)) + ops.mean(ops.relu(1.0 + fake_logits))

    def generator_loss(self, fake_logits):
        return -ops.mean(ops.cast(fake_logits, "float32"))


@keras.saving.register_keras_serializable(package="keras_gans")
class LeastSquaresLoss(GANLoss):
    """The least-squares GAN (Mao et al. 2017), with targets a=0, b=c=1.

    The discriminator minimises `½E[(D(x) - 1)²] + ½E[D(G(z))²]` and the
    generator `½E[(D(G(z)) - 1)²]`: samples far on the right side of the
    boundary are still pulled towards it, where the cross-entropy's
    gradient would have vanished.

    Example:

    >>> import numpy as np
    >>> loss = LeastSquaresLoss()
    >>> float(loss.generator_loss(np.array([0.0, 2.0])))
    0.5
    """

    name = "least_squares"

    def discriminator_loss(self, real_logits, fake_logits):
        real_logits = ops.cast(real_logits, "float32")
        fake_logits = ops.cast(fake_logits, "float32")
        return 0.5 * ops.mean(ops.square(real_logits - 1.0)) + 0.5 * ops.mean(ops.square(fake_logits))

    def generator_loss(self, fake_logits):
        return 0.5 * ops.mean(ops.square(ops.cast(fake_logits, "float32") - 1.0))


_LOG_2 = math.log(2.0)

# Each f-divergence of Nowozin et al. 2016 (Table 6) as two functions of the
# discriminator's unbounded output v: the output activation g_f(v), and the
# Fenchel conjugate at it, f*(g_f(v)), simplified in v so that neither takes
# the log of a rounded probability.
_DIVERGENCES = {
    "kl": (lambda v: v, lambda v: ops.exp(v - 1.0)),
    "reverse_kl": (lambda v: -ops.exp(-v), lambda v: v - 1.0),
    "pearson": (lambda v: v, lambda v: 0.25 * ops.square(v) + v),
    "squared_hellinger": (lambda v: 1.0 - ops.exp(-v), lambda v: ops.exp(v) - 1.0),
    "jensen_shannon": (lambda v: _LOG_2 - ops.softplus(-v), lambda v: ops.softplus(v) - _LOG_2),
    "gan": (lambda v: -ops.softplus(-v), lambda v: ops.softplus(v)),
    "total_variation": (lambda v: 0.5 * ops.tanh(v), lambda v: 0.5 * ops.tanh(v)),
}


@keras.saving.register_keras_serializable(package="keras_gans")
class FDivergenceLoss(GANLoss):
    """The f-GAN loss (Nowozin et al. 2016) for one f-divergence.

    The discriminator's output v goes through the divergence's output
    activation, T = g_f(v), and the discriminator maximises the variational
    lower bound `E_P[T(x)] - E_Q[f*(T(G(z)))]` of D_f(P‖Q), where f* is f's
    Fenchel conjugate: at its optimum the bound equals the divergence
    between the data and the generator. The generator maximises
    `E_Q[T(G(z))]`, the paper's non-saturating choice. `fit` logs T as
    `d_real` / `d_fake`.

    Divergences: `"kl"`, `"reverse_kl"`, `"pearson"` (χ²),
    `"squared_hellinger"`, `"jensen_shannon"`, `"gan"` and
    `"total_variation"`; by name in `compile` as `"fgan_<divergence>"`.
    The exponentials overflow float32 for |v| near 88: kl's conjugate (in
    D's loss), reverse_kl's activation and both of squared_hellinger's. An
    activation is G's loss too, so with those two a D that rejects a fake
    hard enough gives G an infinite loss (on a 2D ring, G's weights went NaN
    within three epochs; docs/techniques.md).

    Args:
        divergence: one of the names above.

    Example:

    >>> import numpy as np
    >>> loss = FDivergenceLoss("pearson")
    >>> float(loss.discriminator_loss(np.array([2.0]), np.array([2.0])))  # f*(2) - 2
    1.0
    """

    def __init__(self, divergence="jensen_shannon"):
        if divergence not in _DIVERGENCES:
            raise ValueError(unknown_name("divergence", divergence, _DIVERGENCES))
        self.divergence = divergence
        self.name = f"fgan_{divergence}"
        self._activation, self._conjugate = _DIVERGENCES[divergence]

    def discriminator_loss(self, real_logits, fake_logits):
        real_logits = ops.cast(real_logits, "float32")
        fake_logits = ops.cast(fake_logits, "float32")
        return ops.mean(self._conjugate(fake_logits)) - ops.mean(self._activation(real_logits))

    def generator_loss(self, fake_logits):
        return -ops.mean(self._activation(ops.cast(fake_logits, "float32")))

    def discriminator_score(self, logits):
        """T = g_f(v), the variational function's value."""
        return self._activation(ops.cast(logits, "float32"))

    def get_config(self):
        return {"divergence": self.divergence}


# name: a function building the loss.
_LOSSES = {
    **{cls.name: cls for cls in (MinimaxLoss, NonSaturatingLoss, WassersteinLoss, WassersteinGPLoss, HingeLoss, LeastSquaresLoss)},
    **{f"fgan_{divergence}": functools.partial(FDivergenceLoss, divergence) for divergence in _DIVERGENCES},
}


def get(identifier, label_smoothing=None):
    """Returns a `GANLoss` from a name, a config dict or an instance.

    Args:
        identifier: a name from `available()`, a serialized loss, or a
            `GANLoss` instance.
        label_smoothing: optional float for the cross-entropy losses
            (`"non_saturating"`, `"minimax"`); only with a name or a config.
    """
    if isinstance(identifier, GANLoss):
        if label_smoothing is not None:
            raise ValueError(
                "Pass label_smoothing to the loss's constructor when giving "
                f"a loss instance ({identifier!r}), not to compile()."
            )
        return identifier
    if isinstance(identifier, dict):
        loss = keras.saving.deserialize_keras_object(identifier)
    elif isinstance(identifier, str):
        if identifier not in _LOSSES:
            raise ValueError(unknown_name("GAN loss", identifier, _LOSSES))
        loss = _LOSSES[identifier]()
    else:
        raise TypeError(
            f"A GAN loss must be a name, a config dict or a GANLoss, got {identifier!r}."
        )
    if label_smoothing is not None:
        if isinstance(loss, CrossEntropyLoss):
            loss.label_smoothing = CrossEntropyLoss(label_smoothing).label_smoothing
        elif label_smoothing:
            raise ValueError(
                f"label_smoothing applies to the cross-entropy losses ('non_saturating', "
                f"'minimax'), not to {loss!r}; leave it out."
            )
    return loss


def available():
    """The names accepted by `compile(loss=...)`."""
    return sorted(_LOSSES)
