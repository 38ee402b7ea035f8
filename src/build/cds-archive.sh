#!/bin/sh
# Writes target/pcg.jsa, the class-data-sharing archive bin/pcg starts the JVM with; run by
# `mvn package` after the shaded jar exists. Arguments: JAVA TARGET_DIR MODEL.
#
# Step 1 records the classes one short training run loads (javac's included: the class cache
# starts empty, so the run compiles the model). Step 2 has the JVM parse, verify and lay out
# those classes into the archive, which later starts map instead of loading class by class.
# Without Fashion-MNIST the run stops before training and the archive holds fewer classes:
# slower starts, the same results. Failing to make an archive fails nothing: bin/pcg then
# runs the jar without one.
set -u
java="$1"
target="$2"
model="$3"
jar="$target/pcg.jar"
list="$target/pcg.classlist"
cache="$target/cds-cache"
rm -rf "$cache" "$list" "$target/pcg.jsa"
# Both caches live under target for this run, so the build writes nothing into ~/.cache.
# The module options match bin/pcg's, which the archive must fit.
"$java" --add-modules jdk.incubator.vector -XX:DumpLoadedClassList="$list" \
  -Dpcg.cache.dir="$cache/classes" \
  -Dpcg.data.cache.dir="$cache/data" -jar "$jar" \
  train "$model" --epochs 1 --limit 64 --test-limit 64 --quiet > "$target/cds-run.log" 2>&1
if ! "$java" --add-modules jdk.incubator.vector -Xshare:dump -Xlog:cds=off \
    -XX:SharedClassListFile="$list" \
    -XX:SharedArchiveFile="$target/pcg.jsa" -cp "$jar" > "$target/cds-dump.log" 2>&1; then
  echo "pcg: no class-data-sharing archive (see $target/cds-dump.log); bin/pcg starts" \
    "without one" >&2
  rm -f "$target/pcg.jsa"
fi
rm -rf "$cache"
exit 0
