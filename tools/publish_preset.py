"""Makes a zoo preset from a trained model and adds it to the index.

Writes `<zoo>/<name>/`: `config.json`, one `<network>.weights.h5` per
network, `metadata.json` (versions, parameter counts and the provenance
given here), `samples.png` and a model card `README.md`; then records every
file's SHA-256 and size in `<zoo>/index.json`. Every file is written
atomically, so an interrupted publish leaves the previous preset intact
file by file (run it again to finish).

    python tools/publish_preset.py runs/demo/model.keras --name my_dcgan \\
        --description "DCGAN on Fashion-MNIST" --dataset fashion_mnist \\
        --command "keras-gans train dcgan --epochs 10" --seed 0

`tools/train_zoo.py` trains each official preset and calls `publish` with
its measured metrics and headline check.
"""

import argparse
import os
import platform
import sys

import keras
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from keras_gans import data, utils, zoo  # noqa: E402
from keras_gans.zoo import headline, registry  # noqa: E402
from keras_gans.zoo.preset import METADATA_FILE, read_json  # noqa: E402

DEFAULT_ZOO = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "zoo")


def hardware():
    """A short description of what this process trains on: the CPU, and any GPU TensorFlow sees."""
    import tensorflow as tf

    cpu = f"{os.cpu_count()} CPU cores ({platform.machine()})"
    gpus = [device.name for device in tf.config.list_logical_devices("GPU")]
    return f"{', '.join(gpus)} + {cpu}" if gpus else cpu


def publish(model, name, description, metadata, check=None, zoo_dir=DEFAULT_ZOO):
    """Writes the preset, its card and its index entry; returns the preset directory.

    Args:
        model: the trained model.
        name: the preset's name (lower case, digits, underscores).
        description: one line for `keras-gans zoo list`.
        metadata: provenance and metrics: `dataset`, `command`, `seed`,
            `training_seconds`, `hardware`, `metrics` ({name: {value,
            protocol}}), and anything else worth keeping.
        check: a headline check spec (`keras_gans.zoo.headline`) without
            its values; they are measured here on the saved preset, so the
            card states what a download gives.
        zoo_dir: the registry folder.
    """
    if not name.replace("_", "").isalnum() or name != name.lower():
        raise ValueError(f"Preset names are lower case letters, digits and underscores; got {name!r}.")
    directory = os.path.join(zoo_dir, name)
    metadata = {"name": name, "description": description, **metadata}
    zoo.save_preset(model, directory, metadata)
    reloaded = zoo.load_preset(directory, generator_only=True)
    if check is not None:
        values = headline.measure(reloaded, check)
        metadata["check"] = {**check, "values": values, "tolerance": _tolerance(check, values)}
        zoo.save_preset(model, directory, metadata)
    _save_samples(reloaded, os.path.join(directory, "samples.png"), metadata)
    refresh_card(name, zoo_dir)
    return directory


def refresh_card(name, zoo_dir=DEFAULT_ZOO):
    """Rewrites a preset's README.md from its metadata.json and re-indexes its files."""
    directory = os.path.join(zoo_dir, name)
    metadata = read_json(os.path.join(directory, METADATA_FILE))
    _write_card(directory, metadata)
    summary = {
        "class_name": metadata["class_name"],
        "description": metadata["description"],
        "dataset": metadata.get("dataset"),
        "keras_gans_version": metadata["keras_gans_version"],
    }
    registry.write_index_entry(zoo_dir, name, registry.index_entry(directory, summary))


def _tolerance(check, values):
    # Backends differ by float round-off only (same NumPy latents, same
    # weights); these margins are a hundred times what was seen between them.
    if check["metric"] == "mode_coverage":
        return {"modes_captured": 0.0, "high_quality_percent": 0.5}
    if check["metric"] == "accuracy":
        return {"accuracy": 0.005}
    return {name: max(0.5, 0.01 * abs(value)) for name, value in values.items()}


def _save_samples(model, path, metadata):
    if not hasattr(model, "generate"):
        # A classifier: ten test images of each class it predicts, one row each.
        images, _ = data.load(metadata["dataset"], split="test", labels=True, as_numpy=True)
        predicted = keras.ops.convert_to_numpy(keras.ops.argmax(model.predict(images[:2000], verbose=0), -1))
        rows = [images[:2000][predicted == c][:10] for c in range(int(predicted.max()) + 1)]
        utils.save_image_grid(np.concatenate(rows), path, rows=len(rows))
        return
    samples = model.generate(100, seed=0)
    if samples.ndim == 2:
        mixture = data.MIXTURES[metadata["dataset"]]()
        utils.plot_points_over_modes(model.generate(2500, seed=0), mixture.modes, path, title=metadata["name"])
    else:
        utils.save_image_grid(samples, path, rows=10)


