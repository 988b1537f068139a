"""Benchmarks `DCGAN.fit` against a hand-written training loop.

What is compared, per backend, for 28×28×1 images and latent_dim 100:

- library: `keras_gans.models.DCGAN(...).fit(x, batch_size=B, epochs=1,
  steps_per_epoch=S, verbose=0)` after `compile()` with its defaults.
- hand-written: a plain loop over the *same two networks* (a second DCGAN's
  generator and discriminator, loaded with the library's initial weights)
  computing the same step: z ~ N(0, I); one discriminator update on a real
  batch and a stop-gradient fake batch, with D called once on each (as the
  library does, so batch-norm statistics are per half); then one generator
  update with fresh noise; the non-saturating loss from logits;
  Adam(2e-4, beta_1=0.5) per network; batch norm in training mode.
    - tensorflow: a `tf.function` step with `tf.GradientTape` and the Keras
      optimizers' `apply`.
    - jax: `jax.jit(step, donate_argnums=0)` over a pure step built from
      `stateless_call` and `stateless_apply`, the state carried as arrays
      and written back to the variables at the end of each round (as `fit`
      does at the end of an epoch).
    - torch: eager autograd (`torch.autograd.grad`) and the Keras
      optimizers' `apply` under `torch.no_grad()`; the Keras Adam rather
      than `torch.optim.Adam`, so that both sides run the same update code.

Protocol: each (backend, fit data) pair runs in its own subprocess, because
`KERAS_BACKEND` must be set before Keras is imported and so that no traced
function is shared. In it both sides are warmed up (tracing, compilation),
then timed for `--rounds` rounds of `--steps` steps, alternating which side
goes first. A library round is one `fit(..., steps_per_epoch=steps)` call;
Keras keeps the compiled train function between calls, so only the warm-up
call traces, but every call pays fit's set-up (data adapter, callbacks, the
GAN's data check). A hand-written round is `steps` calls of the step on NumPy
batch slices (or over the same tf.data dataset that fit gets, with `--data
tf.data`), then a wait for the device. Time per step is the median over
rounds of round time / steps. Finally `fit` is timed with one step per call;
with the rounds' time this splits a fit call into a fixed set-up cost and a
cost per step (reported separately; the main ratio includes the set-up, as
a user's `fit` call does). Two ratios less affected by other processes are
also given: of the fastest rounds, and of the process CPU time per step
(median over rounds; all threads, so it counts work rather than waiting).

`--data tf.data` feeds both sides one shuffled tf.data pipeline with
autotuning off (see `tf_dataset`). `--threads N` caps every backend's compute
threads (JAX by CPU affinity, for want of a flag): with 1, another process
on a 2-core machine takes a core from both sides alike instead of stalling
multi-threaded steps.

Example:

```
python tools/benchmark_train_step.py --backends tensorflow,jax,torch \
    --steps 30 --jax-steps 10 --rounds 5 --data both --json /tmp/train_step.json
```
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import worker_processes  # noqa: E402

IMAGE_SHAPE = (28, 28, 1)
LATENT_DIM = 100
SEED = 0


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backends", default="tensorflow,jax,torch")
    parser.add_argument("--steps", type=int, default=30, help="steps per timed round")
    parser.add_argument(
        "--jax-steps",
        type=int,
        default=None,
        help="steps per round on JAX (default: --steps); JAX is slow on small CPUs",
    )
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=3, help="warm-up steps per side")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument(
        "--data",
        default="numpy",
        choices=["numpy", "tf.data", "both"],
        help="what fit is fed: NumPy arrays, a tf.data.Dataset, or both",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=None,
        help="compute threads per process (default: each backend's own); 1 makes "
        "the comparison robust to other processes on a small shared machine",
    )
    parser.add_argument("--json", default=None, help="write the results to this path")
    parser.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


# The parent process: one subprocess per (backend, data), then the tables.


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    if args.worker:
        backend, feed = args.worker.split(":")
        result = run_worker(backend, feed, args)
        worker_processes.print_result(result)
        return
    start = time.perf_counter()
    feeds = ["numpy", "tf.data"] if args.data == "both" else [args.data]
    results = [
        run_subprocess(backend.strip(), feed, argv)
        for backend in args.backends.split(",")
        for feed in feeds
    ]
    total = time.perf_counter() - start
    print(markdown_table(results))
    print()
    print(details_table(results))
    print(f"\nTotal run time: {total:.0f} s")
    if args.json:
        report = {"command": " ".join([sys.argv[0], *argv]), "total_seconds": total,
                  "machine": machine(), "results": results}
        with open(args.json, "w") as f:
            json.dump(report, f, indent=2)


def run_subprocess(backend, feed, argv):
    env = thread_environment(parse_args(argv).threads)
    return worker_processes.run_in_worker(__file__, argv, backend, f"{backend}:{feed}", env)


def thread_environment(threads):
    # Read when each library starts, so it must be set before the import.
    if threads is None:
        return {}
    return {
        "OMP_NUM_THREADS": str(threads),
        "TF_NUM_INTRAOP_THREADS": str(threads),
        "TF_NUM_INTEROP_THREADS": str(threads),
    }


def set_threads(backend, threads):
    # Limits the pools the environment variables above do not reach.
    if threads is None:
        return
    if backend == "jax":
        # XLA sizes its CPU thread pool from the CPUs the process may use and
        # has no flag for it, so restrict those.
        os.sched_setaffinity(0, sorted(os.sched_getaffinity(0))[:threads])
    elif backend == "tensorflow":
        import tensorflow as tf

        tf.config.threading.set_intra_op_parallelism_threads(threads)
        tf.config.threading.set_inter_op_parallelism_threads(threads)
    elif backend == "torch":
        import torch

        torch.set_num_threads(threads)
        torch.set_num_interop_threads(threads)


def machine():
    return {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()}


def markdown_table(results):
    rows = [
        "| backend | fit data | library ms/step | hand-written ms/step "
        "| library img/s | hand-written img/s | ratio library/hand-written |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        library, hand, batch = r["library_ms"], r["hand_written_ms"], r["batch_size"]
        rows.append(
            f"| {r['backend']} | {r['data']} | {library:.1f} | {hand:.1f} "
            f"| {1000 * batch / library:.0f} | {1000 * batch / hand:.0f} | {library / hand:.2f} |"
        )
    return "\n".join(rows)


def details_table(results):
    rows = [
        "| backend | fit data | threads | steps × rounds | ratio of best rounds "
        "| CPU-time ratio | fit set-up per call (ms) | library ms/step without set-up | versions |",
        "|---|---|---|---|---:|---:|---:|---:|---|",
    ]
    for r in results:
        best = min(r["library_ms_rounds"]) / min(r["hand_written_ms_rounds"])
        cpu = r["library_cpu_ms"] / r["hand_written_cpu_ms"]
        rows.append(
            f"| {r['backend']} | {r['data']} | {r['threads'] or 'default'} "
            f"| {r['steps']} × {r['rounds']} | {best:.2f} | {cpu:.2f} "
            f"| {r['fit_call_overhead_ms']:.0f} | {r['library_step_ms_without_fit_setup']:.1f} "
            f"| {r['versions']} |"
        )
    return "\n".join(rows)


# The worker process: everything below runs with KERAS_BACKEND already set.


def log(message):
    print(message, file=sys.stderr, flush=True)


def run_worker(backend, feed, args):
    import numpy as np

    set_threads(backend, args.threads)
    import keras_gans

    steps = args.jax_steps if backend == "jax" and args.jax_steps else args.steps
    batch_size = args.batch_size
    library = keras_gans.models.DCGAN(image_shape=IMAGE_SHAPE, latent_dim=LATENT_DIM, seed=SEED)
    library.compile()
    # A second DCGAN has the same architecture; copying the weights makes
    # both sides start from the same point.
    twin = keras_gans.models.DCGAN(image_shape=IMAGE_SHAPE, latent_dim=LATENT_DIM, seed=SEED)
    twin.generator.set_weights(library.generator.get_weights())
    twin.discriminator.set_weights(library.discriminator.get_weights())
    counts = parameter_counts(library, twin)
    log(f"[{backend}/{feed}] parameters (generator, discriminator): {counts}")

    rng = np.random.default_rng(SEED)
    x = rng.uniform(-1.0, 1.0, (steps * batch_size, *IMAGE_SHAPE)).astype("float32")
    # Both sides read the same input: NumPy slices, or the same tf.data
    # pipeline (whose iterator threads affect the step's speed on TensorFlow).
    data = x if feed == "numpy" else tf_dataset(x, batch_size)
    library_round = make_library_round(library, data, batch_size)
    hand_loop = make_hand_written_loop(backend, twin.generator, twin.discriminator, batch_size)

    library_round(args.warmup)
    hand_loop.run(x[: args.warmup * batch_size] if feed == "numpy" else data.take(args.warmup))
    sides = {"library": lambda: library_round(steps), "hand_written": lambda: hand_loop.run(data)}
    times = {name: [] for name in sides}
    cpu_times = {name: [] for name in sides}
    for i in range(args.rounds):
        # Alternating the order cancels slow drifts of a noisy machine.
        for name in sides if i % 2 == 0 else reversed(list(sides)):
            wall, cpu = timed(sides[name])
            times[name].append(wall / steps)
            cpu_times[name].append(cpu / steps)
        log(f"[{backend}/{feed}] round {i}: library {times['library'][-1]:.1f} ms/step, "
            f"hand-written {times['hand_written'][-1]:.1f} ms/step")

    library_ms = statistics.median(times["library"])
    one_step_fit = statistics.median(timed(lambda: library_round(1))[0] for _ in range(5))
    # A fit call costs c + steps * s: solve from the one-step and the
    # `steps`-step calls for the per-call set-up c.
    step_ms = (steps * library_ms - one_step_fit) / (steps - 1) if steps > 1 else library_ms
    return {
        "backend": backend,
        "data": feed,
        "steps": steps,
        "rounds": args.rounds,
        "batch_size": batch_size,
        "threads": args.threads,
        "library_ms": library_ms,
        "hand_written_ms": statistics.median(times["hand_written"]),
        "library_ms_rounds": times["library"],
        "hand_written_ms_rounds": times["hand_written"],
        "library_cpu_ms": statistics.median(cpu_times["library"]),
        "hand_written_cpu_ms": statistics.median(cpu_times["hand_written"]),
        "fit_call_overhead_ms": one_step_fit - step_ms,
        "library_step_ms_without_fit_setup": step_ms,
        "parameters": counts,
        "last_losses": {"library": library_losses(library), "hand_written": hand_loop.losses()},
        "versions": versions(backend),
    }


def timed(fn):
    """Wall and process CPU milliseconds of `fn()`."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return 1000 * (time.perf_counter() - wall), 1000 * (time.process_time() - cpu)


