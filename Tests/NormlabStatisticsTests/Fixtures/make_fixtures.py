"""Reference values for NormlabStatisticsTests, computed independently of the Swift code.

Run from this folder: `python3 make_fixtures.py` (needs numpy, scipy, scikit-learn, mpmath).
Writes fixtures.json. Distribution functions use mpmath at 40 digits as the reference, because
SciPy's own t CDF is off in places (e.g. t.cdf(1e-8, df=1) = 0.5000000047, exact 0.5000000032;
t.isf(1e-300, df=1.5) overflows); SciPy's values are recorded next to them for comparison.
"""
import json
import math

import mpmath
import numpy as np
from scipy import special, stats
from sklearn import metrics

mpmath.mp.dps = 40
rng = np.random.default_rng(20240611)
# Samples by name, stored once; summary and t-test cases refer to them ("name", "name/left").
SAMPLES = {}


def f(x):
    """A JSON number; infinities as strings (JSON has none)."""
    x = float(x)
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if math.isnan(x):
        return "nan"
    return x


# ---------------------------------------------------------------- Student t, by mpmath

def t_sf_quad(t, n):
    """P(T > t) by high-precision quadrature of the density (large df, t >= 0)."""
    N = mpmath.mpf(n)
    T = mpmath.mpf(t)
    c = mpmath.loggamma((N + 1) / 2) - mpmath.loggamma(N / 2) - mpmath.log(N * mpmath.pi) / 2
    dens = lambda s: mpmath.exp(c - (N + 1) / 2 * mpmath.log1p(s * s / N))
    if T < 1:
        return mpmath.mpf(1) / 2 - mpmath.quad(dens, mpmath.linspace(0, T, 9))
    # s = e^v turns the power-law tail into an exponential one; steps follow its decay rate.
    g = lambda v: dens(mpmath.exp(v)) * mpmath.exp(v)
    v0 = mpmath.log(T)
    rate = max(mpmath.mpf(1), min(N + 1, T * T * (N + 1) / (N + T * T)))
    h = 1 / (2 * rate)
    pts = [v0 + k * h for k in range(81)] + [v0 + 80 * h + j for j in range(1, 40)] + [mpmath.inf]
    return mpmath.quad(g, pts)


def t_sf(t, n):
    """P(T > t): the regularized incomplete beta where its series converges, else quadrature."""
    N = mpmath.mpf(n)
    T = mpmath.mpf(abs(t))
    x = N / (N + T * T)
    if n <= 1000 or x < mpmath.mpf(1) / 2:
        v = mpmath.betainc(N / 2, mpmath.mpf(1) / 2, 0, x, regularized=True) / 2
    else:
        v = t_sf_quad(T, n)
    return v if t >= 0 else 1 - v


def student_t_cases():
    cases = []
    dfs = [1, 1.5, 2, 3, 4.7, 5, 10, 30, 100, 1e3, 3e3, 1e4, 2e4, 1e5, 1e6]
    ts = [0, 1e-8, 0.1, 0.5, 1, 1.96, 2.5, 4, 10, 37, 1e3]
    for df in dfs:
        for t in ts:
            for sign in ([1, -1] if t else [1]):
                x = sign * t
                tail = t_sf(t, df)  # the small side, computed directly
                sf, cdf = (tail, 1 - tail) if sign > 0 else (1 - tail, tail)
                if tail < mpmath.mpf("1e-300"):
                    continue
                cases.append({
                    "df": df, "t": x, "cdf": float(cdf), "sf": float(sf),
                    "scipy_cdf": float(stats.t.cdf(x, df)), "scipy_sf": float(stats.t.sf(x, df)),
                })
    return cases


def student_t_quantile_cases():
    """Quantiles: SciPy's isf, kept only where mpmath's tail at that point gives back q."""
    cases = []
    for df in [1, 1.5, 2, 3, 4.7, 10, 30, 100, 1e3, 1e4, 1e5, 1e6]:
        for q in [1e-100, 1e-20, 1e-10, 1e-5, 1e-3, 0.025, 0.05, 0.1, 0.3, 0.49]:
            isf = float(stats.t.isf(q, df))
            back = t_sf(isf, df)
            if abs(back / q - 1) > 1e-11:
                continue  # SciPy inaccurate here; covered by the round-trip property tests.
            cases.append({"df": df, "q": q, "isf": isf, "ppf": float(stats.t.ppf(q, df))})
    return cases


