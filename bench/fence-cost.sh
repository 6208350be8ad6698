#!/usr/bin/env bash
# What issue 15's backward-move check costs on the request path: single PUTs (32 connections,
# LOGS logs, always moving forward, no preconditions) with checkpoint.api.backward-moves=allow
# and =reject, alternated ROUNDS times in one run so that the machine's drift hits both alike.
#
#   bench/fence-cost.sh             uses target/*.jar (build it first: ./mvnw -B -DskipTests package)
#
# Needs wrk, curl, java and python3. Prints one line per run and the ratio reject/allow.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
LOGS=${LOGS:-100000}
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-20}
ROUNDS=${ROUNDS:-2}
# The image's collector settings (Dockerfile), with a fixed heap.
JAVA_OPTS=${JAVA_OPTS:-"-Xms1g -Xmx1g -XX:+UseParallelGC -Xmn128m -XX:SurvivorRatio=4 -XX:-UseAdaptiveSizePolicy"}
JAR=$(ls target/*.jar | grep -v -- '-plain\|\.original$' | head -n1)
WORK=$(mktemp -d)
PID=
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT

run() {
  local mode=$1 port
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  rm -rf "$WORK/data"
  # shellcheck disable=SC2086
  java $JAVA_OPTS -jar "$JAR" --server.address=127.0.0.1 --server.port="$port" \
    --checkpoint.file="$WORK/data/checkpoint.yml" --checkpoint.api.backward-moves="$mode" >"$WORK/app.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 450); do curl -fsS -o /dev/null "http://127.0.0.1:$port/actuator/health" 2>/dev/null && break; sleep 0.2; done
  python3 "$ROOT/bench/load-logs.py" "http://127.0.0.1:$port" "$LOGS" "" >/dev/null
  env BENCH_LUA="$ROOT/bench/lua" LOGS="$LOGS" wrk -t2 -c32 -d"${WARMUP}s" -s "$ROOT/bench/lua/put.lua" \
    "http://127.0.0.1:$port" >/dev/null
  env BENCH_LUA="$ROOT/bench/lua" LOGS="$LOGS" wrk -t2 -c32 -d"${DURATION}s" -s "$ROOT/bench/lua/put.lua" \
    "http://127.0.0.1:$port" | grep '^RESULT ' | tail -n1 | awk -v mode="$mode" '{
      for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      printf "%s %.0f req/s p99 %.1f ms non2xx %d\n", mode, v["requests"] / (v["duration_us"] / 1e6), v["p99_us"] / 1000, v["non2xx"] }'
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
}

for _ in $(seq 1 "$ROUNDS"); do run allow; run reject; done | tee "$WORK/runs.txt"
awk '{ sum[$1] += $2; n[$1]++ } END { a = sum["allow"] / n["allow"]; r = sum["reject"] / n["reject"];
  printf "mean allow %.0f req/s, reject %.0f req/s: reject/allow = %.3f\n", a, r, r / a }' "$WORK/runs.txt"