def parameter_counts(library, twin):
    counts = {
        "library": [library.generator.count_params(), library.discriminator.count_params()],
        "hand_written": [twin.generator.count_params(), twin.discriminator.count_params()],
    }
    if counts["library"] != counts["hand_written"]:
        raise AssertionError(f"The two sides train different networks: {counts}")
    return counts


def versions(backend):
    import keras

    return f"keras {keras.__version__}, {backend} {__import__(backend).__version__}"


def tf_dataset(x, batch_size):
    import tensorflow as tf

    # Batches of a fixed size, so no step retraces on a partial batch.
    dataset = tf.data.Dataset.from_tensor_slices(x).shuffle(len(x))
    dataset = dataset.batch(batch_size, drop_remainder=True).prefetch(1)
    # With autotuning on (as in the pipeline Keras builds for NumPy input),
    # a 2-core machine ran whole epochs at half speed, on either side.
    options = tf.data.Options()
    options.autotune.enabled = False
    return dataset.with_options(options)


def make_library_round(gan, data, batch_size):
    # `batch_size` and `shuffle` are for arrays; a dataset comes batched
    # and shuffled.
    is_array = hasattr(data, "shape")
    batch_size = batch_size if is_array else None

    def run(steps):
        gan.fit(data, batch_size=batch_size, epochs=1, steps_per_epoch=steps,
                shuffle=is_array, verbose=0)

    return run