def _write_card(directory, metadata):
    name = metadata["name"]
    is_gan = metadata["class_name"] != "Functional"
    load = f'model = zoo.load("{name}")' + ("  # generator_only=True reads no discriminator" if is_gan else "")
    lines = [
        f"# {name}", "", metadata["description"], "", "![samples](samples.png)", "",
        "## Use", "", "```python", "from keras_gans import zoo", "", load, "```", "",
        f"Command line: `keras-gans zoo generate {name} --out samples.png`." if is_gan
        else f"As the metrics' classifier: `keras-gans evaluate MODEL --classifier {name}`.",
        "",
        "## Model",
        "",
        f"- Class: `keras_gans.models.{metadata['class_name']}`" if metadata["class_name"] != "Functional"
        else "- Class: a functional `keras.Model`",
        "- Parameters: " + ", ".join(f"{k} {v:,}" for k, v in metadata["parameters"].items()),
        f"- Weights stored as {metadata['weights_dtype']} (loaded into float32 variables)",
        f"- Made with keras {metadata['keras_version']}, keras-gans {metadata['keras_gans_version']}, "
        f"backend {metadata['backend']}",
        "",
        "## Training",
        "",
        f"- Dataset: {metadata.get('dataset')}",
        f"- Command: `{metadata.get('command')}`",
        f"- Seed: {metadata.get('seed')}",
        f"- Time: {metadata.get('training_seconds', 0) / 60:.1f} min on {metadata.get('hardware')}",
    ]
    for note in metadata.get("notes", []):
        lines.append(f"- {note}")
    # Metrics measured the same way share one numbered protocol note.
    measured = metadata.get("metrics", {})
    protocols = list(dict.fromkeys(result["protocol"] for result in measured.values()))
    lines += ["", "## Measured", "", "| metric | value | protocol |", "|---|---|---|"]
    for metric, result in measured.items():
        lines.append(f"| {metric} | {_format(result['value'])} | ({protocols.index(result['protocol']) + 1}) |")
    lines += [""] + [f"({number}) {protocol}" for number, protocol in enumerate(protocols, 1)]
    check = metadata.get("check")
    if check:
        lines += [
            "",
            "## Headline check",
            "",
            "`tests/zoo/` recomputes this on every backend: "
            + ", ".join(f"{k} = {_format(v)} ± {_format(check['tolerance'][k])}" for k, v in check["values"].items())
            + f" ({check['metric']} on {_check_sample(check)}).",
        ]
    with utils.atomic_path(os.path.join(directory, "README.md")) as temporary, open(temporary, "w") as file:
        file.write("\n".join(lines) + "\n")


def _check_sample(check):
    if check["metric"] == "accuracy":
        return f"the first {check['num_samples']:,} {check['dataset']} {check['split']} images"
    return f"{check['num_samples']:,} samples from NumPy latents with seed {check['seed']}"


def _format(value):
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model_path", nargs="?", help="a .keras file")
    parser.add_argument("--refresh-card", metavar="NAME",
                        help="only rewrite preset NAME's README.md from its metadata and re-index it")
    parser.add_argument("--name")
    parser.add_argument("--description")
    parser.add_argument("--dataset")
    parser.add_argument("--command", help="the exact command that trained the model")
    parser.add_argument("--seed", type=int)
    parser.add_argument("--training-seconds", type=float, default=0.0)
    parser.add_argument("--hardware", default=hardware())
    parser.add_argument("--metrics", help="a JSON file {name: {value, protocol}}")
    parser.add_argument("--zoo", default=DEFAULT_ZOO)
    args = parser.parse_args(argv)
    if args.refresh_card:
        refresh_card(args.refresh_card, args.zoo)
        return
    missing = [f"--{k.replace('_', '-')}" for k in ("name", "description", "dataset", "command", "seed")
               if getattr(args, k) is None]
    if args.model_path is None or missing:
        parser.error(f"publishing a model needs MODEL_PATH and {', '.join(missing) or 'nothing else'}")
    model = keras.saving.load_model(args.model_path)
    measured = read_json(args.metrics) if args.metrics else {}
    metadata = {"dataset": args.dataset, "command": args.command, "seed": args.seed,
                "training_seconds": args.training_seconds, "hardware": args.hardware, "metrics": measured}
    print(publish(model, args.name, args.description, metadata, zoo_dir=args.zoo))


if __name__ == "__main__":
    main()
