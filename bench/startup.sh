#!/bin/sh
# Time from `pcg train` to its first training step, cold (empty class cache, so javac runs)
# and cached, for a model (default samples/mlp.pcg). One epoch of 64 samples is one step,
# and scoring a single test sample after it takes microseconds, so a run's wall time is the
# start-up plus one step. The full Fashion-MNIST files are still read, as in a real run.
# Prints every run and the median of each kind. Run from the repository root after
# `mvn package`; RUNS (default 5) sets how many of each.
set -e
model="${1:-samples/mlp.pcg}"
runs="${RUNS:-5}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
run() {
  start=$(date +%s%N)
  java -Dpcg.cache.dir="$tmp/classes" -jar target/pcg.jar train "$model" --epochs 1 --limit 64 \
    --test-limit 1 --batch 64 -q > /dev/null
  echo $(( ($(date +%s%N) - start) / 1000000 ))
}
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
: > "$tmp/cold.txt"
: > "$tmp/cached.txt"
for i in $(seq "$runs"); do
  rm -rf "$tmp/classes"
  cold=$(run)
  cached=$(run)
  echo "run $i: cold $cold ms, cached $cached ms"
  echo "$cold" >> "$tmp/cold.txt"
  echo "$cached" >> "$tmp/cached.txt"
done
echo "median of $runs: cold $(median < "$tmp/cold.txt") ms," \
  "cached $(median < "$tmp/cached.txt") ms ($model; load $(cut -d' ' -f1 /proc/loadavg))"