def library_losses(gan):
    history = gan.history.history
    return {name: float(history[name][-1]) for name in ("d_loss", "g_loss")}


def make_hand_written_loop(backend, generator, discriminator, batch_size):
    import keras

    g_optimizer = keras.optimizers.Adam(learning_rate=2e-4, beta_1=0.5)
    d_optimizer = keras.optimizers.Adam(learning_rate=2e-4, beta_1=0.5)
    g_optimizer.build(generator.trainable_variables)
    d_optimizer.build(discriminator.trainable_variables)
    loops = {"tensorflow": TensorFlowLoop, "jax": JaxLoop, "torch": TorchLoop}
    return loops[backend](generator, discriminator, g_optimizer, d_optimizer, batch_size)


class HandWrittenLoop:
    """A training loop over NumPy batches; subclasses write `step`."""

    # Whether `step` takes TensorFlow tensors from a tf.data pipeline.
    takes_tensors = False

    def __init__(self, generator, discriminator, g_optimizer, d_optimizer, batch_size):
        self.generator = generator
        self.discriminator = discriminator
        self.g_optimizer = g_optimizer
        self.d_optimizer = d_optimizer
        self.batch_size = batch_size
        self.last = None

    def batches(self, data):
        if not hasattr(data, "shape"):
            return iter(data) if self.takes_tensors else data.as_numpy_iterator()
        return (data[i : i + self.batch_size] for i in range(0, len(data), self.batch_size))

    def run(self, data):
        for real in self.batches(data):
            self.last = self.step(real)
        # Reading the losses waits for queued work, so the round covers it.
        self.losses()

    def losses(self):
        d_loss, g_loss = (float(v) for v in self.last)
        return {"d_loss": d_loss, "g_loss": g_loss}

    def step(self, real):
        raise NotImplementedError


