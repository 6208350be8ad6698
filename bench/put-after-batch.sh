#!/usr/bin/env bash
# What a batch load leaves for the single PUTs after it (issue 13): one JVM with the image's collector
# settings, secured, LOGS logs loaded, then 30 s of PUTs at 32 connections, 10 s of batches of 1,000
# at 8 connections, and a measured PUT round of 15 s at 32 connections, as bench/http-load.sh's
# paired JVMs run them. Prints wrk's figures for that round, the old generation after the young
# collections of each phase (-Xlog:gc*) and every background snapshot with its time.
#
#   bench/put-after-batch.sh          (uses target/*.jar: ./mvnw -B -DskipTests package; or JAR=path)
#   JAVA_OPTS="-Xms1g -Xmx1g -XX:+UseG1GC" bench/put-after-batch.sh
#
# Needs wrk, curl, java, python3.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
LOGS=${LOGS:-100000}
JAVA_OPTS=${JAVA_OPTS:-"-Xms1g -Xmx1g -XX:+UseParallelGC -Xmn128m -XX:SurvivorRatio=4 -XX:-UseAdaptiveSizePolicy"}
JAR=${JAR:-$(ls target/*.jar 2>/dev/null | grep -v -- '-plain\|\.original$' | head -n1 || true)}
[ -n "$JAR" ] || { echo "no jar in target/: ./mvnw -B -DskipTests package" >&2; exit 1; }
TOKEN=bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
WORK=$(mktemp -d)
APP_PID=
cleanup() { [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT
export BENCH_LUA=$ROOT/bench/lua LOGS TOKEN DURABLE=false BATCH=1000
mkdir -p "$WORK/data"
# shellcheck disable=SC2086
env CHECKPOINT_SECURITY_TOKENS_0_NAME=collectors CHECKPOINT_SECURITY_TOKENS_0_ROLE=write \
  CHECKPOINT_SECURITY_TOKENS_0_SECRET="$TOKEN" CHECKPOINT_SECURITY_PROTECTMETRICS=false \
  java $JAVA_OPTS -Xlog:gc*:file="$WORK/gc.log":uptime -Dlogging.level.io.eventcheckpoint.store.file=debug \
  -jar "$JAR" --server.address=127.0.0.1 --server.port="$PORT" --checkpoint.file="$WORK/data/checkpoint.yml" \
  >"$WORK/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 450); do curl -fsS -o /dev/null "$BASE/actuator/health" 2>/dev/null && break; sleep 0.2; done
python3 "$ROOT/bench/load-logs.py" "$BASE" "$LOGS" "$TOKEN" >/dev/null
uptime_s() { awk '{print $1}' /proc/uptime; }
t0=$(uptime_s)
wrk -t2 -c32 -d30s -s "$ROOT/bench/lua/put.lua" "$BASE" >/dev/null 2>&1
t1=$(uptime_s)
wrk -t2 -c8 -d10s -s "$ROOT/bench/lua/batch.lua" "$BASE" >/dev/null 2>&1
t2=$(uptime_s)
wrk -t2 -c32 -d15s -s "$ROOT/bench/lua/put.lua" "$BASE" | grep '^RESULT ' | awk '{
  for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
  printf "measured PUT round after the batches: %.0f req/s, p50 %.2f p90 %.2f p99 %.2f ms\n",
    v["requests"] / (v["duration_us"] / 1e6), v["p50_us"] / 1000, v["p90_us"] / 1000, v["p99_us"] / 1000 }'
t3=$(uptime_s)
# The JVM's uptime at each phase boundary: gc.log's clock starts with the JVM.
start=$(ps -o etimes= -p "$APP_PID" | tr -d ' ')
now=$(uptime_s)
python3 - "$WORK/gc.log" "$start" "$now" "$t0" "$t1" "$t2" "$t3" <<'PY'
import re, sys
log, jvm_age, now, *marks = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), *map(float, sys.argv[4:])
# Host uptime -> JVM uptime (whole seconds: the phases are tens of seconds long).
born = now - jvm_age
edges = [m - born for m in marks]
names = ["PUT warm-up (30 s)", "batches (10 s)", "measured PUT round (15 s)"]
old = {n: [] for n in names}
pauses = {n: [] for n in names}
full = 0
for line in open(log):
    m = re.match(r"\[(\d+\.\d+)s\].*ParOldGen: (\d+)K\(\d+K\)->(\d+)K", line)
    t = re.match(r"\[(\d+\.\d+)s\].*Pause Young.* (\d+\.\d+)ms$", line)
    if "Pause Full" in line and line.rstrip().endswith("ms"):
        full += 1
    for i, n in enumerate(names):
        if m and edges[i] <= float(m.group(1)) < edges[i + 1]:
            old[n].append(int(m.group(3)) // 1024)
        if t and edges[i] <= float(t.group(1)) < edges[i + 1]:
            pauses[n].append(float(t.group(2)))
for n in names:
    o, p = old[n], sorted(pauses[n])
    if o:
        print(f"{n}: old generation {o[0]} -> {o[-1]} MB; young pauses {len(p)}, median {p[len(p)//2]:.1f} ms, max {p[-1]:.1f} ms")
print(f"full collections (start-up included): {full}")
PY
grep 'Snapshot of' "$WORK/app.log" | sed 's/.*Snapshot of/snapshot of/'
