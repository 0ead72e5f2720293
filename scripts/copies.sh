#!/usr/bin/env bash
# Transformed copies of the clips of a `ser eval --predictions` file, for the robustness figures in docs/results.md.
#   scripts/copies.sh PREDICTIONS.csv OUT_DIR FFMPEG_OUTPUT_ARGS...   writes OUT_DIR/CORPUS/NAME.EXT, mono; the names
#                                                                    keep their corpus naming, so ser eval reads the speakers
#   speed 0.9 as training perturbs it (pitch and duration move together): -af aresample=16000,asetrate=14400,aresample=16000
#   telephone (G.711 mu-law, 8 kHz):                                   -ar 8000 -c:a pcm_mulaw
#   EXT     the copies' container when the codec needs its own (default wav), e.g. EXT=mp3 with -c:a libmp3lame -b:a 32k,
#           EXT=ogg with -c:a libopus -b:a 12k
set -euo pipefail
[ $# -ge 3 ] || { sed -n '2,8p' "$0" >&2; exit 64; }
predictions=$1 out=$2 ext=${EXT:-wav}
shift 2
python3 -c 'import csv, sys; [print(r["path"] + "\t" + r["corpus"]) for r in csv.DictReader(open(sys.argv[1]))]' "$predictions" |
  while IFS=$'\t' read -r clip corpus; do
    name=$(basename "${clip%.*}")
    mkdir -p "$out/$corpus"
    [ -f "$out/$corpus/$name.$ext" ] && continue
    # written beside and renamed, so that an interrupted run leaves no partial copy to be taken for a whole one
    ffmpeg -nostdin -loglevel error -y -i "$clip" -ac 1 "$@" "$out/$corpus/.$name.$ext"
    mv "$out/$corpus/.$name.$ext" "$out/$corpus/$name.$ext"
  done
