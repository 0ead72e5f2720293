"""The ensemble's temperature fitted freely on dev against the mean left as it is (temperature 1), over every
ensemble of two or more of the given members, from their `ser eval --predictions` files: PRED_DIR/MEMBER-dev.csv,
MEMBER-test.csv and, where present, MEMBER-phone.csv (the telephone copies of the test clips). Prints per size the
fitted temperatures, the ECE (10 bins) of each split pooled and per corpus (mean ± sd over the ensembles, which
share members and clips, so the sd is not an independent error), and in how many ensembles the free fit raised
ECE, with the smallest rise. The fit is a bounded scalar search on the files' rounded probabilities, close to but
not the same as EnsembleConfig.fit's search before it was bounded below by 1.
Usage: ensemble_temperature.py PRED_DIR MEMBER MEMBER..."""
import itertools, os, sys
import numpy as np
from scipy.optimize import minimize_scalar
from predictions import by_name, ece, same_clips, sd

def scale(p, t):
    q = np.exp(np.log(p) / t)
    return q / q.sum(1, keepdims=True)

def nll(p, y, t):
    return -np.mean(np.log(np.maximum(scale(p, t)[np.arange(len(y)), y], 1e-12)))

def fit(p, y):
    return np.exp(minimize_scalar(lambda lt: nll(p, y, np.exp(lt)), bounds=(np.log(0.05), np.log(20)), method="bounded").x)

if len(sys.argv) < 4:
    sys.exit(__doc__)
folder, members = sys.argv[1], sys.argv[2:]
splits = [s for s in ("dev", "test", "phone") if all(os.path.exists(f"{folder}/{m}-{s}.csv") for m in members)]
if splits[:2] != ["dev", "test"]:
    sys.exit(f"{folder} needs MEMBER-dev.csv and MEMBER-test.csv of every member")
data = {}
for s in splits:
    files = [f"{folder}/{m}-{s}.csv" for m in members]
    data[s] = [by_name(path) for path in files]
    same_clips(files, data[s])

for size in range(2, len(members) + 1):
    temperatures, pooled, per_corpus = [], {}, {}
    for chosen in itertools.combinations(range(len(members)), size):
        mean = {s: np.mean([data[s][i][0] for i in chosen], 0) for s in splits}
        t = fit(mean["dev"], data["dev"][0][1])
        temperatures.append(t)
        for s in splits:
            y, corpus = data[s][0][1], data[s][0][2]
            for rule, temperature in (("fitted", t), ("one", 1.0)):
                q = scale(mean[s], temperature)
                pooled.setdefault((s, rule), []).append(ece(q, y))
                per_corpus.setdefault((s, rule), []).append({c: ece(q[corpus == c], y[corpus == c]) for c in sorted(set(corpus))})
    print(f"{size} members: {len(temperatures)} ensembles, fitted temperature {min(temperatures):.2f}-{max(temperatures):.2f}")
    for s in splits:
        line, means = [], {}
        for rule in ("fitted", "one"):
            e, corpora = pooled[(s, rule)], per_corpus[(s, rule)]
            means[rule] = np.array([np.mean(list(c.values())) for c in corpora])
            line.append(f"{rule}: ECE {np.mean(e):.3f} ± {sd(e):.3f}, per corpus mean {np.mean(means[rule]):.3f} ("
                        + " ".join(f"{c} {np.mean([x[c] for x in corpora]):.3f}" for c in corpora[0]) + ")")
        rise = np.array(pooled[(s, "fitted")]) - np.array(pooled[(s, "one")])
        corpus_rise = means["fitted"] - means["one"]
        print(f"   {s:5s} " + "; ".join(line))
        print(f"         the fit raised pooled ECE in {(rise > 0).sum()} of {len(rise)} (smallest change {rise.min():+.4f}),"
              f" the per-corpus mean in {(corpus_rise > 0).sum()} of {len(rise)}")
