"""Figures from `ser eval --predictions` files, computed as `ser eval` computes them (UA over the classes present,
ECE over 10 equal-width confidence bins, per-corpus UA and their mean), for the analyses in docs/results.md that
combine or adjust predictions without running the network again."""
import csv, os, sys
import numpy as np

LABELS = ["angry", "disgust", "fear", "happy", "neutral", "sad"]

def load(path):
    """Probabilities [N][K], labels [N], corpora [N] and paths [N] of one predictions file."""
    rows = list(csv.DictReader(open(path)))
    p = np.array([[float(r["p_" + k]) for k in LABELS] for r in rows])
    y = np.array([LABELS.index(r["label"]) for r in rows])
    corpus = np.array([r["corpus"] for r in rows])
    paths = [r["path"] for r in rows]
    return np.clip(p, 5e-5, 1), y, corpus, paths

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
    f = {"UA": ua(pred, y), "WA": (pred == y).mean(), "ECE": ece(p, y), "neutral": (pred[y == 4] == 4).mean(),
         "sad": (pred[y == 5] == 5).mean()}
    for c in sorted(set(corpus)):
        f[c] = ua(pred[corpus == c], y[corpus == c])
    f["corpus mean"] = np.mean([f[c] for c in sorted(set(corpus))])
    return f

def sd(values):
    """Sample standard deviation, 0 for a single value."""
    return np.std(values, ddof=1) if len(values) > 1 else 0.0

def by_name(path):
    """load, with the clips ordered by file name without extension (a clip and its copies match): p, y, corpus, names."""
    p, y, corpus, paths = load(path)
    names = [os.path.splitext(os.path.basename(x))[0] for x in paths]
    order = np.argsort(names)
    return p[order], y[order], corpus[order], [names[i] for i in order]

def same_clips(files, loaded):
    """Exit with a message unless every loaded file holds the same clips with the same labels."""
    for path, other in zip(files[1:], loaded[1:]):
        if other[3] != loaded[0][3] or not np.array_equal(other[1], loaded[0][1]):
            sys.exit(f"{path} does not hold the clips and labels of {files[0]}")
