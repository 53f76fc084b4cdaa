#!/usr/bin/env python3
"""Runs every shipped experiment over several seed sets and prints, per `expect:` clause, how
close it came to failing: the p-value of a noise-aware clause, the two sides of a plain one.
The table in docs/experiments.md ("Seed-set margins") is this script's output.

usage: scripts/seed-margins.py [--normlab .build/release/normlab] [--offsets 0,10,20] [EXPERIMENT...]
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def seeds_of(text):
    value = re.search(r"^seeds: (.*)$", text, re.M).group(1).strip()
    if value.isdigit():
        return list(range(1, int(value) + 1))
    return [int(x) for x in value.strip("[]").split(",")]


def shifted(text, offset):
    """The experiment with every seed moved by `offset`."""
    match = re.search(r"^seeds: (.*)$", text, re.M)
    seeds = [s + offset for s in seeds_of(text)]
    return text[: match.start()] + "seeds: [" + ", ".join(map(str, seeds)) + "]" + text[match.end():]


def cell(expectation):
    test = expectation.get("test")
    mark = "" if expectation["passed"] else " ✘"
    if test:
        return f"p = {test['p_value']:.2g}{mark}"
    def shown(key, value):
        if value is None:
            return "not reached" if "_to(" in key else "n/a"
        return f"{value:.3g}"
    values = ", ".join(f"{k} {shown(k, v)}" for k, v in sorted(expectation.get("values", {}).items()))
    return (values or "holds") + mark


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--normlab", default=os.path.join(ROOT, ".build/release/normlab"))
    parser.add_argument("--offsets", default="0,10,20")
    parser.add_argument("experiments", nargs="*")
    args = parser.parse_args()
    offsets = [int(x) for x in args.offsets.split(",")]
    files = args.experiments or sorted(
        os.path.join(ROOT, "experiments", f) for f in os.listdir(os.path.join(ROOT, "experiments")) if f.endswith(".yaml"))
    rows = []
    failures = 0
    with tempfile.TemporaryDirectory() as work:
        for path in files:
            text = open(path, encoding="utf-8").read()
            if "expect:" not in text:
                continue
            name = os.path.splitext(os.path.basename(path))[0]
            columns = []
            for offset in offsets:
                # The copy sits beside the original so relative data paths still resolve.
                copy = os.path.join(os.path.dirname(path), f".{name}-seeds{offset}.yaml")
                with open(copy, "w", encoding="utf-8") as handle:
                    handle.write(shifted(text, offset))
                out = os.path.join(work, f"{name}-{offset}")
                try:
                    subprocess.run([args.normlab, "run", copy, "--out", out, "--no-progress"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                finally:
                    os.remove(copy)
                folder = os.path.join(out, os.listdir(out)[0]) if os.path.isdir(out) and os.listdir(out) else None
                metrics = json.load(open(os.path.join(folder, "metrics.json"))) if folder else {"expectations": []}
                columns.append({e["clause"]: e for e in metrics["expectations"]})
                failures += sum(not e["passed"] for e in metrics["expectations"])
            for clause in columns[0] if columns else []:
                cells = [cell(c[clause]) if clause in c else "not run" for c in columns]
                rows.append((name, clause, cells))
            print(f"{name}: done", file=sys.stderr)
    base = seeds_of(open(files[0], encoding="utf-8").read()) if files else []
    header = ["experiment", "clause"] + [f"seeds +{o}" for o in offsets]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for name, clause, cells in rows:
        print(f"| {name} | `{clause}` | " + " | ".join(cells) + " |")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
