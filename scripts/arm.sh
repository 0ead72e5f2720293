#!/usr/bin/env bash
# One arm of a recipe comparison in docs/results.md: the seeds of one training config side by side, then the
# test figures over the seeds and each seed's dev figures, as the raw files in docs/runs print them.
#   scripts/arm.sh train CONFIG.json RUN_DIR [SEEDS]  trains seed S into RUN_DIR/seed-S (SEEDS default "1 2 3"), one
#                                                    thread each, in parallel; a seed with checkpoints is resumed
#   scripts/arm.sh report RUN_DIR                     ser eval over RUN_DIR's seeds on the test split, the same over a
#                                                    telephone line (G.711 mu-law at 8 kHz copies), then dev per seed
#   DATA    the corpora (default: the five of ../shared/data)
#   COPIES  where the telephone copies of the test clips are made once (by ffmpeg) and kept (default: runs/copies)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="$root/../shared/data"
DATA="${DATA:-$shared/ravdess,$shared/tess,$shared/emodb,$shared/nemo,$shared/ased}"
ser="$root/ser"
COPIES="${COPIES:-$root/runs/copies}"

train() {
  local config=$1 runs=$2 seeds=${3:-1 2 3}
  "$ser" --version >/dev/null # builds once, before the seeds start side by side
  mkdir -p "$runs"
  for s in $seeds; do
    local resume=()
    [ -f "$runs/seed-$s/checkpoints/state.json" ] && resume=(--resume)
    SER_HEAP=3g nice -n 19 "$ser" train --config "$config" --seed "$s" --out "$runs/seed-$s" --threads 1 \
      "${resume[@]}" >>"$runs/seed-$s.log" 2>&1 &
  done
  wait
}

report() {
  local runs=$1
  echo "# ser eval --model $runs --data \$DATA --split test"
  "$ser" eval --model "$runs" --data "$DATA" --split test --threads 2 \
    --predictions "$runs/test-predictions.csv" --json "$runs/test-metrics.json" 2>&1 | grep -v ' INFO '
  local line=(-ar 8000 -c:a pcm_mulaw) first phone predictions
  shopt -s nullglob
  predictions=("$runs"/test-predictions.*.csv)
  shopt -u nullglob
  [ ${#predictions[@]} -gt 0 ] || { echo "$runs: no test-predictions.SEED.csv: is it a seed set (RUN_DIR/seed-S)?" >&2; exit 1; }
  first=${predictions[0]}
  # one set of copies per set of clips and line settings
  phone="$COPIES/phone-$({ echo "${line[*]}"; cut -d, -f1 "$first" | LC_ALL=C sort; } | sha256sum | head -c 12)"
  "$root/scripts/copies.sh" "$first" "$phone" "${line[@]}"
  echo
  echo "# the same clips over a telephone line: ser eval --model $runs --data \$COPIES/phone-CLIPS/CORPUS,... --split test"
  "$ser" eval --model "$runs" --data "$(ls -d "$phone"/*/ | sed 's:/$::' | paste -sd, -)" --split test --threads 2 \
    --predictions "$runs/phone-predictions.csv" --json "$runs/phone-metrics.json" 2>&1 | grep -v ' INFO '
  echo
  echo "# dev (each seed's metrics.json)"
  python3 - "$runs"/seed-*/metrics.json <<'PY'
import json, sys
for path in sys.argv[1:]:
    m = json.load(open(path))
    corpora = [v["ua"] for k, v in m["dev_per_corpus"].items() if ":" not in k]
    last = m["history"][-1]
    print(f"{path.split('/')[-2]} dev UA {m['dev']['ua']:.3f} WA {m['dev']['wa']:.3f}"
          f" ECE {m['dev_calibration']['calibrated']['ece']:.3f} corpus mean {sum(corpora) / len(corpora):.3f}"
          f" best epoch {m['best_epoch']} of {len(m['history'])} decision {m['decision']}"
          f" temperature {m['temperature']:.2f} train acc at the end {last['train_accuracy']:.3f}")
PY
}

case "${1:-}" in
  train) shift; train "$@" ;;
  report) shift; report "$@" ;;
  *) sed -n '2,9p' "$0" >&2; exit 64 ;;
esac
