#!/usr/bin/env python3
"""Careful matplotlib renderings of the report figures issue #18 changed, from a run's
metrics.json, to look at beside normlab's own PNGs (`charts/<name>.png`).

    normlab run experiments/NAME.yaml --out reports
    python3 Tests/NormlabReportTests/Matplotlib/figures.py reports OUT_DIR

Writes OUT_DIR/<experiment>-<chart>.png at 150 dpi for the experiments found under reports/.
"""
import json
import os
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.colors import BoundaryNorm, LogNorm  # noqa: E402

TOL = ["#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377", "#BBBBBB"]


def groups(result):
    out = defaultdict(list)
    for run in result["runs"]:
        out[(run["variant"], run.get("trial"))].append(run)
    return list(out.values())


def mean_curve(runs, key, x_key):
    n = max(len(r["history"][x_key]) for r in runs)
    x = max((r["history"][x_key] for r in runs), key=len)
    values = np.full((len(runs), n), np.nan)
    for i, r in enumerate(runs):
        v = [np.nan if a is None else a for a in r["history"][key]]
        values[i, : len(v)] = v
    return np.array(x, float), np.nanmean(values, 0), np.nanstd(values, 0)


def decision_boundary(result, out):
    gs = [g for g in groups(result) if g[0].get("boundary")]
    fig, axes = plt.subplots(1, len(gs), figsize=(8.9, 3.2), constrained_layout=True)
    sample = result["data_sample"]
    norm = BoundaryNorm(np.linspace(0, 1, 11), 256)
    for ax, g in zip(np.atleast_1d(axes), gs):
        b = g[0]["boundary"]
        n = b["resolution"]
        x = np.linspace(*b["x_range"], n)
        y = np.linspace(*b["y_range"], n)
        z = np.array(b["values"]).reshape(n, n)
        cf = ax.contourf(x, y, z, levels=np.linspace(0, 1, 11), cmap="RdBu_r", norm=norm, alpha=0.8)
        cs = ax.contour(x, y, z, levels=[0.5], colors="k", linewidths=1.4)
        ax.clabel(cs, fmt="%.1f", fontsize=7)
        lab = np.array(sample["label"])
        for k, (m, c) in enumerate([("o", "#2166AC"), ("^", "#B2182B")]):
            ax.scatter(np.array(sample["x"])[lab == k], np.array(sample["y"])[lab == k], marker=m, c=c,
                       edgecolors="white", linewidths=0.8, s=30, label=f"class {k}")
        tr = np.mean([r["final"]["train_accuracy"] for r in g])
        te = np.mean([r["final"]["test_accuracy"] for r in g])
        ax.set_title(f"{g[0]['label']}\ntrain {tr:.1%}, test {te:.1%}", fontsize=10)
        ax.set_aspect("equal")
        ax.set_xlabel("x₁")
    np.atleast_1d(axes)[0].set_ylabel("x₂")
    fig.colorbar(cf, ax=axes, label="P(class 1)", shrink=0.8)
    handles, labels = np.atleast_1d(axes)[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncol=3)
    fig.suptitle("Decision boundaries", fontweight="bold")
    fig.savefig(out, dpi=150)


def accuracy_by_epoch(result, out):
    fig, ax = plt.subplots(figsize=(6.4, 4.0), constrained_layout=True)
    for i, g in enumerate(groups(result)):
        for key, dash in [("train_accuracy", "-"), ("test_accuracy", "--")]:
            x, m, s = mean_curve(g, key, "epoch")
            ax.fill_between(x, m - s, m + s, color=TOL[i], alpha=0.15, lw=0)
            ax.plot(x, m, dash, color=TOL[i], lw=1.6, label=g[0]["label"] if dash == "-" else None)
    ax.plot([], [], "-", color="#666666", label="train")
    ax.plot([], [], "--", color="#666666", label="test")
    ax.set_xlabel("epoch")
    ax.set_ylabel("accuracy")
    ax.grid(color="#E3E3E3")
    ax.legend(loc="best", fontsize=8)
    ax.set_title("Accuracy — " + result["title"], fontweight="bold")
    fig.savefig(out, dpi=150)


def gradient_norms(result, out):
    gs = groups(result)
    cols = 3 if len(gs) > 4 else len(gs)
    rows = (len(gs) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(8.9, 2.9 * rows + 0.6), sharex=True,
                             constrained_layout=True, squeeze=False)
    lines = []
    for ax, g in zip(axes.flat, gs):
        norms = np.array([[np.nan if v is None else v for v in row]
                          for row in g[0]["diagnostics"]["gradient_norms"]], float)
        steps = np.array(g[0]["history"]["step"][: len(norms)], float)
        stacked = np.array([[[np.nan if v is None else v for v in row]
                             for row in r["diagnostics"]["gradient_norms"][: len(norms)]] for r in g], float)
        mean = np.nanmean(stacked, 0) if stacked.size else norms
        ax.set_title(g[0]["label"], fontsize=10)
        ax.set_yscale("log")
        ax.grid(color="#E3E3E3")
        drawable = np.isfinite(mean) & (mean > 0)
        if not drawable.any():
            reason = "no finite values: the runs diverged" if not np.isfinite(mean).any() else "every value is 0"
            ax.text(0.5, 0.5, reason, transform=ax.transAxes, ha="center", color="#666666", fontsize=8, wrap=True)
            ax.set_ylim(1e-10, 10)
            continue
        for k in range(mean.shape[1]):
            name = "output layer" if k == mean.shape[1] - 1 else f"layer {k + 1}"
            lines += ax.plot(steps, mean[:, k], color=TOL[k % 7], lw=1.4, label=name)
    for ax in axes.flat[len(gs):]:
        ax.set_visible(False)
    for ax in axes[-1]:
        ax.set_xlabel("step")
    axes[0][0].set_ylabel("‖dW‖ (log scale)")
    seen = {}
    for line in lines:
        seen.setdefault(line.get_label(), line)
    fig.legend(seen.values(), seen.keys(), loc="outside lower center", ncol=4, fontsize=8)
    fig.suptitle("Gradient norm per layer", fontweight="bold")
    fig.savefig(out, dpi=150)


