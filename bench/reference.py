#!/usr/bin/env python3
"""Reference implementations of normlab's benchmark workloads in NumPy, PyTorch and JAX.

W1: 784-100-100-100-10 sigmoid, softmax cross-entropy, batch 60, SGD lr 0.1, float32, on
    60,000 x 784 uniform [0, 1) inputs with 10 random labels.
W2: 2-64-64-64-1 ReLU, sigmoid cross-entropy, batch 64, Adam lr 1e-3, float32, on 60,000
    points labelled by the sign of x0 * x1.
--bn puts Batch Normalization (batch statistics, running averages, learned gamma/beta) before
each hidden activation and drops the hidden biases, as normlab does.

Each run shuffles per epoch, gathers the mini-batch, and does forward, loss, backward and update,
timed after a warm-up. Prints one JSON object with the keys of `normlab bench --json`.
"""
import argparse
import json
import time

SAMPLES = 60_000


def peak_rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return None


def layer_sizes(workload):
    return [784, 100, 100, 100, 10] if workload == "w1" else [2, 64, 64, 64, 1]


def make_data(workload, np):
    rng = np.random.default_rng(1)
    if workload == "w1":
        x = rng.random((SAMPLES, 784), dtype=np.float32)
        y = rng.integers(0, 10, SAMPLES).astype(np.int64)
    else:
        x = (2 * rng.random((SAMPLES, 2), dtype=np.float32) - 1).astype(np.float32)
        y = (x[:, 0] * x[:, 1] > 0).astype(np.int64)
    return x, y


# ---------------------------------------------------------------- NumPy (hand-written)

def numpy_runner(workload, bn):
    import numpy as np

    x, y = make_data(workload, np)
    sizes = layer_sizes(workload)
    rng = np.random.default_rng(2)
    batch = 60 if workload == "w1" else 64
    act = "sigmoid" if workload == "w1" else "relu"
    params = []
    for i, (fan_in, units) in enumerate(zip(sizes[:-1], sizes[1:])):
        hidden = i < len(sizes) - 2
        std = np.sqrt(2.0 / (fan_in + units)) if workload == "w1" else np.sqrt(2.0 / fan_in)
        p = {"W": (rng.standard_normal((fan_in, units)) * std).astype(np.float32)}
        if hidden and bn:
            p["gamma"] = np.ones(units, np.float32)
            p["beta"] = np.zeros(units, np.float32)
            p["rm"] = np.zeros(units, np.float32)
            p["rv"] = np.ones(units, np.float32)
        else:
            p["b"] = np.zeros(units, np.float32)
        params.append(p)
    adam = [{k: (np.zeros_like(v), np.zeros_like(v)) for k, v in p.items() if k in ("W", "b", "gamma", "beta")}
            for p in params] if workload == "w2" else None
    state = {"order": np.arange(SAMPLES), "pos": SAMPLES, "t": 0}
    eps = np.float32(1e-5)

    def step():
        if state["pos"] + batch > SAMPLES:
            rng.shuffle(state["order"])
            state["pos"] = 0
        idx = state["order"][state["pos"]:state["pos"] + batch]
        state["pos"] += batch
        xb, yb = x[idx], y[idx]
        m = xb.shape[0]
        caches = []
        h = xb
        for i, p in enumerate(params):
            z = h @ p["W"]
            if i == len(params) - 1:
                z += p["b"]
                caches.append((h, None))
                break
            if bn:
                mu = z.mean(0)
                var = z.var(0)
                inv = 1 / np.sqrt(var + eps)
                zn = (z - mu) * inv
                p["rm"] = 0.9 * p["rm"] + 0.1 * mu
                p["rv"] = 0.9 * p["rv"] + 0.1 * var * (m / (m - 1))
                u = p["gamma"] * zn + p["beta"]
            else:
                z += p["b"]
                zn, inv, u = None, None, z
            a = 1 / (1 + np.exp(-u)) if act == "sigmoid" else np.maximum(u, 0)
            caches.append((h, (zn, inv, a)))
            h = a
        if workload == "w1":
            e = np.exp(z - z.max(1, keepdims=True))
            prob = e / e.sum(1, keepdims=True)
            d = prob
            d[np.arange(m), yb] -= 1
        else:
            prob = 1 / (1 + np.exp(-z))
            d = prob - yb[:, None]
        d = d / m
        grads = [None] * len(params)
        for i in range(len(params) - 1, -1, -1):
            h_in, cache = caches[i]
            p = params[i]
            g = {}
            if cache is not None:
                zn, inv, a = cache
                d = d * (a * (1 - a)) if act == "sigmoid" else d * (a > 0)
                if bn:
                    g["beta"] = d.sum(0)
                    g["gamma"] = (d * zn).sum(0)
                    d = p["gamma"] * inv * (d - (g["beta"] + zn * g["gamma"]) / m)
                else:
                    g["b"] = d.sum(0)
            else:
                g["b"] = d.sum(0)
            g["W"] = h_in.T @ d
            if i > 0:
                d = d @ p["W"].T
            grads[i] = g
        state["t"] += 1
        for i, p in enumerate(params):
            for k, gk in grads[i].items():
                if workload == "w1":
                    p[k] -= np.float32(0.1) * gk
                else:
                    v, s = adam[i][k]
                    v *= 0.9
                    v += 0.1 * gk
                    s *= 0.999
                    s += 0.001 * gk * gk
                    t = state["t"]
                    p[k] -= np.float32(1e-3) * (v / (1 - 0.9**t)) / (np.sqrt(s / (1 - 0.999**t)) + 1e-8)

    return step, None


