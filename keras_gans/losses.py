"""Adversarial losses, computed from discriminator logits in float32.

A `GANLoss` gives the discriminator's and the generator's loss from the
discriminator's logits on real and generated samples. Both follow Goodfellow
et al. 2014: the discriminator minimises

    -E[log D(x)] - E[log(1 - D(G(z)))]

(so a discriminator that answers D = 0.5 everywhere has loss 2·log 2), and the
losses differ in what the generator minimises. `log D` and `log(1 - D)` are
computed as `-softplus(-logit)` and `-softplus(logit)`, which stay finite for
logits of any size.

One-sided label smoothing (Salimans et al. 2016) replaces the real samples'
target 1 by `1 - label_smoothing` and leaves the fake target at 0.
"""

import difflib

import keras
from keras import ops


def _real_cross_entropy(logits, target):
    """Binary cross-entropy of `logits` against a constant `target`."""
    return target * ops.softplus(-logits) + (1.0 - target) * ops.softplus(logits)


@keras.saving.register_keras_serializable(package="keras_gans")
class GANLoss:
    """Base class of the adversarial losses.

    Subclasses implement `generator_loss`; the discriminator's loss is the
    cross-entropy of the original GAN, with optional one-sided label
    smoothing.

    Args:
        label_smoothing: float in [0, 1). The real samples' target becomes
            `1 - label_smoothing`; the fake target stays 0.
    """

    name = None

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

    def generator_loss(self, fake_logits):
        raise NotImplementedError

    def discriminator_score(self, logits):
        """What the discriminator's output means: here, the probability D(x)."""
        return ops.sigmoid(ops.cast(logits, "float32"))

    def get_config(self):
        return {"label_smoothing": self.label_smoothing}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        return f"{type(self).__name__}(label_smoothing={self.label_smoothing})"


@keras.saving.register_keras_serializable(package="keras_gans")
class MinimaxLoss(GANLoss):
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
class NonSaturatingLoss(GANLoss):
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


_LOSSES = {cls.name: cls for cls in (MinimaxLoss, NonSaturatingLoss)}


def get(identifier, label_smoothing=None):
    """Returns a `GANLoss` from a name, a config dict or an instance.

    Args:
        identifier: `"non_saturating"`, `"minimax"`, a serialized loss, or a
            `GANLoss` instance.
        label_smoothing: optional float; only valid with a name or a config.
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
        if label_smoothing is not None:
            loss.label_smoothing = GANLoss(label_smoothing).label_smoothing
        return loss
    if isinstance(identifier, str):
        if identifier not in _LOSSES:
            close = difflib.get_close_matches(identifier, _LOSSES, n=1)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            raise ValueError(
                f"Unknown GAN loss '{identifier}'.{hint} "
                f"Available: {', '.join(sorted(_LOSSES))}."
            )
        return _LOSSES[identifier](label_smoothing=label_smoothing or 0.0)
    raise TypeError(
        f"A GAN loss must be a name, a config dict or a GANLoss, got {identifier!r}."
    )


def available():
    """The names accepted by `compile(loss=...)`."""
    return sorted(_LOSSES)
