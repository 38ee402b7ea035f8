#!/bin/sh
# Time from `pcg train` to the end of its first training step, cold (empty class cache, so
# javac runs) and cached, for a model (default samples/mlp.pcg), started by bin/pcg (with
# the build's class-data-sharing archive) and, for comparison, by plain `java -jar`.
#
# A run trains one epoch of 64 samples, which is one step, then scores one test sample and
# prints its epoch line; the time to that line is the time to the first step (scoring one
# sample takes microseconds). Whole-process times (with the JVM's exit) are printed beside.
# The Fashion-MNIST files are read in full, as in a real run (after the first run, from the
# decompressed copy in pcg's data cache). Also times `java -version`, the bare JVM, as a
# reference for how fast the machine is at the moment. Run from the repository root after
# `mvn package`; RUNS (default 5) sets how many runs of each kind.
set -e
model="${1:-samples/mlp.pcg}"
runs="${RUNS:-5}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
now() { date +%s%N; }
# Prints "first-step-ms process-ms" for one run of the launcher given as arguments.
run() {
  start=$(now)
  "$@" train "$model" --epochs 1 --limit 64 --test-limit 1 --batch 64 -q \
      --cache-dir "$tmp/classes" | while IFS= read -r line; do
    case "$line" in epoch*) echo $(( ($(now) - start) / 1000000 )) > "$tmp/step" ;; esac
  done
  echo "$(cat "$tmp/step") $(( ($(now) - start) / 1000000 ))"
}
jvm() {
  start=$(now)
  java -version 2> /dev/null
  echo $(( ($(now) - start) / 1000000 ))
}
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
for i in $(seq "$runs"); do
  rm -rf "$tmp/classes"
  set -- $(run bin/pcg); echo "$1" >> "$tmp/cold"; echo "$2" >> "$tmp/cold.all"
  set -- $(run bin/pcg); echo "$1" >> "$tmp/cached"; echo "$2" >> "$tmp/cached.all"
  set -- $(run java -jar target/pcg.jar); echo "$1" >> "$tmp/plain"
  jvm >> "$tmp/jvm"
  echo "run $i: first step after $(tail -1 "$tmp/cold") ms cold," \
    "$(tail -1 "$tmp/cached") ms cached, $(tail -1 "$tmp/plain") ms cached without the" \
    "archive; java -version $(tail -1 "$tmp/jvm") ms"
done
echo "median of $runs ($model; load $(cut -d' ' -f1 /proc/loadavg)):"
echo "  to the end of the first step: cold $(median < "$tmp/cold") ms," \
  "cached $(median < "$tmp/cached") ms, cached without the archive $(median < "$tmp/plain") ms"
echo "  whole process: cold $(median < "$tmp/cold.all") ms, cached" \
  "$(median < "$tmp/cached.all") ms; java -version $(median < "$tmp/jvm") ms"