class TensorFlowLoop(HandWrittenLoop):
    takes_tensors = True

    def __init__(self, *args):
        import tensorflow as tf

        super().__init__(*args)
        self.tf = tf
        self.step = tf.function(self.eager_step)

    def eager_step(self, real):
        tf = self.tf
        generator, discriminator = self.generator, self.discriminator
        z = tf.random.normal((self.batch_size, LATENT_DIM))
        fake = tf.stop_gradient(generator(z, training=True))
        d_variables = discriminator.trainable_variables
        with tf.GradientTape() as tape:
            real_logits = discriminator(real, training=True)
            fake_logits = discriminator(fake, training=True)
            d_loss = tf.reduce_mean(tf.nn.softplus(-real_logits)) + tf.reduce_mean(
                tf.nn.softplus(fake_logits)
            )
        self.d_optimizer.apply(tape.gradient(d_loss, d_variables), d_variables)

        z = tf.random.normal((self.batch_size, LATENT_DIM))
        g_variables = generator.trainable_variables
        with tf.GradientTape() as tape:
            logits = discriminator(generator(z, training=True), training=True)
            g_loss = tf.reduce_mean(tf.nn.softplus(-logits))
        self.g_optimizer.apply(tape.gradient(g_loss, g_variables), g_variables)
        return d_loss, g_loss


