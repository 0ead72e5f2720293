"""Figures of `ser eval --predictions` files, per run and mean ± sd over the runs: one argument per run. An
argument of several files (ORIGINAL.csv,COPY.csv,...) also gets the figures of each clip's probabilities averaged
over the files, matched by file name: the original clip and its transformed copies (scripts/copies.sh), for
test-time augmentation. Usage: prediction_figures.py RUN.csv[,COPY.csv...] ..."""
import os, sys
import numpy as np
from predictions import load, figures

def by_name(path):
    p, y, corpus, paths = load(path)
    names = [os.path.splitext(os.path.basename(x))[0] for x in paths]
    order = np.argsort(names)
    return [names[i] for i in order], p[order], y[order], corpus[order]

arms = {"as given": [], "averaged over the files": []}
for run in sys.argv[1:]:
    loaded = [by_name(path) for path in run.split(",")]
    names, p, y, corpus = loaded[0]
    if any(other[0] != names for other in loaded[1:]):
        sys.exit(f"{run}: the files do not hold the same clips")
    arms["as given"].append(figures(p, y, corpus))
    if len(loaded) > 1:
        arms["averaged over the files"].append(figures(np.mean([other[1] for other in loaded], 0), y, corpus))
    print(os.path.basename(run.split(",")[0]), " ".join(f"{arm}: UA {f[-1]['UA']:.3f} corpus mean {f[-1]['corpus mean']:.3f}"
                                                        for arm, f in arms.items() if f))
for arm, fs in arms.items():
    if fs:
        print(f"{arm}, {len(fs)} runs:", "  ".join(f"{k} {np.mean([f[k] for f in fs]):.3f} ± {np.std([f[k] for f in fs], ddof=1):.3f}"
                                                  for k in fs[0]))
