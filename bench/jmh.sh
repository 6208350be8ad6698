#!/usr/bin/env bash
# Runs the JMH benchmarks of the engine and the YAML store, then the heap-per-log measurement,
# and writes their results to bench/results/ (gitignored):
#   jmh.json, jmh.txt     JMH's own output
#   heap.txt              HeapPerLog's output (1M logs in a 512 MiB heap)
#   flush.csv             size, flush and load times per number of logs (for plot.py)
#
#   bench/jmh.sh                       everything (about 9 minutes on 2 cores)
#   bench/jmh.sh EngineFlush -p size=100000   any org.openjdk.jmh.Main arguments (skips the heap run)
#
# Checkpoint files go to java.io.tmpdir (/tmp) unless BENCH_DIR names another directory (passed with
# -jvmArgsPrepend, so the benchmarks' own -jvmArgsAppend heap sizes stay); both
# /tmp and /work are on the machine's ext4 disk here, not tmpfs (see docs/benchmarks.md).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=$PWD/bench/results
mkdir -p "$OUT"

JVM_DIR_ARG=()
if [ -n "${BENCH_DIR:-}" ]; then
  JVM_DIR_ARG=(-jvmArgsPrepend "-Dbench.dir=$BENCH_DIR")
fi

echo "== JMH (results: $OUT/jmh.json)" >&2
./mvnw -B -q -Pjmh test-compile exec:exec@jmh \
  -Djmh.args="-rf json -rff $OUT/jmh.json ${JVM_DIR_ARG[*]} $*" | tee "$OUT/jmh.txt"

if [ $# -eq 0 ]; then
  echo "== heap per log (results: $OUT/heap.txt)" >&2
  ./mvnw -B -q -Pjmh exec:exec@heap | tee "$OUT/heap.txt"
fi

python3 bench/jmh-csv.py "$OUT/jmh.json" > "$OUT/flush.csv"
echo "== $OUT/flush.csv" >&2
cat "$OUT/flush.csv"
