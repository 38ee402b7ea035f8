#!/bin/sh
# Time from `pcg train` to its first training step, cold (empty class cache, so javac runs)
# and cached, for a model (default samples/mlp.pcg), started by bin/pcg (with the build's
# class-data-sharing archive) and, for comparison, by plain `java -jar` (without it).
# One epoch of 64 samples is one step, and scoring a single test sample after it takes
# microseconds, so a run's wall time is the start-up plus one step. The Fashion-MNIST files
# are still read in full, as in a real run (from the decompressed copy in the data cache
# after the first run). Prints every run and the median of each kind. Run from the
# repository root after `mvn package`; RUNS (default 5) sets how many of each.
set -e
model="${1:-samples/mlp.pcg}"
runs="${RUNS:-5}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
run() {
  start=$(date +%s%N)
  "$@" train "$model" --epochs 1 --limit 64 --test-limit 1 --batch 64 -q \
    --cache-dir "$tmp/classes" > /dev/null
  echo $(( ($(date +%s%N) - start) / 1000000 ))
}
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
for kind in cold cached plain; do : > "$tmp/$kind.txt"; done
for i in $(seq "$runs"); do
  rm -rf "$tmp/classes"
  cold=$(run bin/pcg)
  cached=$(run bin/pcg)
  plain=$(run java -jar target/pcg.jar)
  echo "run $i: cold $cold ms, cached $cached ms, cached without the archive $plain ms"
  echo "$cold" >> "$tmp/cold.txt"
  echo "$cached" >> "$tmp/cached.txt"
  echo "$plain" >> "$tmp/plain.txt"
done
echo "median of $runs: cold $(median < "$tmp/cold.txt") ms," \
  "cached $(median < "$tmp/cached.txt") ms," \
  "cached without the archive $(median < "$tmp/plain.txt") ms" \
  "($model; load $(cut -d' ' -f1 /proc/loadavg))"
