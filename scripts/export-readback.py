#!/usr/bin/env python3
"""Checks `normlab export` (or `run --tensorboard`) against the report it came from.

Usage:
    export-readback.py REPORT_DIR LOGDIR CSV [--server]

Derives, from REPORT_DIR/metrics.json alone and by the rules docs/tensorboard.md states, every
value the exports must hold: one TensorBoard run per variant/trial/seed with every logged
series (null written as NaN), its session group and status, the declared metrics, the wall
time from the report's date, and every row of the tidy CSV. The hyperparameters are read
from the event files and checked against the run's settings in metrics.json (each one equal to
the run's setting, swept keys to the trial's values, `variant`, `seed`, `trial`). Then
scripts/tensorboard-readback.py reads LOGDIR with TensorBoard's own readers and CSV with
pandas and compares every value (with --server, also through a running tensorboard).

Exits 0 when everything matches, 1 listing every mismatch.
Needs: pip install tensorboard pandas
"""

import argparse
import datetime
import importlib.util
import json
import math
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("readback", os.path.join(HERE, "tensorboard-readback.py"))
readback = importlib.util.module_from_spec(spec)
spec.loader.exec_module(readback)

HEADLINE = ["loss/test", "accuracy/test", "loss/train", "accuracy/train", "loss/dev", "accuracy/dev"]


def nan_if_none(value):
    return math.nan if value is None else value


def run_name(run, digits):
    if run.get("trial") is None:
        return f"{run['variant']}/seed-{run['seed']}"
    return f"{run['variant']}/trial-{run['trial']:0{digits}d}/seed-{run['seed']}"


def series(run):
    """(metric, [(step, value or None)]) in the documented order; all-null series left out."""
    h, d = run["history"], run["diagnostics"]
    steps = h["step"]
    out = []

    def add(metric, values):
        points = list(zip(steps, values))
        if any(v is not None for _, v in points):
            out.append((metric, points))

    def layers(prefix, rows):
        count = max((len(r) for r in rows), default=0)
        for layer in range(count):
            add(f"{prefix}/layer_{layer + 1}", [r[layer] if layer < len(r) else None for r in rows])

    for metric, key in [("loss/train", "train_loss"), ("loss/test", "test_loss"), ("accuracy/train", "train_accuracy"),
                        ("accuracy/test", "test_accuracy"), ("loss/dev", "dev_loss"), ("accuracy/dev", "dev_accuracy"),
                        ("learning_rate", "learning_rate"), ("loss/batch", "batch_loss"), ("epoch", "epoch")]:
        add(metric, h.get(key) or [])
    layers("gradient_norm", d["gradient_norms"])
    layers("weight_norm", d["weight_norms"])
    layers("saturation", d["saturation"])
    for index, name in enumerate(["p15", "p50", "p85"]):
        add(f"activation/{name}", [p[index] if index < len(p) else None for p in d["probe_percentiles"]])
    layers("bn/running_mean", d.get("bn_running_mean") or [])
    layers("bn/running_variance", d.get("bn_running_variance") or [])
    return out


def flatten(tree, prefix=""):
    out = {}
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, path + "."))
        else:
            out[path] = value
    return out


