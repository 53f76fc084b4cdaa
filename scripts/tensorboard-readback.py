#!/usr/bin/env python3
"""Reads a normlab TensorBoard export back with TensorBoard's own readers and checks every value.

Usage:
    tensorboard-readback.py LOGDIR EXPECTED.json [--server]

EXPECTED.json is written by `swift run NormlabInteropSample OUTDIR` next to OUTDIR/logdir (or
by scripts/export-readback.py from a report's metrics.json); it lists each run's
hyperparameters and scalar points, the declared metrics (and optionally "hparam_order", the
hyperparameters declared first), and the rows of the tidy CSV (OUTDIR/tidy.csv). The script
checks:

  * every event file with TensorBoard's `EventFileLoader` (which verifies each TFRecord's
    masked CRC-32C): first event `file_version == "brain.Event:2"`, every wall time equal;
  * every scalar with `EventAccumulator`: the same tags, steps and values (values exactly
    equal to the expected number rounded to float32; NaN and infinities included);
  * the HParams plugin data with `plugin_data_pb2.HParamsPluginData`: plugin version 0, each
    run's `session_start_info` (hyperparameters exactly, group name, start time) and
    `session_end_info` (status, end time); the experiment summary's metrics, and its
    hyperparameter types and domains recomputed here from the runs' values;
  * the tidy CSV with `pandas.read_csv`: exactly with nullable integer columns (and, before
    pandas 3, `float_precision="round_trip"`), and with plain `read_csv(path)` within one unit
    in the last place (integer columns with gaps read as float64 there);
  * with --server: starts `tensorboard --logdir LOGDIR` on 127.0.0.1 and checks that its
    HTTP API lists every run, scalar tag and HParams session group.

Exits 0 when everything matches, 1 listing every mismatch, 2 on bad arguments.
Needs: pip install tensorboard pandas
"""

import argparse
import glob
import json
import math
import os
import socket
import struct
import subprocess
import sys
import time
import urllib.parse
import urllib.request

from tensorboard.backend.event_processing import event_accumulator, event_file_loader
from tensorboard.compat.proto import event_pb2
from tensorboard.plugins.hparams import api_pb2, plugin_data_pb2

EXPERIMENT_TAG = "_hparams_/experiment"
START_TAG = "_hparams_/session_start_info"
END_TAG = "_hparams_/session_end_info"

problems = []


def problem(message):
    problems.append(message)


def to_float32(x):
    """The value `simple_value` stores for x: round to nearest float32, overflowing to inf."""
    if math.isnan(x) or math.isinf(x):
        return x
    try:
        return struct.unpack("<f", struct.pack("<f", x))[0]
    except OverflowError:
        return math.copysign(math.inf, x)


def same_number(a, b):
    return (math.isnan(a) and math.isnan(b)) or a == b


def hparam_from_proto(value):
    kind = value.WhichOneof("kind")
    if kind == "number_value":
        return {"number": value.number_value}
    if kind == "string_value":
        return {"string": value.string_value}
    if kind == "bool_value":
        return {"bool": value.bool_value}
    return {kind: None}


def same_hparam(a, b):
    if a.keys() != b.keys():
        return False
    (key,) = a.keys()
    if key == "number":
        return same_number(a[key], b[key])
    return a[key] == b[key]


def event_files(directory):
    return sorted(glob.glob(os.path.join(directory, "*tfevents*")))


def check_event_files(logdir, expected):
    """Raw records via RawEventFileLoader, which checks every record's masked CRC-32C, then the
    events as TensorBoard migrates them on load (EventFileLoader)."""
    directories = [logdir] + [os.path.join(logdir, run["name"]) for run in expected["runs"]]
    for directory in directories:
        files = event_files(directory)
        if len(files) != 1:
            problem(f"{directory}: expected one event file, found {len(files)}")
            continue
        path = files[0]
        if os.path.basename(path) != f"events.out.tfevents.{expected['wall_time']}.normlab":
            problem(f"{path}: unexpected file name")
        records = list(event_file_loader.RawEventFileLoader(path).Load())
        # A record that failed its CRC stops the loader early: the byte count catches it.
        framed = sum(16 + len(record) for record in records)
        if framed != os.path.getsize(path):
            problem(f"{path}: loader read {framed} of {os.path.getsize(path)} bytes")
        events = [event_pb2.Event.FromString(record) for record in records]
        if not events or events[0].file_version != "brain.Event:2":
            problem(f"{path}: first event is not file_version brain.Event:2")
        for event in events:
            if event.wall_time != expected["wall_time"]:
                problem(f"{path}: event at step {event.step} has wall time {event.wall_time}")
        migrated = list(event_file_loader.EventFileLoader(path).Load())
        if len(migrated) != len(events):
            problem(f"{path}: {len(migrated)} events after TensorBoard's migration, {len(events)} raw")


