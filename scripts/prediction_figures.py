"""Figures of `ser eval --predictions` files, per run and mean ± sd over the runs: one argument per run. An
argument of several files (ORIGINAL.csv,COPY.csv,...) also gets the figures of each clip's probabilities averaged
over the files, matched by file name: the original clip and its transformed copies (scripts/copies.sh), for
test-time augmentation, or the members' files of one split, for an ensemble (their mean at temperature 1).
Usage: prediction_figures.py RUN.csv[,COPY.csv...] ..."""
import sys
import numpy as np
from predictions import by_name, figures, same_clips, sd

if len(sys.argv) < 2:
    sys.exit(__doc__)
arms = {"as given": [], "averaged over the files": []}
for run in sys.argv[1:]:
    files = run.split(",")
    loaded = [by_name(path) for path in files]
    same_clips(files, loaded)
    p, y, corpus, _ = loaded[0]
    mine = {"as given": figures(p, y, corpus)}
    if len(loaded) > 1:
        mine["averaged over the files"] = figures(np.mean([other[0] for other in loaded], 0), y, corpus)
    print(files[0], " ".join(f"{arm}: UA {f['UA']:.3f} corpus mean {f['corpus mean']:.3f}" for arm, f in mine.items()))
    for arm, f in mine.items():
        arms[arm].append(f)
for arm, fs in arms.items():
    if fs:
        print(f"{arm}, {len(fs)} runs:", "  ".join(f"{k} {np.mean([f[k] for f in fs]):.3f} ± {sd([f[k] for f in fs]):.3f}"
                                                  for k in fs[0]))
