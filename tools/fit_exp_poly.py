#!/usr/bin/env python3
"""Fits the exp polynomial used by the kernels: exp(r) ~ 1 + r*(c1 + c2 r + c3 r^2 + c4 r^3 + c5 r^4)
on |r| <= ln2/2, minimising the maximum relative error (Lawson's iteratively re-weighted least squares),
then rounds the coefficients to float32 and prints them as Java hex-float literals.
Run once; the output is pasted into ExpPolynomial.java. Needs numpy."""
import numpy as np

half_ln2 = np.log(2.0) / 2
r = np.linspace(-half_ln2, half_ln2, 20001)
target = (np.exp(r) - 1.0) / np.where(r == 0, 1, r)   # q(r) = (exp(r)-1)/r, q(0)=1
target[r == 0] = 1.0
A = np.vander(r, 5, increasing=True)
# relative error of exp: r*(q-target)/exp(r), so weight each row by |r|/exp(r)
base_w = np.abs(r) / np.exp(r) + 1e-300
w = np.ones_like(r)
for _ in range(200):
    W = np.sqrt(w) * base_w
    c, *_ = np.linalg.lstsq(A * W[:, None], target * W, rcond=None)
    err = np.abs((A @ c - target) * base_w)
    w = w * err
    w /= w.sum()
c32 = c.astype(np.float32)
rel = np.abs((1 + r * (A @ c32.astype(np.float64))) / np.exp(r) - 1)
print("max relative error (float64 evaluation, float32 coefficients): %.3e" % rel.max())
for i, v in enumerate(c32, 1):
    h = float(v).hex(); m, e = h.split("p"); print("c%d = %sp%sf  // %r" % (i, m.rstrip("0"), e, float(v)))
