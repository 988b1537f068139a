"""Benchmarks DCGAN training throughput under float32 and the mixed dtype policies.

The model: `keras_gans.models.DCGAN(image_shape=(64, 64, 3))` with its
defaults (Radford et al.'s 64×64 networks, latent_dim 100), compiled with
its defaults (under `mixed_float16` both optimizers get a loss scale), fed
a NumPy array of random images in [-1, 1].

Protocol: each (backend, policy) pair runs in its own subprocess, because
the backend must be chosen before Keras is imported and the policy before
the model is built. In it one `fit` call of `--warmup` steps traces and
compiles; then `--rounds` calls of `fit(..., steps_per_epoch=--steps)` are
timed and images per second is batch × steps / round time, the median over
rounds. Ratios are against float32 on the same backend in the same run.

On a CPU, float16 has no fast kernels on most backends and bfloat16 only
where the CPU supports it; the 1.5× target of issue 8 is for GPUs.

Example:

```
python tools/benchmark_mixed_precision.py --backends tensorflow,jax,torch \
    --batch-size 128 --steps 5 --rounds 3 --json /tmp/mixed_precision.json
```
"""

import argparse
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import worker_processes  # noqa: E402

POLICIES = ("float32", "mixed_float16", "mixed_bfloat16")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backends", default="tensorflow,jax,torch")
    parser.add_argument("--policies", default=",".join(POLICIES))
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--image-size", type=int, default=64)
    parser.add_argument("--warmup", type=int, default=2, help="steps of the untimed first fit call")
    parser.add_argument("--steps", type=int, default=5, help="steps per timed fit call")
    parser.add_argument("--rounds", type=int, default=3, help="timed fit calls")
    parser.add_argument("--json", help="also write the results here")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    if args.worker:
        backend, policy = args.worker.split(":")
        worker_processes.print_result(run_worker(backend, policy, args))
        return
    started = time.perf_counter()
    results = [
        worker_processes.run_in_worker(__file__, argv, backend.strip(), f"{backend.strip()}:{policy.strip()}")
        for backend in args.backends.split(",")
        for policy in args.policies.split(",")
    ]
    print(markdown_table(results))
    if args.json:
        report = {"command": " ".join(["python", "tools/benchmark_mixed_precision.py", *argv]),
                  "total_seconds": round(time.perf_counter() - started, 1), "results": results}
        with open(args.json, "w") as file:
            json.dump(report, file, indent=2)


def run_worker(backend, policy, args):
    import keras
    import numpy as np

    from publish_preset import hardware

    from keras_gans.models import DCGAN

    keras.config.set_dtype_policy(policy)
    gan = DCGAN(image_shape=(args.image_size, args.image_size, 3), seed=0)
    gan.compile()
    steps = max(args.warmup, args.steps)
    images = np.random.default_rng(0).uniform(-1, 1, (args.batch_size * steps, args.image_size, args.image_size, 3))
    images = images.astype("float32")

    def fit(num_steps):
        started = time.perf_counter()
        history = gan.fit(images, batch_size=args.batch_size, epochs=1, steps_per_epoch=num_steps, verbose=0)
        return time.perf_counter() - started, history.history

    warmup_seconds, _ = fit(args.warmup)
    rounds = [fit(args.steps) for _ in range(args.rounds)]
    seconds = statistics.median(time for time, _ in rounds)
    losses = {name: float(values[-1]) for name, values in rounds[-1][1].items()}
    return {
        "backend": backend,
        "policy": policy,
        "batch_size": args.batch_size,
        "image_size": args.image_size,
        "steps": args.steps,
        "rounds": args.rounds,
        "warmup_seconds": round(warmup_seconds, 2),
        "seconds_per_step": seconds / args.steps,
        "images_per_second": args.batch_size * args.steps / seconds,
        "finite_losses": bool(all(np.isfinite(value) for value in losses.values())),
        "losses": losses,
        "hardware": hardware(),
        "versions": {"keras": keras.__version__, backend: backend_version(backend)},
    }


def backend_version(backend):
    module = {"tensorflow": "tensorflow", "jax": "jax", "torch": "torch"}[backend]
    return __import__(module).__version__


def markdown_table(results):
    float32 = {r["backend"]: r["images_per_second"] for r in results if r["policy"] == "float32"}
    rows = [
        "| backend | policy | img/s | s/step | ratio to float32 | finite losses |",
        "|---|---|---:|---:|---:|---|",
    ]
    for r in results:
        base = float32.get(r["backend"])
        ratio = f"{r['images_per_second'] / base:.2f}×" if base else "–"
        rows.append(
            f"| {r['backend']} | {r['policy']} | {r['images_per_second']:.1f} | "
            f"{r['seconds_per_step']:.3f} | {ratio} | {'yes' if r['finite_losses'] else 'NO'} |"
        )
    return "\n".join(rows)


if __name__ == "__main__":
    main()