def normal_cases():
    cases = []
    for x in [-38, -20, -5, -1.96, -0.5, 0, 1e-10, 0.5, 1.2, 3, 8, 20]:
        X = mpmath.mpf(x)
        sf = mpmath.erfc(X / mpmath.sqrt(2)) / 2
        cdf = mpmath.erfc(-X / mpmath.sqrt(2)) / 2
        cases.append({"x": x, "cdf": float(cdf), "sf": float(sf)})
    quantiles = []
    for p in [1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.001, 0.025, 0.1, 0.3, 0.49, 0.5, 0.6, 0.975]:
        quantiles.append({"p": p, "ppf": float(stats.norm.ppf(p)), "isf": float(stats.norm.isf(p))})
    return cases, quantiles


# ---------------------------------------------------------------- summaries

def summary_cases():
    samples = {
        "n2": [0.91, 0.95],
        "n3": [0.912, 0.934, 0.921],
        "n5": list(rng.normal(0.8, 0.03, 5)),
        "n10_skewed": list(rng.exponential(2.0, 10)),
        "tiny_spread_large_mean": [1e9 + 0.1, 1e9 + 0.2, 1e9 + 0.3, 1e9 + 0.4],
        "huge_values": [1e300, 3e300, -2e300, 5e299],
        "n1000": list(rng.normal(5, 2, 1000)),
    }
    cases = []
    for name, xs in samples.items():
        xs = [float(x) for x in xs]
        a = np.array(xs)
        n = len(a)
        for conf in [0.9, 0.95, 0.99]:
            mean = float(np.mean(a)) if name != "huge_values" else float(np.mean(a / 1e300) * 1e300)
            sd = float(np.std(a / (1e300 if name == "huge_values" else 1), ddof=1)) * (
                1e300 if name == "huge_values" else 1)
            se = sd / math.sqrt(n)
            lo, hi = stats.t.interval(conf, n - 1, loc=mean, scale=se)
            SAMPLES[name] = xs
            cases.append({
                "name": name, "confidence": conf, "mean": mean, "sd": sd, "se": se,
                "ci": [float(lo), float(hi)], "median": float(np.median(a)),
                "min": float(np.min(a)), "max": float(np.max(a)),
            })
    return cases


# ---------------------------------------------------------------- t tests