def load(path):
    acc = event_accumulator.EventAccumulator(
        path,
        size_guidance={event_accumulator.SCALARS: 0, event_accumulator.TENSORS: 0},
        purge_orphaned_data=True,
    )
    acc.Reload()
    return acc


def plugin_data(acc, tag, oneof):
    content = acc.PluginTagToContent("hparams").get(tag)
    if content is None:
        return None
    data = plugin_data_pb2.HParamsPluginData.FromString(content)
    if data.version != 0:
        problem(f"{tag}: plugin data version {data.version}, expected 0")
    if data.WhichOneof("data") != oneof:
        problem(f"{tag}: plugin data holds {data.WhichOneof('data')}, expected {oneof}")
    return getattr(data, oneof)


def check_runs(logdir, expected):
    for run in expected["runs"]:
        name = run["name"]
        acc = load(os.path.join(logdir, name))
        tags = set(acc.Tags()["scalars"])
        if tags != set(run["scalars"]):
            problem(f"{name}: scalar tags {sorted(tags)}, expected {sorted(run['scalars'])}")
        for tag, points in run["scalars"].items():
            if tag not in tags:
                continue
            got = [(e.step, e.value, e.wall_time) for e in acc.Scalars(tag)]
            want = sorted(((step, to_float32(value)) for step, value in points), key=lambda p: p[0])
            if [g[0] for g in got] != [w[0] for w in want]:
                problem(f"{name} {tag}: steps {[g[0] for g in got]}, expected {[w[0] for w in want]}")
                continue
            for (step, value, wall), (_, expected_value) in zip(got, want):
                if not same_number(value, expected_value):
                    problem(f"{name} {tag} step {step}: {value!r}, expected {expected_value!r}")
                if wall != expected["wall_time"]:
                    problem(f"{name} {tag} step {step}: wall time {wall}")

        start = plugin_data(acc, START_TAG, "session_start_info")
        if start is None:
            problem(f"{name}: no {START_TAG}")
        else:
            got = {k: hparam_from_proto(v) for k, v in start.hparams.items()}
            if got.keys() != run["hparams"].keys() or not all(
                same_hparam(got[k], run["hparams"][k]) for k in got
            ):
                problem(f"{name}: hparams {got}, expected {run['hparams']}")
            if start.group_name != (run["group"] or ""):
                problem(f"{name}: group {start.group_name!r}, expected {run['group']!r}")
            if start.start_time_secs != expected["wall_time"]:
                problem(f"{name}: start time {start.start_time_secs}")

        end = plugin_data(acc, END_TAG, "session_end_info")
        if run["status"] is None:
            if end is not None:
                problem(f"{name}: unexpected {END_TAG}")
        elif end is None:
            problem(f"{name}: no {END_TAG}")
        elif end.status != run["status"] or end.end_time_secs != expected["wall_time"]:
            problem(f"{name}: end info {end}, expected status {run['status']}")


def expected_hparam_infos(expected):
    """Types and domains from the runs' values, by the rules docs/tensorboard.md states."""
    values = {}
    for run in expected["runs"]:
        for key, value in run["hparams"].items():
            values.setdefault(key, []).append(value)
    infos = {}
    for key, items in values.items():
        kinds = {next(iter(v)) for v in items}
        distinct = []
        for v in items:
            if not any(same_hparam(v, d) for d in distinct):
                distinct.append(v)
        info = {"differs": len(distinct) > 1}
        if kinds == {"number"}:
            info["type"] = api_pb2.DATA_TYPE_FLOAT64
            finite = [v["number"] for v in items if math.isfinite(v["number"])]
            info["interval"] = (min(finite), max(finite)) if finite else None
        else:
            info["type"] = {
                frozenset({"string"}): api_pb2.DATA_TYPE_STRING,
                frozenset({"bool"}): api_pb2.DATA_TYPE_BOOL,
            }.get(frozenset(kinds), api_pb2.DATA_TYPE_UNSET)
            rank = {"bool": 0, "number": 1, "string": 2}
            kept = [v for v in distinct if "number" not in v or math.isfinite(v["number"])]
            info["discrete"] = sorted(kept, key=lambda v: (rank[next(iter(v))], next(iter(v.values()))))
        infos[key] = info
    return infos