class JaxLoop(HandWrittenLoop):
    def __init__(self, *args):
        import jax

        super().__init__(*args)
        self.jax = jax
        self.key = jax.random.key(SEED)
        # Donating the state lets XLA update it in place, as Keras' trainer does.
        self.jit_step = jax.jit(self.pure_step, donate_argnums=0)

    def run(self, data):
        # Read afresh each round: donation frees the arrays the variables
        # held until they are written back.
        state = self.read_state()
        for real in self.batches(data):
            self.last, state = self.jit_step(state, real)
        self.jax.block_until_ready(state)
        self.key = state[-1]
        self.write_state(state[:-1])

    def variable_groups(self):
        g, d = self.generator, self.discriminator
        return (
            g.trainable_variables, g.non_trainable_variables,
            d.trainable_variables, d.non_trainable_variables,
            self.g_optimizer.variables, self.d_optimizer.variables,
        )

    def read_state(self):
        groups = tuple([v.value for v in group] for group in self.variable_groups())
        return groups + (self.key,)

    def write_state(self, groups):
        for variables, values in zip(self.variable_groups(), groups):
            for variable, value in zip(variables, values):
                variable.assign(value)

    def pure_step(self, state, real):
        jax, jnp = self.jax, self.jax.numpy
        generator, discriminator = self.generator, self.discriminator
        g_params, g_stats, d_params, d_stats, g_slots, d_slots, key = state
        key, d_key, g_key = jax.random.split(key, 3)

        z = jax.random.normal(d_key, (self.batch_size, LATENT_DIM))
        fake, g_stats = generator.stateless_call(g_params, g_stats, z, training=True)
        fake = jax.lax.stop_gradient(fake)

        def d_loss_fn(d_params, d_stats):
            real_logits, d_stats = discriminator.stateless_call(d_params, d_stats, real, training=True)
            fake_logits, d_stats = discriminator.stateless_call(d_params, d_stats, fake, training=True)
            loss = jnp.mean(jax.nn.softplus(-real_logits)) + jnp.mean(jax.nn.softplus(fake_logits))
            return loss, d_stats

        (d_loss, d_stats), grads = jax.value_and_grad(d_loss_fn, has_aux=True)(d_params, d_stats)
        d_params, d_slots = self.d_optimizer.stateless_apply(d_slots, grads, d_params)

        z = jax.random.normal(g_key, (self.batch_size, LATENT_DIM))

        def g_loss_fn(g_params, g_stats, d_stats):
            fake, g_stats = generator.stateless_call(g_params, g_stats, z, training=True)
            logits, d_stats = discriminator.stateless_call(d_params, d_stats, fake, training=True)
            return jnp.mean(jax.nn.softplus(-logits)), (g_stats, d_stats)

        (g_loss, (g_stats, d_stats)), grads = jax.value_and_grad(g_loss_fn, has_aux=True)(
            g_params, g_stats, d_stats
        )
        g_params, g_slots = self.g_optimizer.stateless_apply(g_slots, grads, g_params)
        state = (g_params, g_stats, d_params, d_stats, g_slots, d_slots, key)
        return (d_loss, g_loss), state


class TorchLoop(HandWrittenLoop):
    def __init__(self, *args):
        import numpy
        import torch

        super().__init__(*args)
        self.numpy = numpy
        self.torch = torch
        self.noise = torch.Generator().manual_seed(SEED)

    def step(self, real):
        softplus = self.torch.nn.functional.softplus
        generator, discriminator = self.generator, self.discriminator
        # tf.data hands out read-only arrays, which torch would warn about.
        real = self.torch.from_numpy(self.numpy.require(real, requirements="W"))
        # Detached rather than run under no_grad, like `ops.stop_gradient`
        # in the library and `netD(fake.detach())` in common torch loops.
        fake = generator(self.noise_batch(), training=True).detach()
        real_logits = discriminator(real, training=True)
        fake_logits = discriminator(fake, training=True)
        d_loss = softplus(-real_logits).mean() + softplus(fake_logits).mean()
        self.update(self.d_optimizer, d_loss, discriminator.trainable_variables)

        logits = discriminator(generator(self.noise_batch(), training=True), training=True)
        g_loss = softplus(-logits).mean()
        self.update(self.g_optimizer, g_loss, generator.trainable_variables)
        return d_loss.detach(), g_loss.detach()

    def noise_batch(self):
        return self.torch.randn(self.batch_size, LATENT_DIM, generator=self.noise)

    def update(self, optimizer, loss, variables):
        grads = self.torch.autograd.grad(loss, [v.value for v in variables])
        with self.torch.no_grad():
            optimizer.apply(list(grads), variables)


if __name__ == "__main__":
    main()
