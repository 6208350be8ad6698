#!/usr/bin/env bash
# The floor of a single PUT on this machine (issue 13): bench/trivial, the smallest Spring Boot
# service answering the same PUT /logs/{name} (Tomcat, Spring MVC, Jackson; no security, checks,
# metrics or store), measured by the same wrk script at 32 connections, alternating PAIRS times
# with the service itself (bench/put-latency.sh, secured, 100k logs). Both get the same JVM options.
#
#   bench/put-floor.sh          (builds bench/trivial; the service's jar must be built: ./mvnw -B -DskipTests package)
#   PAIRS=1 OPTIONS="-XX:+UseParallelGC -Xmn64m -Dserver.tomcat.threads.max=16 -Dserver.tomcat.threads.min-spare=16" bench/put-floor.sh
#       the same with other JVM options for both (default: the image's collector settings);
#       Spring properties go in as -D options.
#
# Prints one line per wrk round: req/s, p50, p90, p99. Needs wrk, curl, java, python3.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PAIRS=${PAIRS:-2}
WARMUP=${WARMUP:-45}
DURATION=${DURATION:-15}
ROUNDS=${ROUNDS:-2}
OPTIONS=${OPTIONS:-"-XX:+UseParallelGC -Xmn128m -XX:SurvivorRatio=4 -XX:-UseAdaptiveSizePolicy"}
./mvnw -B -q -f bench/trivial/pom.xml -DskipTests package
TRIVIAL=$ROOT/bench/trivial/target/trivial-put-0.1.0.jar
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT
APP_PID=
trap '[ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null; wait 2>/dev/null || true' EXIT
export BENCH_LUA=$ROOT/bench/lua LOGS=100000 TOKEN=unused DURABLE=false

trivial() {
  # shellcheck disable=SC2086
  java -Xms1g -Xmx1g $OPTIONS -jar "$TRIVIAL" --server.address=127.0.0.1 --server.port="$PORT" >/dev/null 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 450); do
    curl -fsS -o /dev/null -X PUT -H 'Content-Type: application/json' -d '{}' "$BASE/logs/probe" 2>/dev/null && break
    sleep 0.2
  done
  wrk -t2 -c32 -d"${WARMUP}s" -s "$ROOT/bench/lua/put.lua" "$BASE" >/dev/null 2>&1
  for round in $(seq 1 "$ROUNDS"); do
    wrk -t2 -c32 -d"${DURATION}s" -s "$ROOT/bench/lua/put.lua" "$BASE" | grep '^RESULT ' | awk -v round="$round" '{
      for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      printf "trivial round %s: %.0f req/s, p50 %.2f p90 %.2f p99 %.2f ms (non-2xx %d)\n", round,
        v["requests"] / (v["duration_us"] / 1e6), v["p50_us"] / 1000, v["p90_us"] / 1000, v["p99_us"] / 1000, v["non2xx"]
    }'
  done
  kill "$APP_PID" && wait "$APP_PID" 2>/dev/null || true
  APP_PID=
}

for _ in $(seq 1 "$PAIRS"); do
  trivial
  WARMUP=$WARMUP DURATION=$DURATION ROUNDS=$ROUNDS bash "$ROOT/bench/put-latency.sh" "service:$OPTIONS" | grep -v 'holds\|young pauses'
done