def contours(result, out):
    surfaces = result["analyses"]["loss_surfaces"]
    fig, axes = plt.subplots(1, len(surfaces), figsize=(8.9, 4.2), constrained_layout=True)
    names = {"gd": "gradient descent", "momentum": "momentum", "rmsprop": "RMSprop", "adam": "Adam"}
    colors = ["#222222", "#EE6677", "#228833", "#4477AA"]
    excess = [np.maximum(np.array(s["values"]) - s["minimum_loss"], 0) for s in surfaces]
    top = max(e.max() for e in excess)
    floor = min(max(np.sort(e[e > 0])[len(e[e > 0]) // 50], e.max() * 1e-5) for e in excess)
    levels = np.geomspace(floor, top, 13)
    for ax, s, e in zip(np.atleast_1d(axes), surfaces, excess):
        n = s["resolution"]
        x = np.linspace(*s["x_range"], n)
        y = np.linspace(*s["y_range"], n)
        z = np.maximum(e, floor).reshape(n, n)
        cf = ax.contourf(x, y, z, levels=levels, norm=LogNorm(), cmap="viridis", alpha=0.35)
        cs = ax.contour(x, y, z, levels=levels, colors="#555555", linewidths=0.45)
        ax.clabel(cs, fmt="%.2g", fontsize=6.5)
        for p, c in zip(s["paths"], colors):
            ax.plot(p["x"], p["y"], "-o", color=c, lw=0.9, ms=2, label=names.get(p["optimizer"], p["optimizer"]))
        ax.plot(s["paths"][0]["x"][0], s["paths"][0]["y"][0], "o", color="k", ms=7, mec="white", label="start")
        ax.plot(*s["minimum"], "*", color="k", ms=11, mec="white", label="minimum")
        ax.set_title(f"{s['inputs'].capitalize()} inputs, κ = {s['condition_number']:.2g}", fontsize=10)
        if abs((x[-1] - x[0]) - (y[-1] - y[0])) < 1e-6 * (x[-1] - x[0]):
            ax.set_aspect("equal")
        ax.set_xlabel("w₁")
    np.atleast_1d(axes)[0].set_ylabel("w₂")
    fig.colorbar(cf, ax=axes, label="loss above minimum")
    handles, labels = np.atleast_1d(axes)[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncol=6, fontsize=8)
    fig.suptitle("Loss surface before and after input normalization", fontweight="bold")
    fig.savefig(out, dpi=150)


def final_metrics(result, out):
    gs = [g for g in groups(result)]
    labels = [g[0]["label"] for g in gs]
    fig, axes = plt.subplots(2, 1, figsize=(8.9, 5.6), constrained_layout=True)
    for ax, (title, tr, te) in zip(axes, [("final accuracy", "train_accuracy", "test_accuracy"),
                                          ("final loss", "train_loss", "test_loss")]):
        x = np.arange(len(gs))
        for off, key, color, name in [(-0.2, tr, "#9DB5D3", "train"), (0.2, te, "#4477AA", "test")]:
            vals = [[r["final"][key] for r in g if r["final"][key] is not None] for g in gs]
            m = [np.mean(v) if v else np.nan for v in vals]
            s = [np.std(v) if v else np.nan for v in vals]
            ax.bar(x + off, m, 0.38, yerr=s, color=color, label=name, capsize=4)
        for k, g in enumerate(gs):
            if all(r["final"]["diverged"] for r in g):
                ax.text(k, 0.02, "diverged", rotation=90, ha="center", va="bottom", color="#666666", style="italic")
        ax.set_xticks(x, labels)
        ax.set_title(title, fontweight="bold", fontsize=10)
        ax.set_ylabel("mean ± std")
        ax.legend(loc="best")
    fig.suptitle("Final metrics", fontweight="bold")
    fig.savefig(out, dpi=150)


CHARTS = {
    "regularization": [("decision_boundary", decision_boundary)],
    "bn-batch-size": [("accuracy", accuracy_by_epoch)],
    "initialization": [("gradient_norms", gradient_norms), ("final_metrics", final_metrics)],
    "optimizers": [("contours", contours)],
    "input-normalization": [("contours", contours)],
}


def main():
    reports, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    for name, charts in CHARTS.items():
        path = os.path.join(reports, name, "metrics.json")
        if not os.path.exists(path):
            continue
        result = json.load(open(path))
        for chart, draw in charts:
            draw(result, os.path.join(out, f"{name}-{chart}.png"))
            plt.close("all")


if __name__ == "__main__":
    main()
