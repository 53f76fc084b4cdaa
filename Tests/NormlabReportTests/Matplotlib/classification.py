#!/usr/bin/env python3
"""scikit-learn's renderings of the per-class evaluation in a run's metrics.json, to look at
beside normlab's `charts/confusion_matrix.png` and `charts/roc.png`, and a check of normlab's
numbers against scikit-learn's own.

    normlab run experiments/softmax.yaml --out reports        # confusion matrices
    normlab run experiments/regularization.yaml --out reports # ROC curves
    python3 Tests/NormlabReportTests/Matplotlib/classification.py reports/softmax OUT_DIR

For every run, the confusion matrix is expanded back to (true, predicted) label pairs and
scikit-learn's precision_recall_fscore_support is compared with normlab's per-class and
averaged scores; the ROC curve's AUC is recomputed with sklearn.metrics.auc from normlab's
points. Exits 1 on a mismatch (beyond 1e-9 for scores, 1e-6 for the AUC, which metrics.json
keeps to 7 significant digits). Writes OUT_DIR/<experiment>-confusion.png and
OUT_DIR/<experiment>-roc.png.
"""
import json
import os
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.metrics import ConfusionMatrixDisplay, auc, precision_recall_fscore_support  # noqa: E402


def check_scores(run, problems):
    record = run["classification"]
    confusion = np.array(record["confusion"])
    k = confusion.shape[0]
    truth = np.repeat(np.arange(k), confusion.sum(axis=1))
    predicted = np.concatenate([np.repeat(np.arange(k), row) for row in confusion])
    precision, recall, f1, support = precision_recall_fscore_support(
        truth, predicted, labels=np.arange(k), zero_division=0)
    name = f"{run['variant']} seed {run['seed']}"
    for c, scores in enumerate(record["per_class"]):
        for key, expected in (("precision", precision[c]), ("recall", recall[c]), ("f1", f1[c]), ("support", support[c])):
            if abs(scores[key] - expected) > 1e-9:
                problems.append(f"{name} class {c} {key}: normlab {scores[key]}, scikit-learn {expected}")
    for average, key in (("macro", "macro_average"), ("weighted", "weighted_average")):
        p, r, f, _ = precision_recall_fscore_support(truth, predicted, labels=np.arange(k), average=average, zero_division=0)
        for field, expected in (("precision", p), ("recall", r), ("f1", f)):
            if abs(record[key][field] - expected) > 1e-9:
                problems.append(f"{name} {average} {field}: normlab {record[key][field]}, scikit-learn {expected}")
    roc = record.get("roc")
    if roc:
        area = auc(roc["fpr"], roc["tpr"])
        # metrics.json keeps 7 significant digits of the curve and of the AUC.
        if abs(area - roc["auc"]) > 1e-6:
            problems.append(f"{name} AUC: normlab {roc['auc']}, sklearn.metrics.auc {area}")


def main():
    folder, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    result = json.load(open(os.path.join(folder, "metrics.json")))
    labels = {v["name"]: v["label"] for v in result["variants"]}
    by_variant = defaultdict(list)
    for run in result["runs"]:
        if run.get("classification"):
            by_variant[run["variant"]].append(run)
    problems = []
    for runs in by_variant.values():
        for run in runs:
            check_scores(run, problems)
    name = result["experiment"]
    names = result.get("class_names")
    variants = list(by_variant)[:3]
    if variants:
        figure, axes = plt.subplots(len(variants), 2, figsize=(8, 3.6 * len(variants)), squeeze=False)
        for row, variant in enumerate(variants):
            summed = sum(np.array(r["classification"]["confusion"]) for r in by_variant[variant])
            display = names or list(range(summed.shape[0]))
            ConfusionMatrixDisplay(summed, display_labels=display).plot(ax=axes[row][0], colorbar=False)
            axes[row][0].set_title(f"{labels[variant]}: counts")
            shares = summed / np.maximum(summed.sum(axis=1, keepdims=True), 1)
            ConfusionMatrixDisplay(shares, display_labels=display).plot(ax=axes[row][1], colorbar=False, values_format=".2f")
            axes[row][1].set_title(f"{labels[variant]}: share of each true class")
        figure.tight_layout()
        figure.savefig(os.path.join(out, f"{name}-confusion.png"), dpi=150)
    curves = [(v, [r["classification"]["roc"] for r in runs if r["classification"].get("roc")]) for v, runs in by_variant.items()]
    curves = [(v, c) for v, c in curves if c]
    if curves:
        figure, ax = plt.subplots(figsize=(5, 4.8))
        ax.plot([0, 1], [0, 1], "--", color="0.6", lw=1)
        for i, (variant, rocs) in enumerate(curves):
            color = f"C{i}"
            for roc in rocs[1:]:
                ax.plot(roc["fpr"], roc["tpr"], color=color, alpha=0.35, lw=0.8)
            areas = [roc["auc"] for roc in rocs]
            ax.plot(rocs[0]["fpr"], rocs[0]["tpr"], color=color, lw=1.8,
                    label=f"{labels[variant]}: AUC {np.mean(areas):.3f} ± {np.std(areas, ddof=1) if len(areas) > 1 else 0:.2f}")
        ax.set_xlabel("false positive rate")
        ax.set_ylabel("true positive rate")
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.legend(loc="lower right", fontsize=8)
        ax.set_title("ROC curves on the test set")
        figure.tight_layout()
        figure.savefig(os.path.join(out, f"{name}-roc.png"), dpi=150)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{name}: {sum(len(r) for r in by_variant.values())} runs checked, {len(problems)} mismatches")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
