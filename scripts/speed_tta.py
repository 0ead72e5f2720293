"""Test-time speed perturbation from `ser eval --predictions` files: each clip's probabilities averaged over its
speed-changed copies (scripts/speed_copies.sh), matched by file name, against the unchanged clip alone; per run
and mean ± sd over the runs. Usage: speed_tta.py ORIGINAL.csv,COPY.csv[,COPY.csv...] ..."""
import os, sys
import numpy as np
from predictions import load, figures

def by_name(path):
    p, y, corpus, paths = load(path)
    names = [os.path.splitext(os.path.basename(x))[0] for x in paths]
    order = np.argsort(names)
    return [names[i] for i in order], p[order], y[order], corpus[order]

runs = {"unchanged": [], "averaged over the speeds": []}
for run in sys.argv[1:]:
    loaded = [by_name(path) for path in run.split(",")]
    names, p, y, corpus = loaded[0]
    if any(other[0] != names for other in loaded[1:]):
        sys.exit(f"{run}: the files do not hold the same clips")
    runs["unchanged"].append(figures(p, y, corpus))
    runs["averaged over the speeds"].append(figures(np.mean([other[1] for other in loaded], 0), y, corpus))
    print(run.split(",")[0], " ".join(f"{arm}: UA {f[-1]['UA']:.3f} corpus mean {f[-1]['corpus mean']:.3f}"
                                      for arm, f in runs.items()))
for arm, fs in runs.items():
    print(f"{arm}, {len(fs)} runs:", "  ".join(f"{k} {np.mean([f[k] for f in fs]):.3f} ± {np.std([f[k] for f in fs], ddof=1):.3f}"
                                              for k in fs[0]))
