"""The benchmarks' worker processes: one per configuration, each printing one JSON result.

A worker is the benchmark script itself run again with `--worker TAG`, in a
fresh interpreter, because the Keras backend (and a dtype policy, or thread
limits) must be chosen before Keras is imported.
"""

import json
import os
import subprocess
import sys

RESULT_MARKER = "BENCHMARK_RESULT "


def run_in_worker(script, argv, backend, tag, env=None):
    """Runs `script *argv --worker TAG` under `KERAS_BACKEND=backend`; returns its result."""
    full_env = dict(os.environ, KERAS_BACKEND=backend, TF_CPP_MIN_LOG_LEVEL="2", **(env or {}))
    command = [sys.executable, os.path.abspath(script), *argv, "--worker", tag]
    print(f"[{tag}] starting", file=sys.stderr, flush=True)
    completed = subprocess.run(command, env=full_env, stdout=subprocess.PIPE, text=True)
    if completed.returncode != 0:
        raise RuntimeError(f"The {tag} benchmark failed (exit {completed.returncode}).")
    lines = [line for line in completed.stdout.splitlines() if line.startswith(RESULT_MARKER)]
    return json.loads(lines[-1][len(RESULT_MARKER) :])


def print_result(result):
    """What a worker prints last: its result, for `run_in_worker`."""
    print(RESULT_MARKER + json.dumps(result), flush=True)
