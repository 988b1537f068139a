"""The GAN training core: one train step, written in `keras.ops`."""

import inspect

import keras
import numpy as np
from keras import ops

from keras_gans import backend as gradients
from keras_gans import losses as losses_module
from keras_gans.callbacks.checkpoint import fit_with_resume
from keras_gans.data.checks import check_image_batch, peek_batch
from keras_gans.optimizers import GANOptimizer

_METRIC_NAMES = ("d_loss", "g_loss", "d_real", "d_fake")
_FIT_SIGNATURE = inspect.signature(keras.Model.fit)


def _default_optimizer():
    # Radford et al. 2016: Adam, learning rate 2e-4, beta_1 0.5.
    return keras.optimizers.Adam(learning_rate=2e-4, beta_1=0.5)


@keras.saving.register_keras_serializable(package="keras_gans")
class GAN(keras.Model):
    """A generative adversarial network trained with `fit`.

    Holds a `generator` (latent vector to sample) and a `discriminator`
    (sample to one logit), any Keras models. Each training step makes
    `d_steps` discriminator updates, each on its own slice of the batch, then
    one generator update (Goodfellow et al. 2014, Algorithm 1), so a batch of
    `B` samples gives minibatches of `B // d_steps`. Noise comes from a
    `keras.random.SeedGenerator` owned by the model, so a fixed `seed` repeats
    a run and a saved model resumes with the same noise.

    `fit` logs `d_loss`, `g_loss`, `d_real` (the mean of D(x)) and `d_fake`
    (the mean of D(G(z))); `evaluate` reports the same without updating
    anything.

    Args:
        generator: Keras model mapping `(batch, latent_dim)` to samples.
        discriminator: Keras model mapping samples to `(batch, 1)` logits.
        latent_dim: size of the latent vector; read from the generator's
            input when omitted.
        seed: int or None, the seed of the training noise.
        data_range: `(low, high)` of the generator's output (tanh: (-1, 1));
            `fit` rejects data outside it. None for unbounded outputs.

    Example:

    >>> import keras, numpy as np
    >>> generator = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    >>> discriminator = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    >>> gan = GAN(generator, discriminator, seed=0, data_range=None)
    >>> gan.compile()
    >>> history = gan.fit(np.random.normal(size=(64, 1)), batch_size=32, verbose=0)
    >>> sorted(history.history)
    ['d_fake', 'd_loss', 'd_real', 'g_loss']
    >>> gan.generate(3).shape
    (3, 1)
    """

    # Set by subclasses that build their networks from hyperparameters.
    _hyperparameters = None

    def __init__(
        self,
        generator,
        discriminator,
        latent_dim=None,
        seed=None,
        data_range=(-1.0, 1.0),
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.generator = generator
        self.discriminator = discriminator
        self.latent_dim = int(latent_dim or generator.input_shape[-1])
        self.seed = seed
        self.data_range = None if data_range is None else tuple(float(v) for v in data_range)
        self.seed_generator = keras.random.SeedGenerator(seed, name="training_noise")
        # Evaluation draws from its own stream, so validation during `fit`
        # leaves the training noise, and thus the training run, unchanged.
        self.evaluation_seed_generator = keras.random.SeedGenerator(
            None if seed is None else seed + 1, name="evaluation_noise"
        )
        self._trackers = [keras.metrics.Mean(name=name) for name in _METRIC_NAMES]
        self.gan_loss = None
        self.d_steps = 1
        self.built = True

    @property
    def sample_shape(self):
        """The shape of one sample, e.g. `(28, 28, 1)`."""
        return tuple(self.discriminator.input_shape[1:])

    @property
    def g_optimizer(self):
        return self.optimizer.generator_optimizer if self.optimizer else None

    @property
    def d_optimizer(self):
        return self.optimizer.discriminator_optimizer if self.optimizer else None

    @property
    def metrics(self):
        return list(self._trackers)

    def call(self, latent, training=False):
        return self.generator(latent, training=training)

    def compile(
        self,
        g_optimizer=None,
        d_optimizer=None,
        loss="non_saturating",
        label_smoothing=None,
        d_steps=1,
        **kwargs,
    ):
        """Configures the GAN for training.

        Args:
            g_optimizer: the generator's optimizer (instance or name).
                Default: Adam(2e-4, beta_1=0.5).
            d_optimizer: the discriminator's optimizer, a separate instance.
                Default: Adam(2e-4, beta_1=0.5).
            loss: `"non_saturating"` (default), `"minimax"`, or a
                `keras_gans.losses.GANLoss`.
            label_smoothing: one-sided label smoothing, e.g. 0.1 makes the
                real target 0.9. Only with a loss given by name.
            d_steps: discriminator updates per generator update.
            **kwargs: `jit_compile`, `run_eagerly` or `steps_per_execution`,
                as in `keras.Model.compile`.
        """
        if not isinstance(d_steps, (int, np.integer)) or d_steps < 1:
            raise ValueError(f"d_steps must be a positive integer, got {d_steps!r}.")
        optimizer = GANOptimizer(
            g_optimizer if g_optimizer is not None else _default_optimizer(),
            d_optimizer if d_optimizer is not None else _default_optimizer(),
        )
        super().compile(optimizer=optimizer, loss=None, auto_scale_loss=False, **kwargs)
        optimizer.build(
            generator_variables=self.generator.trainable_variables,
            discriminator_variables=self.discriminator.trainable_variables,
        )
        self.gan_loss = losses_module.get(loss, label_smoothing=label_smoothing)
        self.d_steps = int(d_steps)
        self._compile_options = kwargs

    def get_compile_config(self):
        if not self.compiled:
            return {}
        return {
            "g_optimizer": keras.saving.serialize_keras_object(self.g_optimizer),
            "d_optimizer": keras.saving.serialize_keras_object(self.d_optimizer),
            "loss": keras.saving.serialize_keras_object(self.gan_loss),
            "d_steps": self.d_steps,
            **self._compile_options,
        }

    def compile_from_config(self, config):
        config = dict(config)
        for key in ("g_optimizer", "d_optimizer", "loss"):
            config[key] = keras.saving.deserialize_keras_object(config[key])
        self.compile(**config)

    def fit(self, *args, **kwargs):
        """Trains the GAN; the same arguments as `keras.Model.fit`.

        Checks that the data matches the model before the first step. With a
        `keras_gans.callbacks.Checkpoint` among the callbacks, restores its
        latest checkpoint first and continues from there.
        """
        options = _FIT_SIGNATURE.bind(self, *args, **kwargs).arguments
        options.pop("self")
        if options.get("epochs", 1) < 0:
            raise ValueError(f"epochs must be zero or more, got {options['epochs']}.")
        x, y = options.pop("x", None), options.pop("y", None)
        self._check_data(x, "training data")
        validation_data = options.get("validation_data")
        if isinstance(validation_data, tuple):
            validation_data = validation_data[0]
        if validation_data is not None:
            self._check_data(validation_data, "validation data")
        x, y, options = gradients.fit_input(x, y, options)
        return fit_with_resume(self, super().fit, x, y, options)

    def _check_data(self, data, name):
        if not self.compiled:
            raise RuntimeError(
                "Compile the GAN before fitting it, e.g. gan.compile() for the defaults."
            )
        batch = peek_batch(data)
        if batch is not None:
            check_image_batch(batch, self.sample_shape, self.data_range, name)

    # The training step. Everything below is backend-independent except the
    # calls into `keras_gans.backend`.

    def train_step(self, *args):
        return gradients.run_step(self._train_step, self._training_state, *args)

    def test_step(self, *args):
        return gradients.run_step(self._test_step, self._evaluation_state, *args)

    def _training_state(self):
        return (
            self.trainable_variables,
            self.non_trainable_variables,
            self.optimizer.variables,
            self.metrics_variables,
        )

    def _evaluation_state(self):
        return (self.trainable_variables, self.non_trainable_variables, self.metrics_variables)

    def _train_step(self, data):
        real = self._real_samples(data)
        minibatches = self._split(real, self.d_steps)
        for minibatch in minibatches:
            self._discriminator_update(minibatch)
        self._generator_update(ops.shape(minibatches[0])[0])
        return self._logs()

    def _test_step(self, data):
        real = self._real_samples(data)
        latent = self.sample_latent(ops.shape(real)[0], self.evaluation_seed_generator)
        fake = self.generator(latent, training=False)
        real_logits = self.discriminator(real, training=False)
        fake_logits = self.discriminator(fake, training=False)
        self._track_discriminator(
            self.gan_loss.discriminator_loss(real_logits, fake_logits), real_logits, fake_logits
        )
        self._track("g_loss", self.gan_loss.generator_loss(fake_logits))
        return self._logs()

    def sample_latent(self, batch_size, seed_generator=None):
        """Draws a batch of latent vectors, z ~ N(0, I)."""
        return keras.random.normal(
            (batch_size, self.latent_dim), seed=seed_generator or self.seed_generator
        )

    def _discriminator_update(self, real):
        latent = self.sample_latent(ops.shape(real)[0])
        fake = ops.stop_gradient(self.generator(latent, training=True))
        optimizer = self.d_optimizer
        variables = self.discriminator.trainable_variables

        def loss_fn():
            real_logits = self.discriminator(real, training=True)
            fake_logits = self.discriminator(fake, training=True)
            loss = self.gan_loss.discriminator_loss(real_logits, fake_logits)
            return optimizer.scale_loss(loss), (loss, real_logits, fake_logits)

        (_, aux), grads = gradients.value_and_grad(loss_fn, variables)
        gradients.apply_gradients(optimizer, grads, variables)
        self._track_discriminator(*aux)

    def _generator_update(self, batch_size):
        latent = self.sample_latent(batch_size)
        optimizer = self.g_optimizer
        variables = self.generator.trainable_variables

        def loss_fn():
            fake = self.generator(latent, training=True)
            loss = self.gan_loss.generator_loss(self.discriminator(fake, training=True))
            return optimizer.scale_loss(loss), loss

        (_, loss), grads = gradients.value_and_grad(loss_fn, variables)
        gradients.apply_gradients(optimizer, grads, variables)
        self._track("g_loss", loss)

    def _real_samples(self, data):
        real, _, _ = keras.utils.unpack_x_y_sample_weight(data)
        if isinstance(real, (tuple, list)):
            real = real[0]
        shape = tuple(real.shape[1:])
        if shape != self.sample_shape:
            raise ValueError(
                f"The GAN was given samples of shape {shape}, but its discriminator "
                f"expects {self.sample_shape}. Reshape the data or build the model "
                f"for shape {shape}."
            )
        if real.shape[0] is not None and real.shape[0] < self.d_steps:
            raise ValueError(
                f"A batch of {real.shape[0]} samples cannot feed d_steps={self.d_steps} "
                "discriminator updates; use a batch size that is a multiple of d_steps."
            )
        return ops.cast(real, self.compute_dtype)

    @staticmethod
    def _split(batch, parts):
        if parts == 1:
            return [batch]
        size = ops.shape(batch)[0] // parts
        return [batch[i * size : (i + 1) * size] for i in range(parts)]

    def _track(self, name, value):
        tracker = self._trackers[_METRIC_NAMES.index(name)]
        tracker.update_state(ops.stop_gradient(value))

    def _track_discriminator(self, loss, real_logits, fake_logits):
        score = self.gan_loss.discriminator_score
        self._track("d_loss", loss)
        self._track("d_real", ops.mean(score(ops.stop_gradient(real_logits))))
        self._track("d_fake", ops.mean(score(ops.stop_gradient(fake_logits))))

    def _logs(self):
        return {tracker.name: tracker.result() for tracker in self._trackers}

    # Sampling.

    def generate(self, num_samples=None, latent=None, seed=None, batch_size=256):
        """Generates samples as a NumPy array.

        Args:
            num_samples: how many samples to draw (z ~ N(0, I) from NumPy, so
                the same `seed` gives the same z on every backend).
            latent: or an explicit `(n, latent_dim)` array of latent vectors.
            seed: seed for drawing the latent vectors.
            batch_size: samples generated per generator call.
        """
        if (num_samples is None) == (latent is None):
            raise ValueError("Pass exactly one of num_samples or latent.")
        if latent is None:
            if int(num_samples) < 1:
                raise ValueError(f"num_samples must be at least 1, got {num_samples}.")
            latent = np.random.default_rng(seed).standard_normal((int(num_samples), self.latent_dim))
        latent = np.asarray(latent, dtype="float32")
        if latent.ndim != 2 or latent.shape[1] != self.latent_dim:
            raise ValueError(
                f"latent must have shape (n, {self.latent_dim}), got {latent.shape}."
            )
        batches = [
            self.generator.predict_on_batch(latent[i : i + batch_size])
            for i in range(0, len(latent), batch_size)
        ]
        return np.concatenate(batches).astype("float32")

    # Saving. Keras saves no seed-generator state; save every one in the
    # model (the training noise, dropout layers' seeds) so a reloaded model
    # resumes exactly.

    def _random_states(self):
        return [
            generator.state
            for layer in self._flatten_layers(include_self=True)
            for generator in layer._seed_generators
        ]

    def _own_state(self):
        return self._trainable_variables + self._non_trainable_variables + self._random_states()

    def save_own_variables(self, store):
        for i, variable in enumerate(self._own_state()):
            store[str(i)] = variable.numpy()

    def load_own_variables(self, store):
        variables = self._own_state()
        if len(store.keys()) != len(variables):
            raise ValueError(
                f"The saved {type(self).__name__} has {len(store.keys())} own state "
                f"variables but this model has {len(variables)}; the file was "
                "written by a model with a different architecture."
            )
        for i, variable in enumerate(variables):
            variable.assign(store[str(i)])

    def get_config(self):
        config = {"name": self.name, "seed": self.seed}
        if self._hyperparameters is not None:
            # A subclass that builds its own networks is rebuilt from these.
            return {**config, **self._hyperparameters}
        return {
            **config,
            "generator": keras.saving.serialize_keras_object(self.generator),
            "discriminator": keras.saving.serialize_keras_object(self.discriminator),
            "latent_dim": self.latent_dim,
            "data_range": self.data_range,
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        for key in ("generator", "discriminator"):
            if key in config:
                config[key] = keras.saving.deserialize_keras_object(
                    config[key], custom_objects=custom_objects
                )
        return cls(**config)
