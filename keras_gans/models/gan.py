"""The GAN training core: one train step, written in `keras.ops`."""

import inspect

import keras
import numpy as np
from keras import ops

from keras_gans import backend as gradients
from keras_gans import losses as losses_module
from keras_gans import penalties
from keras_gans.callbacks.checkpoint import fit_with_resume
from keras_gans.data.checks import check_image_batch, peek_batch
from keras_gans.mode_seeking import mode_seeking_loss, repeat_pairs
from keras_gans.optimizers import GANOptimizer
from keras_gans.top_k import kept_fraction, top_k_generator_loss
from keras_gans.unrolling import check_update, unrolled_step
from keras_gans.utils.batching import predict_batch
from keras_gans.utils.names import unknown_name

_FIT_SIGNATURE = inspect.signature(keras.Model.fit)


def pack(samples, packing):
    """Groups `(batch, ..., c)` samples into `(batch / packing, ..., packing · c)`.

    Samples `packing·i` to `packing·i + packing - 1` form group i, side by
    side along the last axis.

    Example:

    >>> import numpy as np
    >>> keras.ops.convert_to_numpy(pack(np.arange(8.0).reshape(4, 2), 2)).tolist()
    [[0.0, 1.0, 2.0, 3.0], [4.0, 5.0, 6.0, 7.0]]
    """
    if packing == 1:
        return samples
    shape = tuple(samples.shape[1:])
    groups = ops.reshape(samples, (-1, packing, *shape))
    groups = ops.moveaxis(groups, 1, -2)
    return ops.reshape(groups, (-1, *shape[:-1], packing * shape[-1]))


def draw_latent(num_samples, noise_dim, latent_categories=0, latent_category_scale=1.0, seed=None, categories=None):
    """`(num_samples, noise_dim + latent_categories)` latent vectors drawn with
    NumPy: N(0, I) noise, then with K > 0 a one-hot category (uniform, or
    `categories`) whose hot entry is `latent_category_scale`."""
    rng = np.random.default_rng(seed)
    num_samples = int(num_samples)
    noise = rng.standard_normal((num_samples, noise_dim))
    if not latent_categories:
        if categories is not None:
            raise ValueError("categories needs a model built with latent_categories.")
        return noise.astype("float32")
    if categories is None:
        categories = rng.integers(0, latent_categories, num_samples)
    categories = np.asarray(categories).reshape(-1)
    in_range = (categories >= 0) & (categories < latent_categories)
    if categories.shape != (num_samples,) or not np.all(in_range):
        raise ValueError(
            f"categories must be {num_samples} integers from 0 to {latent_categories - 1}, got {categories!r}."
        )
    one_hot = latent_category_scale * np.eye(latent_categories)[categories]
    return np.concatenate([noise, one_hot], axis=-1).astype("float32")


