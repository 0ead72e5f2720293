#!/usr/bin/env bash
# Speed-changed copies of the clips of a `ser eval --predictions` file, for test-time speed perturbation in
# docs/results.md: RATE resamples as training's speed perturbation does, so pitch and duration move together.
#   scripts/speed_copies.sh PREDICTIONS.csv RATE OUT_DIR   writes OUT_DIR/CORPUS/NAME.wav (16 kHz mono); the file
#                                                        names keep their corpus naming, so ser eval reads the speakers
set -euo pipefail
[ $# -eq 3 ] || { sed -n '4,5p' "$0" >&2; exit 64; }
predictions=$1 rate=$2 out=$3
shifted=$(python3 -c "print(round(16000 * $rate))")
python3 -c 'import csv, sys; [print(r["path"] + "\t" + r["corpus"]) for r in csv.DictReader(open(sys.argv[1]))]' "$predictions" |
  while IFS=$'\t' read -r clip corpus; do
    name=$(basename "${clip%.*}")
    mkdir -p "$out/$corpus"
    [ -f "$out/$corpus/$name.wav" ] || ffmpeg -nostdin -loglevel error -i "$clip" -ac 1 \
      -af "aresample=16000,asetrate=$shifted,aresample=16000" "$out/$corpus/$name.wav"
  done
