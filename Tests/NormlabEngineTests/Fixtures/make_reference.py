#!/usr/bin/env python3
"""Reference values for NormlabEngineTests, computed independently with NumPy in float64.

Batch Normalization's backward pass is derived here step by step through the computational
graph (mean -> centred -> variance -> inverse std -> normalized -> affine), not with the closed
form the engine uses, so the two derivations check each other. The optimizers follow the papers:
momentum as the exponentially weighted average V = beta V + (1 - beta) g, RMSprop (Hinton,
Lecture 6e), Adam (Kingma & Ba 2014, Algorithm 1).

Run: python3 make_reference.py > reference.json   (tests read the committed JSON; no Python needed)
"""
import json

import numpy as np


def batch_norm_case():
    rng = np.random.default_rng(7)
    m, n = 5, 3
    x = rng.normal(size=(m, n)) * np.array([1.0, 3.0, 0.5]) + np.array([0.5, -2.0, 4.0])
    gamma = np.array([1.2, 0.7, -0.4])
    beta = np.array([0.1, -0.3, 0.25])
    c = np.array([0.9, -1.3, 0.6])  # output weights of a linear MSE unit after the BN layer
    b_out = 0.05
    labels = np.array([1.0, 0.0, 2.0, 1.0, 0.0])
    eps, momentum = 1e-5, 0.1

    # Forward (Ioffe & Szegedy 2015, Algorithm 1), input layer weights = identity, no bias.
    z = x.copy()
    mu = z.mean(axis=0)
    centred = z - mu
    var = (centred**2).mean(axis=0)
    inv_std = 1.0 / np.sqrt(var + eps)
    z_norm = centred * inv_std
    h = gamma * z_norm + beta  # linear activation: a = h
    out = h @ c + b_out
    diff = out - labels
    loss = 0.5 * np.mean(diff**2)

    # Backward, node by node.
    d_out = diff / m
    dh = np.outer(d_out, c)
    dgamma = (dh * z_norm).sum(axis=0)
    dbeta = dh.sum(axis=0)
    dz_norm = dh * gamma
    d_inv_std = (dz_norm * centred).sum(axis=0)
    d_var = d_inv_std * (-0.5) * (var + eps) ** -1.5
    d_centred = dz_norm * inv_std + d_var * 2.0 * centred / m
    d_mu = -d_centred.sum(axis=0)
    dz = d_centred + d_mu / m
    dW = x.T @ dz  # W = identity, so dL/dW = x^T dz

    running_mean = (1 - momentum) * 0.0 + momentum * mu
    running_var = (1 - momentum) * 1.0 + momentum * var * m / (m - 1)
    return {
        "x": x.ravel().tolist(), "rows": m, "units": n,
        "gamma": gamma.tolist(), "beta": beta.tolist(),
        "output_weights": c.tolist(), "output_bias": b_out, "labels": labels.tolist(),
        "eps": eps, "momentum": momentum,
        "loss": loss, "normalized_output": h.ravel().tolist(),
        "gamma_gradient": dgamma.tolist(), "beta_gradient": dbeta.tolist(),
        "weights_gradient": dW.ravel().tolist(),
        "running_mean": running_mean.tolist(), "running_variance": running_var.tolist(),
    }


def optimizer_cases():
    rng = np.random.default_rng(11)
    w0 = rng.normal(size=4)
    grads = [rng.normal(size=4) for _ in range(3)]
    lr, beta1, beta2, eps = 0.05, 0.9, 0.999, 1e-8
    cases = {}

    w, v = w0.copy(), np.zeros(4)
    history = []
    for g in grads:
        v = beta1 * v + (1 - beta1) * g
        w = w - lr * v
        history.append(w.tolist())
    cases["momentum"] = history

    w, s = w0.copy(), np.zeros(4)
    history = []
    rms_beta = 0.9
    for g in grads:
        s = rms_beta * s + (1 - rms_beta) * g * g
        w = w - lr * g / (np.sqrt(s) + eps)
        history.append(w.tolist())
    cases["rmsprop"] = history

    w, v, s = w0.copy(), np.zeros(4), np.zeros(4)
    history = []
    for t, g in enumerate(grads, start=1):
        v = beta1 * v + (1 - beta1) * g
        s = beta2 * s + (1 - beta2) * g * g
        v_hat = v / (1 - beta1**t)
        s_hat = s / (1 - beta2**t)
        w = w - lr * v_hat / (np.sqrt(s_hat) + eps)
        history.append(w.tolist())
    cases["adam"] = history

    return {
        "initial": w0.tolist(), "gradients": [g.tolist() for g in grads], "lr": lr,
        "beta1": beta1, "beta2": beta2, "rmsprop_beta": rms_beta, "eps": eps, "steps": cases,
    }


if __name__ == "__main__":
    print(json.dumps({"batch_norm": batch_norm_case(), "optimizers": optimizer_cases()}, indent=1))
