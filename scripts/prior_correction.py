"""Prior correction, fitted on dev and judged on test, from `ser eval --predictions` files.

Per-class log biases b minimize the class-balanced NLL of softmax(log p + b) on a run's dev predictions and are
applied to its test predictions; prints test UA, WA, ECE (10 bins), neutral recall and per-corpus UA without and
with them. Usage: prior_correction.py DEV.csv:TEST.csv...
"""
import sys
import numpy as np
from predictions import load, ua, figures

def fit_bias(logp, y, steps=3000, lr=0.5):
    k = logp.shape[1]
    counts = np.bincount(y, minlength=k).astype(float)
    w = np.where(counts[y] > 0, 1.0 / counts[y], 0) / (counts > 0).sum()
    b = np.zeros(k)
    for _ in range(steps):
        z = logp + b
        q = np.exp(z - z.max(1, keepdims=True)); q /= q.sum(1, keepdims=True)
        onehot = np.eye(k)[y]
        grad = ((q - onehot) * w[:, None]).sum(0)
        b -= lr * grad
        b -= b.mean()
    return b

def apply(logp, b):
    z = logp + b
    q = np.exp(z - z.max(1, keepdims=True)); return q / q.sum(1, keepdims=True)

for name in sys.argv[1:]:
    dev, test = name.split(":")
    pd, yd, _, _ = load(dev)
    pt, yt, ct, _ = load(test)
    b = fit_bias(np.log(pd), yd)
    before, after = figures(pt, yt, ct), figures(apply(np.log(pt), b), yt, ct)
    dev_before, dev_after = ua(pd.argmax(1), yd), ua(apply(np.log(pd), b).argmax(1), yd)
    print(f"{name}: bias {np.round(b, 2)}; dev UA {dev_before:.3f} -> {dev_after:.3f}")
    for k in before:
        print(f"   {k:10s} {before[k]:.3f} -> {after[k]:.3f}")
