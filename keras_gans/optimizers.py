"""The optimizer pair a GAN trains with, seen by Keras as one optimizer."""

import keras


def _innermost(optimizer):
    """The optimizer under any `LossScaleOptimizer` wrapping."""
    while isinstance(optimizer, keras.optimizers.LossScaleOptimizer):
        optimizer = optimizer.inner_optimizer
    return optimizer


@keras.saving.register_keras_serializable(package="keras_gans")
class GANOptimizer(keras.optimizers.Optimizer):
    """Holds the generator's and the discriminator's optimizers.

    Keras trainers know one `model.optimizer`. The JAX trainer carries, syncs
    and saves only `model.optimizer.variables`, so a second optimizer kept
    elsewhere would silently lose its state there. This optimizer reports
    both children's variables as its own, so every backend carries, saves,
    restores and shards both states. It never applies gradients itself:
    the GAN's train step calls each child directly.

    `iterations` is the generator optimizer's: one training iteration is one
    generator update (after `d_steps` discriminator updates).

    Args:
        generator_optimizer: optimizer (or identifier) for the generator.
        discriminator_optimizer: optimizer (or identifier) for the
            discriminator. Must be a different instance.

    Example:

    >>> import keras
    >>> pair = GANOptimizer(keras.optimizers.Adam(2e-4), keras.optimizers.Adam(2e-4))
    >>> pair.generator_optimizer.learning_rate.numpy().item() > 0
    True
    """

    def __init__(self, generator_optimizer, discriminator_optimizer, name="gan_optimizer", **kwargs):
        super().__init__(learning_rate=0.0, name=name, **kwargs)
        generator_optimizer = keras.optimizers.get(generator_optimizer)
        discriminator_optimizer = keras.optimizers.get(discriminator_optimizer)
        if _innermost(generator_optimizer) is _innermost(discriminator_optimizer):
            raise ValueError(
                "The generator and the discriminator need two separate optimizer "
                "instances (each keeps its own moments); got the same object twice. "
                "Create a second one, e.g. keras.optimizers.Adam(2e-4, beta_1=0.5)."
            )
        self.generator_optimizer = generator_optimizer
        self.discriminator_optimizer = discriminator_optimizer

    def build(self, var_list=None, generator_variables=None, discriminator_variables=None):
        """Builds each child on its own network's trainable variables.

        Keras calls `build(model.trainable_variables)` on an unbuilt
        optimizer; the pair cannot split that list, so the GAN builds it in
        `compile()` and later calls are no-ops.
        """
        if self.built:
            return
        if generator_variables is None or discriminator_variables is None:
            raise ValueError(
                "GANOptimizer.build needs generator_variables and "
                "discriminator_variables; compile the GAN to build it."
            )
        self.generator_optimizer.build(generator_variables)
        self.discriminator_optimizer.build(discriminator_variables)
        super().build([])

    @property
    def variables(self):
        return (
            self._variables
            + self.generator_optimizer.variables
            + self.discriminator_optimizer.variables
        )

    @property
    def iterations(self):
        return self.generator_optimizer.iterations

    def apply(self, grads, trainable_variables=None):
        raise NotImplementedError(
            "GANOptimizer does not apply gradients; use its generator_optimizer "
            "or discriminator_optimizer."
        )

    def stateless_apply(self, optimizer_variables, grads, trainable_variables):
        self.apply(grads)

    def finalize_variable_values(self, var_list):
        # Each child finalises (e.g. swaps in EMA weights) its own variables.
        for child in (self.generator_optimizer, self.discriminator_optimizer):
            child.finalize_variable_values(child._trainable_variables)

    def get_config(self):
        return {
            "name": self.name,
            "generator_optimizer": keras.saving.serialize_keras_object(self.generator_optimizer),
            "discriminator_optimizer": keras.saving.serialize_keras_object(self.discriminator_optimizer),
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        for key in ("generator_optimizer", "discriminator_optimizer"):
            config[key] = keras.saving.deserialize_keras_object(
                config[key], custom_objects=custom_objects
            )
        return cls(**config)