def check_experiment(logdir, expected):
    experiment = plugin_data(load(logdir), EXPERIMENT_TAG, "experiment")
    if experiment is None:
        problem(f"{logdir}: no {EXPERIMENT_TAG}")
        return
    if experiment.name != expected["experiment_name"]:
        problem(f"experiment name {experiment.name!r}")
    if experiment.time_created_secs != expected["wall_time"]:
        problem(f"experiment time {experiment.time_created_secs}")
    metrics = [(m.name.group, m.name.tag) for m in experiment.metric_infos]
    if metrics != [("", tag) for tag in expected["metrics"]]:
        problem(f"experiment metrics {metrics}, expected {expected['metrics']}")
    want = expected_hparam_infos(expected)
    names = [info.name for info in experiment.hparam_infos]
    # The names of "hparam_order" first, in that order; the rest in UTF-8 byte order.
    first = [n for n in dict.fromkeys(expected.get("hparam_order", [])) if n in want]
    order = first + sorted((n for n in want if n not in first), key=lambda s: s.encode())
    if names != order:
        problem(f"experiment hparams {names}, expected {order}")
    for info in experiment.hparam_infos:
        w = want.get(info.name)
        if w is None:
            continue
        if info.type != w["type"] or info.differs != w["differs"]:
            problem(f"hparam {info.name}: type {info.type} differs {info.differs}, expected {w}")
        if info.description != expected["hparam_descriptions"].get(info.name, ""):
            problem(f"hparam {info.name}: description {info.description!r}")
        domain = info.WhichOneof("domain")
        if "interval" in w:
            if w["interval"] is None:
                if domain is not None:
                    problem(f"hparam {info.name}: domain {domain}, expected none")
            elif domain != "domain_interval" or (
                info.domain_interval.min_value,
                info.domain_interval.max_value,
            ) != w["interval"]:
                problem(f"hparam {info.name}: {domain} {info.domain_interval}, expected interval {w['interval']}")
        else:
            got = [hparam_from_proto(v) for v in info.domain_discrete.values]
            if domain != "domain_discrete" or got != w["discrete"]:
                problem(f"hparam {info.name}: discrete {got}, expected {w['discrete']}")


def check_csv(expected_path, expected):
    import pandas as pd

    spec = expected["csv"]
    path = os.path.join(os.path.dirname(os.path.abspath(expected_path)), spec["file"])
    integers = {column: "Int64" for column in ("seed", "trial", "step")}
    # pandas 3 parses floats exactly by default (and deprecates float_precision); pandas 2's
    # default parser can be one unit in the last place off, its round-trip parser is exact.
    precise = {"float_precision": "round_trip"} if int(pd.__version__.split(".")[0]) < 3 else {}
    exact = pd.read_csv(path, dtype=integers, **precise)
    default = pd.read_csv(path)
    if list(exact.columns) != spec["columns"]:
        problem(f"csv columns {list(exact.columns)}, expected {spec['columns']}")
        return
    if len(exact) != len(spec["rows"]):
        problem(f"csv has {len(exact)} rows, expected {len(spec['rows'])}")
        return
    for index, row in enumerate(spec["rows"]):
        for column, want in zip(spec["columns"], row):
            for frame, ulps in ((exact, 0), (default, 1)):
                got = frame.at[index, column]
                if not csv_value_matches(got, want, ulps):
                    problem(f"csv row {index} {column}: {got!r}, expected {want!r} (ulps {ulps})")


