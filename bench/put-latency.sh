#!/usr/bin/env bash
# Where the tail of a single PUT comes from: the same jar started with each of several JVM option
# sets in turn (secured as the chart ships it, LOGS logs loaded, WARMUP seconds of PUTs at 32
# connections), then ROUNDS runs of DURATION seconds at CONNECTIONS connections. Each run prints
# wrk's req/s, p50/p90/p99 and the share of the same answers the service's own timer
# (http.server.requests) put within 5, 10 and 25 ms, and the young-collection pauses from -Xlog:gc.
#
#   bench/put-latency.sh "g1:" "parallel:-XX:+UseParallelGC" "parallel-64m:-XX:+UseParallelGC -Xmn64m" \
#     "threads-16:-XX:+UseParallelGC -Xmn64m -Dserver.tomcat.threads.max=16 -Dserver.tomcat.threads.min-spare=16"
#
# Each argument is LABEL:JVM-OPTIONS (Spring properties as -D options); the heap is -Xms1g -Xmx1g
# unless an option set says otherwise. DURABLE=true measures ?durable=true PUTs instead. Uses
# target/*.jar (build it first: ./mvnw -B -DskipTests package), or JAR=path. Needs wrk, curl, java, python3.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
LOGS=${LOGS:-100000}
WARMUP=${WARMUP:-50}
DURATION=${DURATION:-15}
ROUNDS=${ROUNDS:-2}
CONNECTIONS=${CONNECTIONS:-32}
DURABLE=${DURABLE:-false}
TOKEN=bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
JAR=${JAR:-$(ls target/*.jar 2>/dev/null | grep -v -- '-plain\|\.original$' | head -n1 || true)}
[ -n "$JAR" ] || { echo "no jar in target/: ./mvnw -B -DskipTests package" >&2; exit 1; }
WORK=$(mktemp -d)
APP_PID=
cleanup() { [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT
export BENCH_LUA=$ROOT/bench/lua LOGS TOKEN DURABLE

for config in "$@"; do
  label=${config%%:*}
  options=${config#*:}
  rm -rf "$WORK/data" && mkdir -p "$WORK/data"
  # shellcheck disable=SC2086
  env CHECKPOINT_SECURITY_TOKENS_0_NAME=collectors CHECKPOINT_SECURITY_TOKENS_0_ROLE=write \
    CHECKPOINT_SECURITY_TOKENS_0_SECRET="$TOKEN" CHECKPOINT_SECURITY_PROTECTMETRICS=false \
    java -Xms1g -Xmx1g $options -Xlog:gc:file="$WORK/gc.log" -jar "$JAR" --server.address=127.0.0.1 \
    --server.port="$PORT" --checkpoint.file="$WORK/data/checkpoint.yml" >"$WORK/app.log" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 450); do curl -fsS -o /dev/null "$BASE/actuator/health" 2>/dev/null && break; sleep 0.2; done
  python3 "$ROOT/bench/load-logs.py" "$BASE" "$LOGS" "$TOKEN" >/dev/null
  wrk -t2 -c32 -d"${WARMUP}s" -s "$ROOT/bench/lua/put.lua" "$BASE" >/dev/null 2>&1
  threads=2
  [ "$CONNECTIONS" -lt 2 ] && threads=1
  for round in $(seq 1 "$ROUNDS"); do
    curl -fsS "$BASE/actuator/prometheus" >"$WORK/before.txt"
    wrk -t"$threads" -c"$CONNECTIONS" -d"${DURATION}s" -s "$ROOT/bench/lua/put.lua" "$BASE" >"$WORK/wrk.txt" 2>&1
    curl -fsS "$BASE/actuator/prometheus" >"$WORK/after.txt"
    server=$(python3 "$ROOT/bench/server-latency.py" "$WORK/before.txt" "$WORK/after.txt" PUT)
    grep '^RESULT ' "$WORK/wrk.txt" | awk -v label="$label" -v round="$round" -v server="$server" '{
      for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      printf "%s round %s: %.0f req/s, p50 %.2f p90 %.2f p99 %.2f ms | service timer: %s\n", label, round,
        v["requests"] / (v["duration_us"] / 1e6), v["p50_us"] / 1000, v["p90_us"] / 1000, v["p99_us"] / 1000, server
    }'
  done
  grep -o 'Pause Young.* [0-9.]*ms$' "$WORK/gc.log" | awk '{print $NF}' | sed 's/ms//' | sort -n \
    | awk -v label="$label" '{a[NR] = $1} END { if (NR) printf "%s young pauses: %d, median %.1f ms, p90 %.1f ms, max %.1f ms\n", label, NR, a[int(NR * 0.5) + 1], a[int(NR * 0.9) + 1], a[NR] }'
  kill "$APP_PID" && wait "$APP_PID" 2>/dev/null || true
  APP_PID=
done
