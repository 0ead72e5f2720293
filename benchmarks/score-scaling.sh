#!/usr/bin/env bash
# Throughput of `ser score` on a folder, for each combination of workers and batch size, in one script so
# the figures share a machine and a build. Prints the summary line of each run (files/s, x real time).
#   benchmarks/score-scaling.sh [DATA_DIR] [WORKERS...] -- [BATCHES...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${1:-$root/../shared/data}"
shift || true
workers=(1 2); batches=(1 8 32)
if [ $# -gt 0 ]; then
  workers=(); while [ $# -gt 0 ] && [ "$1" != "--" ]; do workers+=("$1"); shift; done
  [ "${1:-}" = "--" ] && shift && batches=("$@")
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
echo "# $(date -u +%FT%TZ) $(git -C "$root" rev-parse --short HEAD) $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores"
"$root/ser" info >/dev/null 2>&1  # builds once, outside the timings
for w in "${workers[@]}"; do
  for b in "${batches[@]}"; do
    line=$("$root/ser" score "$data" --out "$out/w$w-b$b.jsonl" --workers "$w" --batch "$b" 2>&1 | grep '^scored')
    echo "workers $w batch $b: $line"
  done
done