def setting_text(value):
    """A list setting as normlab shows it: [64, 64]."""
    if isinstance(value, list):
        return "[" + ", ".join(setting_text(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def as_hparam(value):
    if isinstance(value, bool):
        return {"bool": value}
    if isinstance(value, (int, float)):
        return {"number": float(value)}
    if isinstance(value, list):
        return {"string": setting_text(value)}
    return {"string": value}


def actual_hparams(logdir, name):
    acc = readback.load(os.path.join(logdir, name))
    start = readback.plugin_data(acc, readback.START_TAG, "session_start_info")
    if start is None:
        return {}
    return {k: readback.hparam_from_proto(v) for k, v in start.hparams.items()}


def check_hparams(run, name, hparams, problems):
    want_fixed = {"variant": {"string": run["variant"]}, "seed": {"number": float(run["seed"])}}
    if run.get("trial") is not None:
        want_fixed["trial"] = {"number": float(run["trial"])}
    settings = flatten(run["settings"])
    for key, want in want_fixed.items():
        if hparams.get(key) != want:
            problems.append(f"{name}: hparam {key} = {hparams.get(key)}, expected {want}")
    for key, value in run.get("parameters", {}).items():
        if not readback.same_hparam(hparams.get(key, {}), as_hparam(value)):
            problems.append(f"{name}: swept {key} = {hparams.get(key)}, the trial has {value!r}")
    for key, got in hparams.items():
        if key in want_fixed or key in run.get("parameters", {}):
            continue
        if key not in settings:
            problems.append(f"{name}: hparam {key} is not a setting of the run")
        elif settings[key] is None or not readback.same_hparam(got, as_hparam(settings[key])):
            problems.append(f"{name}: hparam {key} = {got}, the run's setting is {settings[key]!r}")
    if len(hparams) < 10:
        problems.append(f"{name}: only {len(hparams)} hyperparameters")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("report")
    parser.add_argument("logdir")
    parser.add_argument("csv")
    parser.add_argument("--server", action="store_true")
    args = parser.parse_args()
    with open(os.path.join(args.report, "metrics.json"), encoding="utf-8") as f:
        metrics = json.load(f)

    date = metrics.get("date")
    wall = int(datetime.datetime.fromisoformat(date.replace("Z", "+00:00")).timestamp()) if date else 0
    digits = max(3, len(str(max((r["trial"] for r in metrics["runs"] if r.get("trial") is not None), default=0))))
    sweep_keys = metrics.get("sweep_keys", [])
    problems = []
    runs, rows, present = [], [], set()
    for run in metrics["runs"]:
        name = run_name(run, digits)
        found = series(run)
        present.update(metric for metric, _ in found)
        final = run["final"]
        status = 2 if final["diverged"] else (0 if final.get("interrupted") else 1)
        group = run["variant"] if run.get("trial") is None else f"{run['variant']}#{run['trial']}"
        hparams = actual_hparams(args.logdir, name)
        check_hparams(run, name, hparams, problems)
        runs.append({
            "name": name, "group": group, "status": status, "hparams": hparams,
            "scalars": {metric: [[step, nan_if_none(v)] for step, v in points] for metric, points in found},
        })
        swept = [as_hparam(run["parameters"][k]) if k in run.get("parameters", {}) else None for k in sweep_keys]
        ids = [name, run["variant"], run["seed"], run.get("trial")]
        for metric, points in found:
            rows += [ids + [step, metric, value] + swept for step, value in points]
        finals = ["train_loss", "test_loss", "train_accuracy", "test_accuracy"]
        if "dev_loss" in run["history"]:
            finals += ["dev_loss", "dev_accuracy"]
        for key in finals:
            rows.append(ids + [final["steps"], f"final/{key}", final.get(key)] + swept)

    summary = readback.plugin_data(readback.load(args.logdir), readback.EXPERIMENT_TAG, "experiment")
    expected = {
        "wall_time": wall,
        "experiment_name": metrics["experiment"],
        "metrics": [m for m in HEADLINE if m in present],
        "hparam_order": sweep_keys + ["variant", "trial", "seed"],
        # Descriptions are the schema's documentation: taken as written, checked for presence.
        "hparam_descriptions": {i.name: i.description for i in summary.hparam_infos} if summary else {},
        "runs": runs,
        "csv": {"file": os.path.abspath(args.csv), "columns": ["run", "variant", "seed", "trial", "step", "metric", "value"] + sweep_keys, "rows": rows},
    }
    for name, text in expected["hparam_descriptions"].items():
        if not text:
            problems.append(f"hparam {name} has no description")

    with tempfile.TemporaryDirectory() as scratch:
        path = os.path.join(scratch, "expected.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(expected, f)
        readback.check_event_files(args.logdir, expected)
        readback.check_runs(args.logdir, expected)
        readback.check_experiment(args.logdir, expected)
        readback.check_csv(path, expected)
        if args.server:
            readback.check_server(args.logdir, expected, "false")
            readback.check_server(args.logdir, expected, "true")
    problems += readback.problems
    points = sum(len(p) for run in runs for p in run["scalars"].values())
    if problems:
        for message in problems:
            print("mismatch:", message)
        print(f"{len(problems)} mismatches")
        return 1
    print(f"{args.report}: read back {len(runs)} runs, {points} scalar points, "
          f"{sum(len(r['hparams']) for r in runs)} hyperparameter values, {len(rows)} CSV rows: all match")
    return 0


if __name__ == "__main__":
    sys.exit(main())
