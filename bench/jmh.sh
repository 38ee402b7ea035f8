#!/bin/sh
# JMH benchmarks of the generated training step and the hot kernels (src/test/java/org/pcg/bench).
# Run from the repository root; arguments go to JMH, for example:
#   bench/jmh.sh StepBenchmark -p model=mlp -p algo=bp -prof gc
#   bench/jmh.sh KernelBenchmark -p gemm=current
# OpenBLAS reads its thread count and kernel choice when it loads, so they are set here for
# JMH's forked JVMs.
set -e
cd "$(dirname "$0")/.."
mvn -q test-compile
mvn -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/jmh.classpath
. bin/blas-core.sh
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}" OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
classpath="target/test-classes:target/classes:$(cat target/jmh.classpath)"
# With the Vector API, as bin/pcg runs (JMH's forks take this JVM's options).
exec java --add-modules jdk.incubator.vector -cp "$classpath" org.openjdk.jmh.Main "$@"