# ---------------------------------------------------------------- PyTorch

def torch_runner(workload, bn):
    import numpy as np
    import torch

    torch.manual_seed(1)
    xn, yn = make_data(workload, np)
    x = torch.from_numpy(xn)
    y = torch.from_numpy(yn)
    sizes = layer_sizes(workload)
    layers = []
    for i, (fan_in, units) in enumerate(zip(sizes[:-1], sizes[1:])):
        hidden = i < len(sizes) - 2
        layers.append(torch.nn.Linear(fan_in, units, bias=not (hidden and bn)))
        if hidden:
            if bn:
                layers.append(torch.nn.BatchNorm1d(units))
            layers.append(torch.nn.Sigmoid() if workload == "w1" else torch.nn.ReLU())
    model = torch.nn.Sequential(*layers)
    model.train()
    if workload == "w1":
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        loss_fn = torch.nn.CrossEntropyLoss()
        batch = 60
    else:
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        loss_fn = torch.nn.BCEWithLogitsLoss()
        batch = 64
    yf = y.float().unsqueeze(1)
    state = {"order": torch.randperm(SAMPLES), "pos": 0}

    def step():
        if state["pos"] + batch > SAMPLES:
            state["order"] = torch.randperm(SAMPLES)
            state["pos"] = 0
        idx = state["order"][state["pos"]:state["pos"] + batch]
        state["pos"] += batch
        optimizer.zero_grad(set_to_none=True)
        out = model(x[idx])
        loss = loss_fn(out, y[idx]) if workload == "w1" else loss_fn(out, yf[idx])
        loss.backward()
        optimizer.step()

    return step, None


# ---------------------------------------------------------------- JAX (jit, lax.scan)