def csv_value_matches(got, want, ulps):
    import numpy
    import pandas as pd

    if want is None:
        return pd.isna(got)
    if isinstance(want, dict):  # a swept hyperparameter
        (kind, value) = next(iter(want.items()))
        if kind == "string" and value == "":
            return pd.isna(got)  # empty strings and missing values are both empty fields
        want = value
    if isinstance(want, bool):
        return isinstance(got, (bool, numpy.bool_)) and bool(got) == want
    if isinstance(want, str):
        return isinstance(got, str) and got == want
    if isinstance(want, int) and not isinstance(want, bool):
        if pd.isna(got):
            return False
        if isinstance(got, float):  # an integer column with missing values reads as float64
            return got == float(want)
        return int(got) == want
    got = float(got)
    if math.isnan(want) or math.isnan(got):
        return math.isnan(want) and math.isnan(got)
    if ulps == 0 or got == want or math.isinf(want):
        return got == want
    return abs(got - want) <= ulps * math.ulp(want)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def check_server(logdir, expected, load_fast):
    """Serves LOGDIR on loopback and asks the HTTP API what the dashboards would show."""
    port = free_port()
    command = [
        sys.executable, "-m", "tensorboard.main", "--logdir", logdir, "--host", "127.0.0.1",
        "--port", str(port), "--load_fast", load_fast, "--reload_interval", "0",
    ]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        runs = None
        want_runs = {run["name"] for run in expected["runs"]}
        for _ in range(120):  # up to 60 s for start-up and the first load
            time.sleep(0.5)
            if server.poll() is not None:
                problem(f"tensorboard --load_fast={load_fast} exited: {server.stderr.read().decode()[-2000:]}")
                return
            try:
                runs = json.load(urllib.request.urlopen(base + "/data/runs", timeout=5))
            except OSError:
                continue
            if want_runs <= set(runs):
                break
        if runs is None or not want_runs <= set(runs):
            problem(f"server ({load_fast}): runs {runs}, expected {sorted(want_runs)}")
            return
        tags = json.load(urllib.request.urlopen(base + "/data/plugin/scalars/tags", timeout=10))
        for run in expected["runs"]:
            if set(tags.get(run["name"], {})) != set(run["scalars"]):
                problem(f"server ({load_fast}): {run['name']} scalar tags {sorted(tags.get(run['name'], {}))}")
        body = json.dumps({"experimentName": ""}).encode()
        request = urllib.request.Request(
            base + "/data/plugin/hparams/experiment", data=body,
            headers={"Content-Type": "application/json", "X-TensorBoard-Feature-Flags": "{}"},
        )
        experiment = json.load(urllib.request.urlopen(request, timeout=10))
        names = {info["name"] for info in experiment.get("hparamInfos", [])}
        want_names = {k for run in expected["runs"] for k in run["hparams"]}
        if names != want_names:
            problem(f"server ({load_fast}): experiment hparams {sorted(names)}, expected {sorted(want_names)}")
        metric_tags = [m["name"]["tag"] for m in experiment.get("metricInfos", [])]
        if metric_tags != expected["metrics"]:
            problem(f"server ({load_fast}): metrics {metric_tags}, expected {expected['metrics']}")
        groups_request = {
            "experimentName": "", "allowedStatuses": ["STATUS_UNKNOWN", "STATUS_SUCCESS", "STATUS_FAILURE", "STATUS_RUNNING"],
            "colParams": [{"hparam": n} for n in sorted(want_names)]
            + [{"metric": {"tag": t, "group": ""}} for t in expected["metrics"]],
            "startIndex": 0, "sliceSize": 1000, "aggregationType": "AGGREGATION_AVG",
        }
        request = urllib.request.Request(
            base + "/data/plugin/hparams/session_groups", data=json.dumps(groups_request).encode(),
            headers={"Content-Type": "application/json", "X-TensorBoard-Feature-Flags": "{}"},
        )
        groups = json.load(urllib.request.urlopen(request, timeout=10))
        sessions = {s["name"] for g in groups.get("sessionGroups", []) for s in g["sessions"]}
        if sessions != want_runs:
            problem(f"server ({load_fast}): sessions {sorted(sessions)}, expected {sorted(want_runs)}")
        want_groups = {run["group"] or run["name"] for run in expected["runs"]}
        got_groups = {g["name"] for g in groups.get("sessionGroups", [])}
        if got_groups != want_groups:
            problem(f"server ({load_fast}): groups {sorted(got_groups)}, expected {sorted(want_groups)}")
        print(f"server --load_fast={load_fast}: {len(runs)} runs, {len(got_groups)} session groups, "
              f"{len(names)} hparams, {len(metric_tags)} metrics")
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("logdir")
    parser.add_argument("expected")
    parser.add_argument("--server", action="store_true", help="also query a running tensorboard's HTTP API")
    args = parser.parse_args()
    with open(args.expected, encoding="utf-8") as f:
        expected = json.load(f)

    check_event_files(args.logdir, expected)
    check_runs(args.logdir, expected)
    check_experiment(args.logdir, expected)
    check_csv(args.expected, expected)
    if args.server:
        check_server(args.logdir, expected, "false")
        check_server(args.logdir, expected, "true")

    points = sum(len(p) for run in expected["runs"] for p in run["scalars"].values())
    if problems:
        for message in problems:
            print("mismatch:", message)
        print(f"{len(problems)} mismatches")
        return 1
    print(f"read back {len(expected['runs'])} runs, {points} scalar points, "
          f"{len(expected['csv']['rows'])} CSV rows: all match")
    return 0


if __name__ == "__main__":
    sys.exit(main())
