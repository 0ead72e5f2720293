"""Prior correction, fitted on dev and judged on test, from `ser eval --predictions` files.

Per-class log biases b minimize the class-balanced NLL of softmax(log p + b) on a run's dev predictions and are
applied to its test predictions; prints test UA, WA, ECE (10 bins), neutral recall and per-corpus UA without and
with them. Usage: prior_correction.py DEV.csv:TEST.csv...
"""
import csv, sys
import numpy as np

LABELS = ["angry", "disgust", "fear", "happy", "neutral", "sad"]

def load(path):
    rows = list(csv.DictReader(open(path)))
    p = np.array([[float(r["p_" + k]) for k in LABELS] for r in rows])
    y = np.array([LABELS.index(r["label"]) for r in rows])
    corpus = np.array([r["corpus"] for r in rows])
    return np.clip(p, 5e-5, 1), y, corpus

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

def ua(pred, y):
    present = [c for c in range(len(LABELS)) if (y == c).any()]
    return np.mean([(pred[y == c] == c).mean() for c in present])

def ece(p, y, bins=10):
    conf = p.max(1); pred = p.argmax(1); right = pred == y
    edges = np.linspace(0, 1, bins + 1); e = 0
    for lo, hi in zip(edges[:-1], edges[1:]):
        m = (conf > lo) & (conf <= hi)
        if m.any(): e += m.mean() * abs(right[m].mean() - conf[m].mean())
    return e

def figures(p, y, corpus):
    pred = p.argmax(1)
    f = {"UA": ua(pred, y), "WA": (pred == y).mean(), "ECE": ece(p, y), "neutral": (pred[y == 4] == 4).mean()}
    for c in sorted(set(corpus)):
        f[c] = ua(pred[corpus == c], y[corpus == c])
    f["corpus mean"] = np.mean([f[c] for c in sorted(set(corpus))])
    return f

for name in sys.argv[1:]:
    dev, test = name.split(":")
    pd, yd, _ = load(dev)
    pt, yt, ct = load(test)
    b = fit_bias(np.log(pd), yd)
    before, after = figures(pt, yt, ct), figures(apply(np.log(pt), b), yt, ct)
    dev_before, dev_after = ua(pd.argmax(1), yd), ua(apply(np.log(pd), b).argmax(1), yd)
    print(f"{name}: bias {np.round(b, 2)}; dev UA {dev_before:.3f} -> {dev_after:.3f}")
    for k in before:
        print(f"   {k:10s} {before[k]:.3f} -> {after[k]:.3f}")