def jax_runner(workload, bn, chunk=100):
    import jax
    import jax.numpy as jnp
    import numpy as np

    xn, yn = make_data(workload, np)
    x = jnp.asarray(xn)
    y = jnp.asarray(yn.astype(np.int32))
    sizes = layer_sizes(workload)
    key = jax.random.PRNGKey(1)
    params, stats = [], []
    for i, (fan_in, units) in enumerate(zip(sizes[:-1], sizes[1:])):
        key, sub = jax.random.split(key)
        hidden = i < len(sizes) - 2
        std = np.sqrt(2.0 / (fan_in + units)) if workload == "w1" else np.sqrt(2.0 / fan_in)
        p = {"W": jax.random.normal(sub, (fan_in, units), jnp.float32) * std}
        if hidden and bn:
            p["gamma"] = jnp.ones(units, jnp.float32)
            p["beta"] = jnp.zeros(units, jnp.float32)
            stats.append((jnp.zeros(units, jnp.float32), jnp.ones(units, jnp.float32)))
        else:
            p["b"] = jnp.zeros(units, jnp.float32)
        params.append(p)
    batch = 60 if workload == "w1" else 64
    steps_per_epoch = SAMPLES // batch

    def loss_fn(params, stats, xb, yb):
        h = xb
        new_stats = []
        for i, p in enumerate(params):
            z = h @ p["W"]
            if i == len(params) - 1:
                z = z + p["b"]
                break
            if bn:
                mu = z.mean(0)
                var = z.var(0)
                z = p["gamma"] * (z - mu) / jnp.sqrt(var + 1e-5) + p["beta"]
                rm, rv = stats[i]
                m = xb.shape[0]
                new_stats.append((0.9 * rm + 0.1 * mu, 0.9 * rv + 0.1 * var * m / (m - 1)))
            else:
                z = z + p["b"]
            h = jax.nn.sigmoid(z) if workload == "w1" else jax.nn.relu(z)
        if workload == "w1":
            loss = -jnp.mean(jax.nn.log_softmax(z)[jnp.arange(xb.shape[0]), yb])
        else:
            logits = z[:, 0]
            loss = jnp.mean(jnp.maximum(logits, 0) - logits * yb + jnp.log1p(jnp.exp(-jnp.abs(logits))))
        return loss, new_stats

    grad_fn = jax.grad(loss_fn, has_aux=True)

    def one_step(carry, i):
        params, stats, moments, t, order = carry
        start = (i % steps_per_epoch) * batch
        idx = jax.lax.dynamic_slice(order, (start,), (batch,))
        grads, new_stats = grad_fn(params, stats, x[idx], y[idx])
        if workload == "w1":
            params = jax.tree_util.tree_map(lambda p, g: p - 0.1 * g, params, grads)
        else:
            t = t + 1
            v, s = moments
            v = jax.tree_util.tree_map(lambda v, g: 0.9 * v + 0.1 * g, v, grads)
            s = jax.tree_util.tree_map(lambda s, g: 0.999 * s + 0.001 * g * g, s, grads)
            c1 = 1 - 0.9**t
            c2 = 1 - 0.999**t
            params = jax.tree_util.tree_map(
                lambda p, v, s: p - 1e-3 * (v / c1) / (jnp.sqrt(s / c2) + 1e-8), params, v, s)
            moments = (v, s)
        return (params, new_stats if bn else stats, moments, t, order), None

    @jax.jit
    def run_chunk(carry, first):
        carry, _ = jax.lax.scan(one_step, carry, first + jnp.arange(chunk))
        return carry

    zeros = jax.tree_util.tree_map(jnp.zeros_like, params)
    state = {"carry": (params, stats, (zeros, zeros), jnp.float32(0), jnp.asarray(np.random.default_rng(3).permutation(SAMPLES).astype(np.int32))), "i": 0}

    def step_chunk():
        state["carry"] = run_chunk(state["carry"], state["i"])
        state["i"] += chunk

    def sync():
        jax.block_until_ready(state["carry"])

    return step_chunk, (chunk, sync)


RUNNERS = {"numpy": numpy_runner, "torch": torch_runner, "jax": jax_runner}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--framework", choices=sorted(RUNNERS), required=True)
    parser.add_argument("--workload", choices=["w1", "w2"], required=True)
    parser.add_argument("--bn", action="store_true")
    parser.add_argument("--steps", type=int, default=None)
    args = parser.parse_args()
    steps = args.steps or (2000 if args.workload == "w1" else 10000)
    step, chunked = RUNNERS[args.framework](args.workload, args.bn)
    per_call, sync = chunked if chunked else (1, lambda: None)
    calls = max(1, steps // per_call)
    for _ in range(max(1, calls // 10)):
        step()
    sync()
    start = time.perf_counter()
    for _ in range(calls):
        step()
    sync()
    seconds = time.perf_counter() - start
    done = calls * per_call
    print(json.dumps({
        "workload": args.workload, "batch_norm": args.bn, "framework": args.framework,
        "steps": done, "steps_per_second": round(done / seconds, 1),
        "ms_per_step": round(1000 * seconds / done, 4), "peak_rss_mb": peak_rss_mb(),
    }))


if __name__ == "__main__":
    main()
