"""Penalties on the discriminator's gradient with respect to its input.

A penalty is added to the discriminator's loss at every discriminator
update. It sees the discriminator as a `critic(samples) -> float32 scores`
function (the condition of a conditional model is the real minibatch's) and
differentiates it with respect to the samples through
`keras_gans.backend.input_gradient`, so the discriminator's parameter
gradient includes the penalty's second-order term on every backend.

Give one to `GAN.compile(penalty=...)` as an instance or by name (`"gradient"`,
`"r1"`); the `"wgan_gp"` loss brings its own.
"""

import keras
from keras import ops

from keras_gans import backend
from keras_gans.utils.names import unknown_name


def _squared_norms(gradients):
    """The squared L2 norm of each sample's gradient."""
    axes = tuple(range(1, len(gradients.shape)))
    return ops.sum(ops.square(ops.cast(gradients, "float32")), axis=axes)


class Penalty:
    """Base class: `penalty(critic, real, fake, seed_generator) -> loss`.

    Args:
        weight: the factor the penalty enters the discriminator's loss with.
    """

    name = None

    def __init__(self, weight=10.0):
        weight = float(weight)
        if not weight > 0:
            raise ValueError(f"A penalty's weight must be positive, got {weight}.")
        self.weight = weight

    def __call__(self, critic, real, fake, seed_generator):
        raise NotImplementedError

    def get_config(self):
        return {"weight": self.weight}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        return f"{type(self).__name__}(weight={self.weight})"


@keras.saving.register_keras_serializable(package="keras_gans")
class GradientPenalty(Penalty):
    """WGAN-GP's two-sided penalty (Gulrajani et al. 2017).

    `weight · E[(‖∇D(x̂)‖₂ - 1)²]` on points x̂ = εx + (1 - ε)G(z), with ε
    uniform in [0, 1] per sample: a soft version of the 1-Lipschitz
    constraint, enforced where the real and generated distributions meet.

    Args:
        weight: λ, 10 in the paper.

    Example:

    >>> import keras, numpy as np
    >>> critic = lambda x: keras.ops.sum(keras.ops.multiply(x, np.array([3.0, 4.0], "float32")), axis=1)
    >>> penalty = GradientPenalty(weight=10.0)
    >>> real, fake = np.ones((2, 2), "float32"), np.zeros((2, 2), "float32")
    >>> round(float(penalty(critic, real, fake, keras.random.SeedGenerator(0))), 3)  # 10·(5 - 1)²
    160.0
    """

    name = "gradient"

    def __call__(self, critic, real, fake, seed_generator):
        batch_size = ops.shape(real)[0]
        shape = (1,) * (len(real.shape) - 1)
        epsilon = backend.replica_rows(
            lambda n: keras.random.uniform((n, *shape), seed=seed_generator), batch_size
        )
        points = epsilon * real + (1.0 - epsilon) * fake
        gradients = backend.input_gradient(critic, points)
        # The small constant keeps the square root differentiable at zero.
        norms = ops.sqrt(_squared_norms(gradients) + 1e-12)
        return self.weight * ops.mean(ops.square(norms - 1.0))


@keras.saving.register_keras_serializable(package="keras_gans")
class R1Penalty(Penalty):
    """The R1 penalty (Mescheder et al. 2018) on real samples.

    `weight / 2 · E[‖∇D(x)‖₂²]`: a discriminator that is flat on the data
    stops pushing the generator past it, which makes training converge
    locally where unregularised GANs oscillate.

    Args:
        weight: γ.

    Example:

    >>> import keras, numpy as np
    >>> critic = lambda x: keras.ops.sum(keras.ops.multiply(x, np.array([3.0, 4.0], "float32")), axis=1)
    >>> penalty = R1Penalty(weight=2.0)
    >>> real = np.ones((2, 2), "float32")
    >>> round(float(penalty(critic, real, None, keras.random.SeedGenerator(0))), 3)  # 2/2 · 25
    25.0
    """

    name = "r1"

    def __call__(self, critic, real, fake, seed_generator):
        gradients = backend.input_gradient(critic, real)
        return 0.5 * self.weight * ops.mean(_squared_norms(gradients))


_PENALTIES = {cls.name: cls for cls in (GradientPenalty, R1Penalty)}


def get(identifier):
    """Returns a `Penalty` from a name, a config dict, an instance or None."""
    if identifier is None or isinstance(identifier, Penalty):
        return identifier
    if isinstance(identifier, dict):
        return keras.saving.deserialize_keras_object(identifier)
    if isinstance(identifier, str):
        if identifier not in _PENALTIES:
            raise ValueError(unknown_name("penalty", identifier, _PENALTIES))
        return _PENALTIES[identifier]()
    raise TypeError(f"A penalty must be a name, a config dict or a Penalty, got {identifier!r}.")


def available():
    """The names accepted by `compile(penalty=...)`."""
    return sorted(_PENALTIES)