def _checked_packing(packing, sample_shape, discriminator):
    if not isinstance(packing, (int, np.integer)) or packing < 1:
        raise ValueError(f"packing must be a positive integer, got {packing!r}.")
    if packing == 1:
        return 1
    packed = (*sample_shape[:-1], packing * sample_shape[-1])
    inputs = discriminator.inputs if hasattr(discriminator, "inputs") else None
    if not inputs or len(inputs) != 1 or tuple(inputs[0].shape[1:]) != packed:
        raise ValueError(
            f"With packing={packing} the discriminator must take one input of shape {packed} "
            f"({packing} samples of shape {sample_shape} side by side); build it for that shape."
        )
    return int(packing)


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
        packing: PacGAN's m (Lin et al. 2018): the discriminator judges
            groups of m samples, all real or all generated, concatenated
            along the last axis, so it must take samples with m times the
            channels (see `pack`); it then sees a collapsed generator's
            lack of variety. The batch size must be a multiple of m.
        latent_categories: K > 0 makes the last K entries of the latent
            vector a one-hot category drawn uniformly from K, the rest
            N(0, I). A continuous generator maps a connected latent space
            to a connected set, so it must leave samples between separate
            modes; K categories cut the latent space into K pieces that
            can land on different modes (Gurumurthy et al. 2017,
            Khayatkhoei et al. 2018).
        latent_category_scale: the value of the one-hot's hot entry. Above
            1 the category outweighs the noise in the generator's first
            layer, so the generator is led to split the modes by category
            rather than by noise (docs/techniques.md measures 4 on the 2D
            mixtures).

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
    # What `fit` logs; subclasses with extra loss terms add theirs.
    metric_names = ("d_loss", "g_loss", "d_real", "d_fake")
    # Set by a generator-only zoo load: the discriminator has no trained weights.
    generator_only = False

    def __init__(
        self,
        generator,
        discriminator,
        latent_dim=None,
        seed=None,
        data_range=(-1.0, 1.0),
        packing=1,
        latent_categories=0,
        latent_category_scale=1.0,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.generator = generator
        self.discriminator = discriminator
        self.latent_dim = int(latent_dim or generator.input_shape[-1])
        self.latent_categories = self._checked_latent_categories(latent_categories)
        self.latent_category_scale = float(latent_category_scale)
        if not self.latent_category_scale > 0:
            raise ValueError(f"latent_category_scale must be positive, got {latent_category_scale!r}.")
        self.seed = seed
        self.data_range = None if data_range is None else tuple(float(v) for v in data_range)
        self.packing = _checked_packing(packing, self.sample_shape, discriminator)
        self.seed_generator = keras.random.SeedGenerator(seed, name="training_noise")
        # Evaluation draws from its own stream, so validation during `fit`
        # leaves the training noise, and thus the training run, unchanged.
        self.evaluation_seed_generator = keras.random.SeedGenerator(
            None if seed is None else seed + 1, name="evaluation_noise"
        )
        self._trackers = [keras.metrics.Mean(name=name) for name in self.metric_names]
        self.gan_loss = None
        self.d_steps = 1
        self.generator_ema = None
        self.ema_generator = None
        self.feature_matching = None
        self.unrolled_steps = 0
        self.unrolled_update = "gradient_descent"
        self.historical_averaging = None
        self.mode_seeking = None
        self._historical_averages = []
        self.built = True

    # Our arguments that a subclass building its own networks takes through
    # **kwargs, so its config must save them beside its hyperparameters.
    _passed_on_arguments = ("data_range",)

    # False in subclasses whose generator takes labels or codes: a
    # categorical latent would repeat the condition they already have.
    _unconditioned_generator = True

    def _checked_latent_categories(self, categories):
        if not categories:
            return 0
        if not self._unconditioned_generator:
            raise ValueError(
                f"{type(self).__name__} does not take latent_categories: its generator is already "
                "conditioned on labels or codes. Use GAN, VanillaGAN or DCGAN for a categorical latent."
            )
        if isinstance(categories, bool) or not isinstance(categories, (int, np.integer)) or not (
            2 <= categories < self.latent_dim
        ):
            raise ValueError(
                f"latent_categories must be an integer of at least 2 and below the latent vector's "
                f"{self.latent_dim} entries (some must stay Gaussian noise), got {categories!r}."
            )
        return int(categories)

    @property
    def noise_dim(self):
        """How many entries of the latent vector are N(0, 1) noise."""
        return self.latent_dim - self.latent_categories

    @property
    def sample_shape(self):
        """The shape of one sample, e.g. `(28, 28, 1)`: the generator's output.

        Read from the generator, whose output is one tensor for every model,
        where a conditional discriminator takes `[samples, labels]`.
        """
        return tuple(self.generator.output_shape[1:])

    @property
    def g_optimizer(self):
        return self.optimizer.generator_optimizer if self.optimizer else None

    @property
    def d_optimizer(self):
        return self.optimizer.discriminator_optimizer if self.optimizer else None

    @property
    def metrics(self):
        return list(self._trackers)

    @property
    def sampler(self):
        """The network that draws samples: the generator's moving average
        when compiled with `generator_ema`, else the generator itself."""
        return self.ema_generator if self.generator_ema else self.generator

    @property
    def preset_networks(self):
        """`{attribute: needed to generate}`: the networks a zoo preset stores."""
        networks = {"generator": True, "discriminator": False}
        if self.ema_generator is not None:
            networks["ema_generator"] = True
        return networks

    def call(self, latent, training=False):
        return (self.generator if training else self.sampler)(latent, training=training)

    def compile(
        self,
        g_optimizer=None,
        d_optimizer=None,
        loss="non_saturating",
        label_smoothing=None,
        d_steps=1,
        penalty=None,
        generator_ema=None,
        feature_matching=None,
        unrolled_steps=0,
        unrolled_learning_rate=None,
        unrolled_update="gradient_descent",
        historical_averaging=None,
        top_k=None,
        top_k_decay_steps=None,
        mode_seeking=None,
        auto_scale_loss=True,
        **kwargs,
    ):
        """Configures the GAN for training.

        Args:
            g_optimizer: the generator's optimizer (instance or name).
                Default: Adam(2e-4, beta_1=0.5).
            d_optimizer: the discriminator's optimizer, a separate instance.
                Default: Adam(2e-4, beta_1=0.5).
            loss: `"non_saturating"` (default), another name from
                `keras_gans.losses.available()` (`"wasserstein"`,
                `"wgan_gp"`, `"hinge"`, `"least_squares"`, `"fgan_kl"`, ...),
                or a `keras_gans.losses.GANLoss`.
            label_smoothing: one-sided label smoothing, e.g. 0.1 makes the
                real target 0.9. Only for the cross-entropy losses.
            d_steps: discriminator updates per generator update.
            penalty: a gradient penalty added to the discriminator's loss:
                `"gradient"`, `"r1"` or a `keras_gans.penalties.Penalty`
                (e.g. `R1Penalty(weight=1.0)`). The `"wgan_gp"` loss has
                its own.
            generator_ema: e.g. 0.999: keep an exponential moving average
                of the generator's weights, updated after every generator
                update, in `ema_generator`; `generate` and export then use
                it (Yazıcı et al. 2019). After t generator updates the
                momentum is `min(generator_ema, (1 + t) / (10 + t))`, so
                short runs are not weighed down by the initial weights.
                None: off.
            feature_matching: the generator minimises
                `‖E f(x) - E f(G(z))‖²` instead of its adversarial loss
                (Salimans et al. 2016), f being a discriminator layer's
                output: a layer name, or True for the features the
                discriminator's last layer reads. None: off.
            unrolled_steps: k of the unrolled GAN (Metz et al. 2017): the
                generator's loss is taken against the discriminator after k
                more steps on the current minibatch, and its gradient flows
                through those steps (second order), so the generator
                anticipates how the discriminator will react. The unrolled
                steps are a copy; the discriminator itself is updated as
                usual. 0: off.
            unrolled_learning_rate: the step size of the unrolled steps.
                Default: for `"gradient_descent"`, the discriminator
                optimizer's rate at compile time; for `"adam"`, its rate
                at each step (schedules included). Plain gradient steps are
                not normalised as Adam's are, so a rate that suits Adam
                moves the copy far less.
            unrolled_update: how the copy steps. `"gradient_descent"`
                (default): `θ ← θ − η·g`. `"adam"`: the discriminator's own
                Adam update, continued from its optimizer's moment
                estimates and step count, as Metz et al. unroll it (the
                discriminator must train with `keras.optimizers.Adam`).
                See `keras_gans.unrolling`.
            historical_averaging: a weight w: each network's loss gets
                `w · ‖θ - θ̄‖²`, θ̄ the average of its parameters after every
                step so far (Salimans et al. 2016), which damps
                oscillation. None: off.
            top_k: the generator learns only from the fakes the
                discriminator scores highest (Sinha et al. 2020): a
                fraction of the batch, e.g. 0.5, the least kept. Fakes
                stranded between modes then stop pulling the rest off
                theirs. None: off.
            top_k_decay_steps: anneal the kept fraction from the whole
                batch down to `top_k`, by 1 % every this many generator
                steps (the paper: one epoch). None: `top_k` from the start.
            mode_seeking: a weight λ: pairs of fakes whose latents differ
                in the noise alone (the same category with
                `latent_categories`; the same class, codes or caption for a
                conditioned model) add `λ / (mean|G(z₁) − G(z₂)| /
                mean|z₁ − z₂| + ε)` to the generator's loss (Mao et al.
                2019), so distinct noise keeps making distinct samples.
                None: off.
            auto_scale_loss: under the `"mixed_float16"` dtype policy, wrap
                each optimizer in a `keras.optimizers.LossScaleOptimizer`
                (Keras wraps only `model.optimizer`, which here is the pair).
                Each network then has its own dynamic loss scale; a step
                with non-finite gradients halves it and is skipped.
            **kwargs: `jit_compile`, `run_eagerly` or `steps_per_execution`,
                as in `keras.Model.compile`.
        """
        if not isinstance(d_steps, (int, np.integer)) or d_steps < 1:
            raise ValueError(f"d_steps must be a positive integer, got {d_steps!r}.")
        optimizer = GANOptimizer(
            self._loss_scaled(g_optimizer, auto_scale_loss),
            self._loss_scaled(d_optimizer, auto_scale_loss),
        )
        super().compile(optimizer=optimizer, loss=None, auto_scale_loss=False, **kwargs)
        optimizer.build(
            generator_variables=self.generator.trainable_variables,
            discriminator_variables=self.discriminator.trainable_variables,
        )
        self.gan_loss = losses_module.get(loss, label_smoothing=label_smoothing)
        self.d_steps = int(d_steps)
        self._explicit_penalty = penalties.get(penalty)
        if self._explicit_penalty is not None and self.gan_loss.penalty is not None:
            raise ValueError(
                f"The loss {self.gan_loss!r} brings its own penalty; pass penalty=None, or use "
                "loss='wasserstein' with WassersteinLoss(clip_value=None) and your penalty."
            )
        self.penalty = self._explicit_penalty or self.gan_loss.penalty
        self._set_generator_ema(generator_ema)
        self._set_feature_matching(feature_matching)
        self._set_unrolling(unrolled_steps, unrolled_learning_rate, unrolled_update)
        self._set_historical_averaging(historical_averaging)
        self._set_top_k(top_k, top_k_decay_steps)
        self._set_mode_seeking(mode_seeking)
        self._compile_options = kwargs

    def _set_generator_ema(self, momentum):
        if momentum is not None and not 0.0 < float(momentum) < 1.0:
            raise ValueError(f"generator_ema must be in (0, 1), e.g. 0.999, or None; got {momentum}.")
        self.generator_ema = None if momentum is None else float(momentum)
        if self.generator_ema and self.ema_generator is None:
            ema = keras.models.clone_model(self.generator)
            ema.set_weights(self.generator.get_weights())
            # Non-trainable: no optimizer touches it, and every backend's
            # trainer carries it as state.
            ema.trainable = False
            self.ema_generator = ema

    def _set_feature_matching(self, layer_name):
        self.feature_matching = layer_name or None
        self._feature_model = None
        if not layer_name:
            return
        discriminator = self.discriminator
        if layer_name is True:
            features = discriminator.layers[-1].input
        else:
            names = [layer.name for layer in discriminator.layers]
            if layer_name not in names:
                raise ValueError(unknown_name(f"layer of {discriminator.name}", layer_name, names))
            features = discriminator.get_layer(layer_name).output
        inputs = discriminator.inputs if len(discriminator.inputs) > 1 else discriminator.inputs[0]
        self._feature_model = keras.Model(inputs, features, name="discriminator_features")

    def _set_unrolling(self, steps, learning_rate, update):
        if not isinstance(steps, (int, np.integer)) or steps < 0:
            raise ValueError(f"unrolled_steps must be a non-negative integer, got {steps!r}.")
        check_update(update, self.d_optimizer if steps else None)
        self.unrolled_steps = int(steps)
        self.unrolled_update = update
        self.unrolled_learning_rate = None
        if steps and (learning_rate is not None or update == "gradient_descent"):
            if learning_rate is None:
                learning_rate = float(keras.ops.convert_to_numpy(self.d_optimizer.learning_rate))
            if not float(learning_rate) > 0:
                raise ValueError(f"unrolled_learning_rate must be positive, got {learning_rate}.")
            self.unrolled_learning_rate = float(learning_rate)

    def _set_historical_averaging(self, weight):
        if weight is not None and not float(weight) > 0:
            raise ValueError(f"historical_averaging must be a positive weight or None, got {weight}.")
        self.historical_averaging = None if weight is None else float(weight)
        if self.historical_averaging and not self._historical_averages:
            # Model state, so every backend carries it and checkpoints keep it;
            # it starts at the initial parameters, the average of one.
            self._historical_averages = [
                self.add_weight(shape=v.shape, initializer=keras.initializers.Constant(v.numpy()),
                                trainable=False, name=f"historical_{i}")
                for i, v in enumerate(self._historical_parameters())
            ]
            self._historical_count = self.add_weight(shape=(), initializer="ones", trainable=False, name="historical_count")

    def _set_top_k(self, fraction, decay_steps):
        if fraction is not None and not 0.0 < float(fraction) <= 1.0:
            raise ValueError(f"top_k must be a fraction of the batch in (0, 1], e.g. 0.5, or None; got {fraction}.")
        if decay_steps is not None and not (isinstance(decay_steps, (int, np.integer)) and decay_steps > 0):
            raise ValueError(f"top_k_decay_steps must be a positive integer or None, got {decay_steps!r}.")
        if fraction is None and decay_steps is not None:
            raise ValueError("top_k_decay_steps anneals towards top_k; set top_k too, e.g. top_k=0.5.")
        if fraction is not None and self.feature_matching:
            raise ValueError("top_k selects fakes by their logits, which feature matching does not use; pick one.")
        self.top_k = None if fraction is None else float(fraction)
        self.top_k_decay_steps = None if decay_steps is None else int(decay_steps)

    def _set_mode_seeking(self, weight):
        if weight is not None and not float(weight) > 0:
            raise ValueError(f"mode_seeking must be a positive weight or None, got {weight}.")
        self.mode_seeking = None if weight is None else float(weight)

    def _adversarial_generator_loss(self, logits):
        if self.top_k is None:
            return self.gan_loss.generator_loss(logits)
        fraction = kept_fraction(self.g_optimizer.iterations, self.top_k, self.top_k_decay_steps)
        return top_k_generator_loss(self.gan_loss, logits, fraction)

    def _historical_parameters(self):
        return self.generator.trainable_variables + self.discriminator.trainable_variables

    def _historical_penalty(self, network):
        if not self.historical_averaging:
            return 0.0
        pairs = zip(self._historical_parameters(), self._historical_averages)
        mine = {id(v) for v in network.trainable_variables}
        distance = sum(ops.sum(ops.square(v - average)) for v, average in pairs if id(v) in mine)
        return self.historical_averaging * distance

    def _update_historical_averages(self):
        if not self.historical_averaging:
            return
        count = self._historical_count + 1.0
        for v, average in zip(self._historical_parameters(), self._historical_averages):
            average.assign(average + (v - average) / count)
        self._historical_count.assign(count)

    def _unrolled_logits(self, real, condition, fake, fake_condition):
        """D's logits on `fake` after `unrolled_steps` differentiable
        steps of D on `(real, fake)`, by the `unrolled_update` rule."""
        discriminator = self.discriminator
        non_trainable = [v.value for v in discriminator.non_trainable_variables]

        def logits_with(values, samples, sample_condition):
            inputs = self.discriminator_inputs(samples, sample_condition)
            outputs, _ = discriminator.stateless_call(values, non_trainable, inputs, training=True)
            # Multi-output discriminators (AC-GAN, InfoGAN) give the logits first.
            return outputs[0] if isinstance(outputs, (list, tuple)) else outputs

        def discriminator_loss(values):
            return self.gan_loss.discriminator_loss(
                logits_with(values, real, condition), logits_with(values, fake, fake_condition)
            )

        variables = discriminator.trainable_variables
        step = unrolled_step(self.unrolled_update, self.d_optimizer, variables, self.unrolled_learning_rate)
        values = [v.value for v in variables]
        for _ in range(self.unrolled_steps):
            values = step(values, gradients.input_gradient(discriminator_loss, values))
        return logits_with(values, fake, fake_condition)

    def _feature_matching_loss(self, real, condition, fake, fake_condition):
        real_features = self._feature_model(self.discriminator_inputs(real, condition), training=True)
        fake_features = self._feature_model(self.discriminator_inputs(fake, fake_condition), training=True)
        real_mean = ops.stop_gradient(ops.mean(ops.cast(real_features, "float32"), axis=0))
        fake_mean = ops.mean(ops.cast(fake_features, "float32"), axis=0)
        return ops.sum(ops.square(real_mean - fake_mean))

    def _loss_scaled(self, optimizer, auto_scale_loss):
        optimizer = keras.optimizers.get(optimizer if optimizer is not None else _default_optimizer())
        if (
            auto_scale_loss
            and self.dtype_policy.name == "mixed_float16"
            and not isinstance(optimizer, keras.optimizers.LossScaleOptimizer)
        ):
            # float16 gradients underflow to zero without a loss scale.
            return keras.optimizers.LossScaleOptimizer(optimizer, name=f"loss_scale_{optimizer.name}")
        return optimizer

    def get_compile_config(self):
        if not self.compiled:
            return {}
        return {
            "g_optimizer": keras.saving.serialize_keras_object(self.g_optimizer),
            "d_optimizer": keras.saving.serialize_keras_object(self.d_optimizer),
            "loss": keras.saving.serialize_keras_object(self.gan_loss),
            "d_steps": self.d_steps,
            "penalty": keras.saving.serialize_keras_object(self._explicit_penalty),
            "generator_ema": self.generator_ema,
            "feature_matching": self.feature_matching,
            "unrolled_steps": self.unrolled_steps,
            "unrolled_learning_rate": self.unrolled_learning_rate,
            "unrolled_update": self.unrolled_update,
            "historical_averaging": self.historical_averaging,
            "top_k": self.top_k,
            "top_k_decay_steps": self.top_k_decay_steps,
            "mode_seeking": self.mode_seeking,
            **self._compile_options,
        }

    def compile_from_config(self, config):
        config = dict(config)
        for key in ("g_optimizer", "d_optimizer", "loss", "penalty"):
            config[key] = keras.saving.deserialize_keras_object(config.get(key))
        self.compile(**config)

    @classmethod
    def from_preset(cls, name, generator_only=False):
        """Loads a pretrained model of this class from the zoo.

        Args:
            name: a preset name (`keras_gans.zoo.list()`), directory or URL,
                as for `keras_gans.zoo.load`.
            generator_only: read only what generating needs.

        Example:

        >>> from keras_gans.models import DCGAN
        >>> gan = DCGAN.from_preset("dcgan_fashion_mnist", generator_only=True)
        >>> gan.generate(2, seed=0).shape
        (2, 28, 28, 1)
        """
        from keras_gans import zoo

        model = zoo.load(name, generator_only=generator_only)
        if not isinstance(model, cls):
            raise ValueError(
                f"The preset {name!r} holds a {type(model).__name__}, not a {cls.__name__}. Load it "
                f"with {type(model).__name__}.from_preset or keras_gans.zoo.load."
            )
        return model

    def fit(self, *args, **kwargs):
        """Trains the GAN; the same arguments as `keras.Model.fit`.

        Checks that the data matches the model before the first step. With a
        `keras_gans.callbacks.Checkpoint` among the callbacks, restores its
        latest checkpoint first and continues from there.
        """
        if self.generator_only:
            raise RuntimeError(
                f"This {type(self).__name__} was loaded with generator_only=True: its discriminator "
                "has no trained weights. Load the preset with generator_only=False to train it."
            )
        options = _FIT_SIGNATURE.bind(self, *args, **kwargs).arguments
        options.pop("self")
        if options.get("epochs", 1) < 0:
            raise ValueError(f"epochs must be zero or more, got {options['epochs']}.")
        x, y = options.pop("x", None), options.pop("y", None)
        if not self.compiled:
            raise RuntimeError(
                f"Compile the {type(self).__name__} before fitting it, e.g. "
                "model.compile() for the defaults."
            )
        self._check_data(x, y, "training data")
        self._check_packed_batches(x, options.get("batch_size"))
        validation_data = options.get("validation_data")
        if validation_data is not None:
            if isinstance(validation_data, tuple):
                self._check_data(*validation_data[:2], "validation data")
            else:
                self._check_data(validation_data, None, "validation data")
        x, y, options = gradients.fit_input(x, y, options)
        return fit_with_resume(self, super().fit, x, y, options)

    def _check_data(self, x, y, name):
        """Checks the first batch of `x` (and labels `y`) before training."""
        samples, labels = peek_batch(x)
        if samples is not None:
            check_image_batch(samples, self.sample_shape, self.data_range, name)
        self._check_labels(samples, labels if y is None else y, name)

    def _check_packed_batches(self, x, batch_size):
        """With packing, every batch must split into whole packed groups.

        Checked here because a pipeline's batch size is only known when a
        batch arrives inside the compiled step.
        """
        if self.packing == 1:
            return
        if isinstance(x, np.ndarray):
            batch_size = batch_size or 32
            sizes = {batch_size, len(x) % batch_size or batch_size}
        else:
            samples, _ = peek_batch(x)
            sizes = set() if samples is None else {len(samples)}
        self._check_packed_sizes(sizes)

    def _check_packed_sizes(self, sizes):
        group = self.packing * self.d_steps
        if self.packing > 1 and any(size % group for size in sizes):
            raise ValueError(
                f"Batches of {sorted(sizes)} samples do not split into groups of packing={self.packing} "
                f"(after d_steps={self.d_steps}); use a batch size that is a multiple of {group}, and "
                "drop the last partial batch."
            )

    def _check_labels(self, samples, labels, name):
        """Checks the labels of the first batch; unconditional GANs ignore them."""

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
        real, condition = self._unpack(data)
        minibatches = self._split(real, condition, self.d_steps)
        for real_part, condition_part in minibatches:
            self._discriminator_update(real_part, condition_part)
        self._generator_update(*minibatches[0])
        self._update_generator_ema()
        self._update_historical_averages()
        return self._logs()

    def _test_step(self, data):
        real, condition = self._unpack(data)
        inputs, fake_condition = self.generator_inputs(
            ops.shape(real)[0], condition, self.evaluation_seed_generator
        )
        fake = self.generator(inputs, training=False)
        _, d_results, fake_aux = self._discriminator_loss(real, condition, fake, fake_condition, training=False)
        fake_logits = d_results[2]
        _, g_logs = self._generator_extra_loss(fake_aux, fake_condition)
        self._track_discriminator(*d_results)
        self._track_all({"g_loss": self.gan_loss.generator_loss(fake_logits), **g_logs})
        return self._logs()

    # What a subclass changes to condition the networks or add loss terms.

    def sample_latent(self, batch_size, seed_generator=None, paired=False):
        """Draws a batch of latent vectors: z ~ N(0, I), then the (scaled)
        one-hot category when `latent_categories` is set.

        `paired`: rows 2j and 2j + 1 share their category (mode seeking).
        """
        seed = seed_generator or self.seed_generator

        def draw(n):
            noise = keras.random.normal((n, self.noise_dim), seed=seed)
            if not self.latent_categories:
                return noise
            if paired:
                category = keras.random.randint(((n + 1) // 2,), 0, self.latent_categories, seed=seed)
                category = repeat_pairs(category, n)
            else:
                category = keras.random.randint((n,), 0, self.latent_categories, seed=seed)
            one_hot = ops.one_hot(category, self.latent_categories, dtype=noise.dtype)
            return ops.concatenate([noise, self.latent_category_scale * one_hot], axis=-1)

        return gradients.replica_rows(draw, batch_size)

    def generator_inputs(self, batch_size, condition=None, seed_generator=None, paired=False):
        """Draws the generator's inputs for one batch of fake samples.

        Returns `(inputs, fake_condition)`: what `self.generator` takes, and
        what the discriminator is told about the fakes (class labels for a
        conditional GAN, the latent codes for InfoGAN, None here).
        `condition` is the real minibatch's condition. `paired`: rows 2j
        and 2j + 1 differ in their noise alone (mode seeking).
        """
        return self.sample_latent(batch_size, seed_generator, paired), None

    def discriminator_inputs(self, samples, condition=None):
        """What the discriminator takes: the samples (packed in groups of
        `packing`), and a conditional model's condition."""
        return pack(samples, self.packing)

    def discriminate(self, samples, condition=None, training=False):
        """Returns `(logits, auxiliary_outputs)` of the discriminator."""
        return self.discriminator(self.discriminator_inputs(samples, condition), training=training), None

    def _discriminator_loss(self, real, condition, fake, fake_condition, training):
        """The discriminator's loss on one minibatch of real and fake samples.

        Returns `(total, (adversarial, real_logits, fake_logits, logs),
        fake_aux)`: what is minimised, what is logged, and the
        discriminator's auxiliary outputs on the fakes.
        """
        real_logits, real_aux = self.discriminate(real, condition, training=training)
        fake_logits, fake_aux = self.discriminate(fake, fake_condition, training=training)
        loss = self.gan_loss.discriminator_loss(real_logits, fake_logits)
        extra, logs = self._discriminator_extra_loss(real_aux, condition, fake_aux, fake_condition)
        return loss + extra, (loss, real_logits, fake_logits, logs), fake_aux

    def _generator_condition(self, condition):
        """The condition the generator trains on, given the real minibatch's.

        The real one here; a model can add conditions no real sample has
        (GAN-INT's interpolated text), which only the generator sees.
        """
        return condition

    def _discriminator_extra_loss(self, real_aux, real_condition, fake_aux, fake_condition):
        """Terms added to the adversarial discriminator loss: `(loss, logs)`."""
        return 0.0, {}

    def _generator_extra_loss(self, fake_aux, fake_condition):
        """Terms added to the adversarial generator loss: `(loss, logs)`."""
        return 0.0, {}

    def _unpack(self, data):
        """Splits a training batch into `(samples, condition)`."""
        samples, _, _ = keras.utils.unpack_x_y_sample_weight(data)
        if isinstance(samples, (tuple, list)):
            samples = samples[0]
        return self._checked_samples(samples), None

    def _discriminator_update(self, real, condition):
        inputs, fake_condition = self.generator_inputs(ops.shape(real)[0], condition)
        fake = ops.stop_gradient(self.generator(inputs, training=True))
        optimizer = self.d_optimizer
        variables = self.discriminator.trainable_variables

        def loss_fn():
            total, results, _ = self._discriminator_loss(real, condition, fake, fake_condition, training=True)
            total = total + self._penalty_loss(real, condition, fake) + self._historical_penalty(self.discriminator)
            return optimizer.scale_loss(total), results

        (_, aux), grads = gradients.value_and_grad(loss_fn, variables)
        gradients.apply_gradients(optimizer, grads, variables)
        self._clip_discriminator_weights()
        self._track_discriminator(*aux)

    def _penalty_loss(self, real, condition, fake):
        if self.penalty is None:
            return 0.0

        def critic(samples):
            # A conditional critic is judged on the real minibatch's condition.
            logits, _ = self.discriminate(samples, condition, training=True)
            return ops.cast(logits, "float32")

        return self.penalty(critic, real, fake, self.seed_generator)

    def _update_generator_ema(self):
        if not self.generator_ema:
            return
        # At a fixed 0.999 the average still holds 5 % of the initial
        # weights after 3,000 steps; ramping the momentum over the first
        # updates t as (1 + t) / (10 + t) keeps the average to about the
        # last ninth of the run until the ramp reaches the requested momentum.
        updates = ops.cast(self.g_optimizer.iterations, "float32")
        momentum = ops.minimum(self.generator_ema, (1.0 + updates) / (10.0 + updates))
        for average, weight in zip(self.ema_generator.weights, self.generator.weights):
            rate = ops.cast(momentum, average.dtype)
            average.assign(rate * average + (1.0 - rate) * ops.cast(weight, average.dtype))

    def _clip_discriminator_weights(self):
        clip_value = self.gan_loss.clip_value
        if clip_value is None:
            return
        for variable in self.discriminator.trainable_variables:
            variable.assign(ops.clip(variable, -clip_value, clip_value))

    def _generator_update(self, real, real_condition):
        condition = self._generator_condition(real_condition)
        batch_size = ops.shape(real)[0] if condition is None else ops.shape(condition)[0]
        inputs, fake_condition = self.generator_inputs(batch_size, condition, paired=bool(self.mode_seeking))
        optimizer = self.g_optimizer
        variables = self.generator.trainable_variables

        def loss_fn():
            fake = self.generator(inputs, training=True)
            logits, fake_aux = self.discriminate(fake, fake_condition, training=True)
            if self.unrolled_steps:
                logits = self._unrolled_logits(real, real_condition, fake, fake_condition)
            if self.feature_matching:
                loss = logged = self._feature_matching_loss(real, real_condition, fake, fake_condition)
            else:
                loss = self._adversarial_generator_loss(logits)
                # Logged over the whole batch, comparable with and without top_k.
                logged = self.gan_loss.generator_loss(logits) if self.top_k else loss
            extra, logs = self._generator_extra_loss(fake_aux, fake_condition)
            extra = extra + self._historical_penalty(self.generator)
            if self.mode_seeking:
                extra = extra + mode_seeking_loss(self._noise_in(inputs), fake, self.mode_seeking)
            return optimizer.scale_loss(loss + extra), {"g_loss": logged, **logs}

        (_, logs), grads = gradients.value_and_grad(loss_fn, variables)
        gradients.apply_gradients(optimizer, grads, variables)
        self._track_all(logs)

    def _noise_in(self, generator_inputs):
        # The latent comes first in every model's inputs, and the noise first in the latent.
        latent = generator_inputs[0] if isinstance(generator_inputs, (list, tuple)) else generator_inputs
        return latent[:, : self.noise_dim]

    def _checked_samples(self, real):
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
        if real.shape[0] is not None:
            self._check_packed_sizes({real.shape[0]})
        # Samples stay in the variables' dtype (float32 under mixed precision),
        # as the generator's output does; the networks cast them on the way in.
        return ops.cast(real, self.variable_dtype)

    @staticmethod
    def _split(samples, condition, parts):
        """Splits a batch into `parts` minibatches of `(samples, condition)`."""
        if parts == 1:
            return [(samples, condition)]
        size = ops.shape(samples)[0] // parts
        pieces = [slice(i * size, (i + 1) * size) for i in range(parts)]
        return [
            (samples[piece], None if condition is None else condition[piece])
            for piece in pieces
        ]

    def _track(self, name, value):
        tracker = self._trackers[self.metric_names.index(name)]
        tracker.update_state(ops.stop_gradient(value))

    def _track_all(self, logs):
        for name, value in logs.items():
            self._track(name, value)

    def _track_discriminator(self, loss, real_logits, fake_logits, logs=None):
        score = self.gan_loss.discriminator_score
        self._track("d_loss", loss)
        self._track("d_real", ops.mean(score(ops.stop_gradient(real_logits))))
        self._track("d_fake", ops.mean(score(ops.stop_gradient(fake_logits))))
        self._track_all(logs or {})

    def _logs(self):
        return {tracker.name: tracker.result() for tracker in self._trackers}

    # Sampling.

    def generate(self, num_samples=None, latent=None, seed=None, batch_size=256):
        """Generates samples as a NumPy array.

        Args:
            num_samples: how many samples to draw (latents from
                `draw_latent`, so the same `seed` gives the same samples'
                latents on every backend).
            latent: or an explicit `(n, latent_dim)` array of latent vectors.
            seed: seed for drawing the latent vectors.
            batch_size: samples generated per generator call.
        """
        latent = self._latent_for(num_samples, latent, seed)
        return self._predict([latent], batch_size)

    def draw_latent(self, num_samples, seed=None, categories=None):
        """Draws `(num_samples, latent_dim)` latent vectors with NumPy.

        With `latent_categories`, `categories` (ints, one per sample) fixes
        each sample's category instead of drawing it.
        """
        return draw_latent(
            num_samples, self.noise_dim, self.latent_categories, self.latent_category_scale, seed, categories
        )

    def _latent_for(self, num_samples, latent, seed):
        if (num_samples is None) == (latent is None):
            raise ValueError("Pass exactly one of num_samples or latent.")
        if latent is None:
            if int(num_samples) < 1:
                raise ValueError(f"num_samples must be at least 1, got {num_samples}.")
            latent = self.draw_latent(num_samples, seed)
        latent = np.asarray(latent, dtype="float32")
        if latent.ndim != 2 or latent.shape[1] != self.latent_dim:
            raise ValueError(
                f"latent must have shape (n, {self.latent_dim}), got {latent.shape}."
            )
        return latent

    def _predict(self, inputs, batch_size):
        """Runs the generator on lists of arrays, `batch_size` rows at a time."""
        single = len(inputs) == 1
        batches = []
        for i in range(0, len(inputs[0]), batch_size):
            chunk = [array[i : i + batch_size] for array in inputs]
            batches.append(predict_batch(self.sampler, chunk[0] if single else chunk))
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
            # A subclass that builds its own networks is rebuilt from these,
            # and from the arguments of ours it passes on through **kwargs.
            passed_on = {key: getattr(self, key) for key in self._passed_on_arguments}
            return {**config, **passed_on, **self._hyperparameters}
        return {
            **config,
            "generator": keras.saving.serialize_keras_object(self.generator),
            "discriminator": keras.saving.serialize_keras_object(self.discriminator),
            "latent_dim": self.latent_dim,
            "data_range": self.data_range,
            "packing": self.packing,
            "latent_categories": self.latent_categories,
            "latent_category_scale": self.latent_category_scale,
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
