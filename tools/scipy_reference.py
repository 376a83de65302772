#!/usr/bin/env python3
"""Independent float64 optimum of the softmax-regression objective on an MNIST-layout folder, with SciPy.

J(theta) = -(1/m) sum_i log p(y_i|x_i) + (lambda/2) ||W||^2 (the bias, if any, is not penalised),
x = byte/255, minimised by SciPy's L-BFGS-B with tight tolerances. Prints one JSON line per configuration:
lambda, bias, objective, iterations, seconds, train and test accuracy. Used to check the Java trainer's
figures in README.md (it needs numpy and scipy; it is not part of the build).

usage: tools/scipy_reference.py DATA_DIR [lambda ...]
"""
import gzip
import json
import sys
import time

import numpy as np
from scipy.optimize import minimize


def read_idx(path):
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    magic = int.from_bytes(raw[0:4], "big")
    rank = magic & 0xFF
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(rank)]
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * rank)
    return data.reshape(dims)


def load(folder, prefix):
    x = read_idx(f"{folder}/{prefix}-images-idx3-ubyte.gz").reshape(-1, 784).astype(np.float64) / 255.0
    y = read_idx(f"{folder}/{prefix}-labels-idx1-ubyte.gz").astype(np.int64)
    return x, y


def objective(params, x, y, k, lam, bias):
    m, d = x.shape
    w = params[:k * d].reshape(k, d)
    z = x @ w.T
    if bias:
        z = z + params[k * d:]
    zmax = z.max(axis=1, keepdims=True)
    lse = zmax[:, 0] + np.log(np.exp(z - zmax).sum(axis=1))
    loss = (lse - z[np.arange(m), y]).mean() + 0.5 * lam * np.sum(w * w)
    p = np.exp(z - lse[:, None])
    p[np.arange(m), y] -= 1.0
    p /= m
    grad_w = p.T @ x + lam * w
    parts = [grad_w.ravel()]
    if bias:
        parts.append(p.sum(axis=0))
    return loss, np.concatenate(parts)


def main():
    folder = sys.argv[1]
    lambdas = [float(v) for v in sys.argv[2:]] or [1e-4, 1e-3, 1e-2]
    x, y = load(folder, "train")
    xt, yt = load(folder, "t10k")
    k, d = 10, x.shape[1]
    for lam in lambdas:
        for bias in (False, True):
            n = k * d + (k if bias else 0)
            start = time.time()
            result = minimize(objective, np.zeros(n), args=(x, y, k, lam, bias), jac=True, method="L-BFGS-B",
                              options={"maxiter": 20000, "maxfun": 40000, "ftol": 1e-15, "gtol": 1e-10})
            seconds = time.time() - start
            w = result.x[:k * d].reshape(k, d)
            b = result.x[k * d:] if bias else np.zeros(k)
            acc = lambda a, t: float(((a @ w.T + b).argmax(axis=1) == t).mean())
            print(json.dumps({"lambda": lam, "bias": bias, "objective": float(result.fun),
                              "iterations": int(result.nit), "seconds": round(seconds, 2),
                              "trainAccuracy": acc(x, y), "testAccuracy": acc(xt, yt)}), flush=True)


if __name__ == "__main__":
    main()