def hedges_g(a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    na, nb = len(a), len(b)
    m = na + nb - 2
    sp = math.sqrt(((na - 1) * np.var(a, ddof=1) + (nb - 1) * np.var(b, ddof=1)) / m)
    d = (np.mean(a) - np.mean(b)) / sp
    j = math.exp(special.gammaln(m / 2) - special.gammaln((m - 1) / 2)) / math.sqrt(m / 2)
    return d, d * j


_TWO_SAMPLE = None


def two_sample_inputs():
    """The two-sample inputs, drawn once so Welch and paired cases share them."""
    global _TWO_SAMPLE
    if _TWO_SAMPLE is None:
        _TWO_SAMPLE = _draw_two_sample_inputs()
    return _TWO_SAMPLE


def _draw_two_sample_inputs():
    return {
        "n2_vs_n2": ([0.91, 0.95], [0.88, 0.90]),
        "n3_vs_n3": ([0.912, 0.934, 0.921], [0.874, 0.902, 0.881]),
        "n3_vs_n5": ([0.912, 0.934, 0.921], [0.874, 0.902, 0.881, 0.93, 0.86]),
        "overlapping": (list(rng.normal(0, 1, 8)), list(rng.normal(0.3, 2, 8))),
        "unequal_var_large": (list(rng.normal(10, 1, 40)), list(rng.normal(9.5, 4, 25))),
        "one_side_constant": ([0.9, 0.9, 0.9, 0.9], [0.85, 0.87, 0.86, 0.9]),
        "identical_varied": ([0.5, 0.6, 0.7], [0.5, 0.6, 0.7]),
        "big_n": (list(rng.normal(0.1, 1, 3000)), list(rng.normal(0, 1, 3000))),
    }


def welch_cases():
    cases = []
    for name, (a, b) in two_sample_inputs().items():
        a = [float(x) for x in a]
        b = [float(x) for x in b]
        d, g = hedges_g(a, b)
        for alt in ["two-sided", "greater", "less"]:
            for conf in [0.95, 0.99]:
                r = stats.ttest_ind(a, b, equal_var=False, alternative=alt)
                ci = r.confidence_interval(conf)
                SAMPLES[name + "/left"], SAMPLES[name + "/right"] = a, b
                cases.append({
                    "name": name, "alternative": alt, "confidence": conf,
                    "statistic": f(r.statistic), "pvalue": f(r.pvalue), "df": f(r.df),
                    "ci": [f(ci.low), f(ci.high)], "mean_difference": float(np.mean(a) - np.mean(b)),
                    "cohens_d": f(d), "hedges_g": f(g),
                })
    return cases


def paired_cases():
    cases = []
    for name, (a, b) in two_sample_inputs().items():
        if len(a) != len(b) or name == "identical_varied":
            continue
        a = [float(x) for x in a]
        b = [float(x) for x in b]
        diffs = np.array(a) - np.array(b)
        dz = float(np.mean(diffs) / np.std(diffs, ddof=1))
        for alt in ["two-sided", "greater", "less"]:
            for conf in [0.95, 0.99]:
                r = stats.ttest_rel(a, b, alternative=alt)
                ci = r.confidence_interval(conf)
                cases.append({
                    "name": name, "alternative": alt, "confidence": conf,
                    "statistic": f(r.statistic), "pvalue": f(r.pvalue), "df": f(r.df),
                    "ci": [f(ci.low), f(ci.high)], "mean_difference": float(np.mean(diffs)),
                    "dz": dz,
                })
    return cases


def power_cases():
    """Exact one-sided power by the noncentral t, and the seeds it needs for 80 %."""
    cases = []
    for design in ["paired", "independent"]:
        for conf in [0.9, 0.95, 0.99]:
            for effect in [0.3, 0.5, 0.8, 1.2, 2.0, 3.0]:
                n = 2
                while True:
                    if design == "paired":
                        nu, delta = n - 1, effect * math.sqrt(n)
                    else:
                        nu, delta = 2 * n - 2, effect * math.sqrt(n / 2)
                    if stats.nct.sf(stats.t.isf(1 - conf, nu), nu, delta) >= 0.8:
                        break
                    n += 1
                cases.append({"design": design, "confidence": conf, "effect": effect,
                              "exact_seeds": n})
    return cases


# ---------------------------------------------------------------- percentiles

def percentile_cases():
    cases = []
    samples = [[3.0], [1.0, 2.0], [5.0, 1.0, 4.0, 2.0, 3.0], list(rng.normal(0, 1, 17)),
               [1.0, 1.0, 1.0, 2.0, 2.0, 10.0]]
    for xs in samples:
        xs = [float(x) for x in xs]
        ps = [0, 1, 2.5, 15, 25, 33.3, 50, 66.6, 85, 97.5, 99, 100]
        cases.append({"values": xs, "p": ps,
                      "percentiles": [float(np.percentile(xs, p, method="linear")) for p in ps]})
    return cases


# ---------------------------------------------------------------- classification

def classification_cases():
    cases = []
    specs = [
        ("binary", 2, rng.integers(0, 2, 40), None),
        ("three_classes", 3, rng.integers(0, 3, 60), None),
        ("class_never_predicted", 4, rng.integers(0, 4, 50), 3),
    ]
    for name, k, truth, never in specs:
        truth = [int(x) for x in truth]
        pred = [t if rng.random() < 0.7 else int(rng.integers(0, k)) for t in truth]
        if never is not None:
            pred = [p if p != never else 0 for p in pred]
        labels = list(range(k))
        cm = metrics.confusion_matrix(truth, pred, labels=labels)
        p, r, f1, s = metrics.precision_recall_fscore_support(
            truth, pred, labels=labels, zero_division=0)
        macro = metrics.precision_recall_fscore_support(
            truth, pred, labels=labels, average="macro", zero_division=0)
        weighted = metrics.precision_recall_fscore_support(
            truth, pred, labels=labels, average="weighted", zero_division=0)
        cases.append({
            "name": name, "classes": k, "truth": truth, "predicted": pred,
            "confusion": cm.tolist(), "precision": p.tolist(), "recall": r.tolist(),
            "f1": f1.tolist(), "support": [int(x) for x in s],
            "macro": [float(macro[0]), float(macro[1]), float(macro[2])],
            "weighted": [float(weighted[0]), float(weighted[1]), float(weighted[2])],
            "accuracy": float(metrics.accuracy_score(truth, pred)),
        })
    # A class absent from both truth and predictions (k = 3, labels only 0 and 1).
    truth = [0, 1, 1, 0, 1]
    pred = [0, 1, 0, 0, 1]
    labels = [0, 1, 2]
    p, r, f1, s = metrics.precision_recall_fscore_support(truth, pred, labels=labels, zero_division=0)
    macro = metrics.precision_recall_fscore_support(truth, pred, labels=labels, average="macro", zero_division=0)
    weighted = metrics.precision_recall_fscore_support(truth, pred, labels=labels, average="weighted", zero_division=0)
    cases.append({
        "name": "class_absent_everywhere", "classes": 3, "truth": truth, "predicted": pred,
        "confusion": metrics.confusion_matrix(truth, pred, labels=labels).tolist(),
        "precision": p.tolist(), "recall": r.tolist(), "f1": f1.tolist(),
        "support": [int(x) for x in s], "macro": [float(x) for x in macro[:3]],
        "weighted": [float(x) for x in weighted[:3]],
        "accuracy": float(metrics.accuracy_score(truth, pred)),
    })
    return cases


def roc_cases():
    cases = []
    specs = [
        ("continuous", rng.integers(0, 2, 30), rng.random(30), 1),
        ("ties", np.array([0, 0, 1, 1, 1, 0, 1, 0, 1, 1]),
         np.array([0.1, 0.4, 0.4, 0.8, 0.8, 0.8, 0.35, 0.2, 0.9, 0.1]), 1),
        ("all_tied", np.array([0, 1, 0, 1]), np.array([0.5, 0.5, 0.5, 0.5]), 1),
        ("perfect", np.array([0, 0, 1, 1]), np.array([0.1, 0.2, 0.8, 0.9]), 1),
        ("inverted", np.array([1, 1, 0, 0]), np.array([0.1, 0.2, 0.8, 0.9]), 1),
        ("one_vs_rest_class_2", rng.integers(0, 3, 25), rng.random(25).round(1), 2),
    ]
    for name, labels, scores, positive in specs:
        y = (np.asarray(labels) == positive).astype(int)
        fpr, tpr, thr = metrics.roc_curve(y, scores, drop_intermediate=False)
        cases.append({
            "name": name, "labels": [int(x) for x in labels], "scores": [float(s) for s in scores],
            "positive_class": positive, "fpr": fpr.tolist(), "tpr": tpr.tolist(),
            "thresholds": [f(x) for x in thr], "auc": float(metrics.roc_auc_score(y, scores)),
        })
    return cases


# ---------------------------------------------------------------- bootstrap

def bootstrap_cases():
    """Large-resample SciPy intervals: the Swift ones (another generator) must land close."""
    cases = []
    samples = {
        "normal_20": list(rng.normal(1.0, 0.5, 20)),
        "skewed_15": list(rng.lognormal(0, 1, 15)),
    }
    for name, xs in samples.items():
        xs = [float(x) for x in xs]
        for method in ["percentile", "BCa"]:
            r = stats.bootstrap((np.array(xs),), np.mean, confidence_level=0.95,
                                n_resamples=200_000, method=method,
                                random_state=np.random.default_rng(7))
            ci = r.confidence_interval
            cases.append({"name": name, "values": xs, "method": method,
                          "ci": [float(ci.low), float(ci.high)], "mean": float(np.mean(xs))})
    return cases


fixtures = {
    "student_t": student_t_cases(),
    "student_t_quantile": student_t_quantile_cases(),
}
fixtures["normal"], fixtures["normal_quantile"] = normal_cases()
fixtures.update({
    "samples": SAMPLES,
    "summary": summary_cases(),
    "welch": welch_cases(),
    "paired": paired_cases(),
    "power": power_cases(),
    "percentile": percentile_cases(),
    "classification": classification_cases(),
    "roc": roc_cases(),
    "bootstrap": bootstrap_cases(),
})

with open("fixtures.json", "w") as out:
    json.dump(fixtures, out, indent=1)
    out.write("\n")

disagree = [c for c in fixtures["student_t"]
            if abs(c["scipy_sf"] - c["sf"]) > 1e-12 * abs(c["sf"]) + 1e-300]
print(f"wrote fixtures.json; SciPy's t tail differs from mpmath by > 1e-12 in {len(disagree)} cases")
