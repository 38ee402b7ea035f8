#!/bin/sh
# Runs pcg bench on every sample (then the MLP in double and on two threads) and keeps each
# report in DIR (default target/bench). Run from the repository root after `mvn package`.
set -e
out="${1:-target/bench}"
mkdir -p "$out"
pcg() { bin/pcg "$@"; }
for model in mlp lenet5 deep_mlp resnet rnn transformer tiny; do
  echo "pcg bench samples/$model.pcg" | tee "$out/$model.txt"
  pcg bench "samples/$model.pcg" | tee -a "$out/$model.txt"
done
echo "pcg bench samples/mlp.pcg --dtype f64" | tee "$out/mlp-f64.txt"
pcg bench samples/mlp.pcg --dtype f64 | tee -a "$out/mlp-f64.txt"
two="--threads 2 --torch-threads 1 --algo bp"
echo "pcg bench samples/mlp.pcg $two" | tee "$out/mlp-2threads.txt"
pcg bench samples/mlp.pcg $two | tee -a "$out/mlp-2threads.txt"
