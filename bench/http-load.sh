#!/usr/bin/env bash
# HTTP load test of the checkpoint service, side by side with etcd 3.4 in one run (issue 8).
#
#   bench/http-load.sh            build the jar, run everything (about 7 minutes), print the table
#   SKIP_BUILD=true bench/http-load.sh   reuse target/*.jar
#
# Needs wrk, etcd (Debian's wrk and etcd-server: `bash .ci/setup-tools.sh` installs them), curl,
# java and python3 (standard library only). It installs nothing itself.
#
# Everything runs on 127.0.0.1 and stops by itself: each wrk run is bounded (DURATION seconds,
# SWEEP_DURATION for the connection sweep), and the service and etcd it starts are killed on exit.
# Raw wrk output goes to bench/results/http/, one CSV row per run to bench/results/http.csv, and
# the table to bench/results/http-table.txt, the service arguments of each run to
# bench/results/http-runs.csv (bench/results/ is gitignored).
#
# The service runs secured, as the Helm chart ships it (issue 13): one write token for every name,
# passed in the environment like the chart's ConfigMap and Secret do; every request carries it.
# Runs, in this order, against the service (with LOGS logs loaded first, 100k by default):
#   put        PUT /logs/{name}, 32 connections, names cycling through all LOGS logs
#   durable    PUT /logs/{name}?durable=true, 64 connections (each answer waits for the fsync)
#   batch      POST /logs with BATCH (1,000) positions per request, 8 connections
#   get        GET /logs (all LOGS logs in one answer), 2 connections
#   put-sweep  PUT at 1, 4, 16, 32, 64 connections
#   overload   PUT at OVERLOAD (2,000) connections
# then MODE_ROUNDS (4) pairs of fresh JVMs, with the token (target service-paired) and without it
# (service-open): put and batch each, overload once without the token; then etcd
# (fresh data directory; etcd fsyncs its WAL for every put):
#   put (32), durable (64: the same PUT load, compared with the service's durable PUT), put-sweep,
#   overload (2,000)
# OPEN=false skips the open-mode pairs.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

DURATION=${DURATION:-15}
SWEEP_DURATION=${SWEEP_DURATION:-8}
WARMUP=${WARMUP:-60}
LOGS=${LOGS:-100000}
SWEEP=${SWEEP:-"1 4 16 32 64"}
# The image's collector settings (Dockerfile), with a fixed heap.
JAVA_OPTS=${JAVA_OPTS:-"-Xms1g -Xmx1g -XX:+UseParallelGC -Xmn128m -XX:SurvivorRatio=4 -XX:-UseAdaptiveSizePolicy"}
# Extra arguments for the service, e.g. the PostgreSQL store:
#   APP_ARGS="--checkpoint.store=jdbc --spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/checkpoint
#             --spring.datasource.username=checkpoint --spring.datasource.password=checkpoint"
APP_ARGS=${APP_ARGS:-}
BATCH=${BATCH:-1000}
OVERLOAD=${OVERLOAD:-2000}
OPEN=${OPEN:-true}
MODE_ROUNDS=${MODE_ROUNDS:-4}
# The chart's default token: auth.enabled, tokenName collectors, role write, no prefix.
TOKEN=${TOKEN:-bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')}
export BATCH

OUT=$ROOT/bench/results/http
CSV=$ROOT/bench/results/http.csv
mkdir -p "$OUT"

need() {
  command -v "$1" >/dev/null 2>&1 || { echo "http-load.sh: '$1' not found. $2" >&2; exit 1; }
}
need wrk "Install it with: bash .ci/setup-tools.sh (Debian package wrk)"
need etcd "Install it with: bash .ci/setup-tools.sh (Debian package etcd-server)"
need curl "Debian package curl"
need java "A Java 17 runtime"
need python3 "Python 3 (standard library only)"

log() { printf '[%s http-load] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/checkpoint-http-load.XXXXXX")
APP_PID=
ETCD_PID=

stop_pid() {
  local pid=$1
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
}

cleanup() {
  stop_pid "$APP_PID"
  stop_pid "$ETCD_PID"
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

RUN_ID=$(date -u +%Y%m%dT%H%M%SZ)
# Which service arguments each run used (plot.py tells runs with APP_ARGS from default ones).
RUNS=$ROOT/bench/results/http-runs.csv
[ -s "$RUNS" ] || echo "run,app_args" >"$RUNS"
echo "$RUN_ID,\"$APP_ARGS\"" >>"$RUNS"
if [ ! -s "$CSV" ]; then
  echo "run,target,scenario,connections,duration_s,requests,requests_per_s,positions_per_s,p50_ms,p90_ms,p99_ms,max_ms,non2xx,socket_errors" >"$CSV"
fi

# run_wrk TARGET SCENARIO URL SCRIPT CONNECTIONS SECONDS POSITIONS_PER_REQUEST [VAR=value...]
run_wrk() {
  local target=$1 scenario=$2 url=$3 script=$4 connections=$5 seconds=$6 per_request=$7
  shift 7
  local threads=2
  [ "$connections" -lt 2 ] && threads=1
  # wrk's timeout: an overload answer later than 5 s counts as a socket error, not as a latency.
  local timeout=10s
  [ "$connections" -ge 1000 ] && timeout=5s
  local raw="$OUT/$RUN_ID-$target-$scenario-c$connections.txt"
  log "$target $scenario: $connections connections for ${seconds}s"
  env BENCH_LUA="$ROOT/bench/lua" LOGS="$LOGS" "$@" \
    wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout "$timeout" -s "$ROOT/bench/lua/$script" "$url" >"$raw" 2>&1
  local line
  line=$(grep '^RESULT ' "$raw" | tail -n1)
  [ -n "$line" ] || { log "wrk printed no result, see $raw"; cat "$raw" >&2; exit 1; }
  # RESULT requests=.. duration_us=.. non2xx=.. socket_errors=.. p50_us=.. p90_us=.. p99_us=.. max_us=..
  echo "$line" | awk -v run="$RUN_ID" -v target="$target" -v scenario="$scenario" -v c="$connections" \
    -v s="$seconds" -v per="$per_request" '{
      for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      rps = v["requests"] / (v["duration_us"] / 1e6)
      # Positions count only answers that accepted them (a refused batch stores nothing).
      ok = (v["requests"] - v["non2xx"]) / (v["duration_us"] / 1e6)
      printf "%s,%s,%s,%d,%d,%d,%.1f,%.1f,%.3f,%.3f,%.3f,%.3f,%d,%d\n", run, target, scenario, c, s,
        v["requests"], rps, ok * per, v["p50_us"] / 1000, v["p90_us"] / 1000, v["p99_us"] / 1000,
        v["max_us"] / 1000, v["non2xx"], v["socket_errors"]
    }' >>"$CSV"
  tail -n1 "$CSV" | awk -F, '{ printf "    %s req/s, p50 %s ms, p99 %s ms, non-2xx %s, socket errors %s\n", $7, $9, $11, $13, $14 }' >&2
}

wait_for() {
  local what=$1 url=$2 seconds=$3
  for _ in $(seq 1 $((seconds * 5))); do
    curl -fsS -o /dev/null "$url" 2>/dev/null && return 0
    sleep 0.2
  done
  log "$what did not answer $url within ${seconds}s"
  return 1
}

# 1. The service.
if [ "${SKIP_BUILD:-false}" != true ]; then
  log "building the jar (./mvnw -B -q -DskipTests package)"
  ./mvnw -B -q -DskipTests package
fi
JAR=$(ls target/*.jar 2>/dev/null | grep -v -- '-plain\|\.original$' | head -n1 || true)
[ -n "$JAR" ] || { log "no jar in target/"; exit 1; }

# start_service TOKEN: starts the jar (secured when TOKEN is set, as the chart does) and loads LOGS logs.
start_service() {
  local token=$1
  PORT=$(free_port)
  BASE=http://127.0.0.1:$PORT
  rm -rf "$WORK/data"
  log "starting $JAR on $BASE (data in $WORK/data, JAVA_OPTS=$JAVA_OPTS, APP_ARGS=$APP_ARGS, token: $([ -n "$token" ] && echo yes || echo none))"
  # shellcheck disable=SC2086
  if [ -n "$token" ]; then
    env CHECKPOINT_SECURITY_TOKENS_0_NAME=collectors CHECKPOINT_SECURITY_TOKENS_0_ROLE=write \
      CHECKPOINT_SECURITY_TOKENS_0_SECRET="$token" CHECKPOINT_SECURITY_PROTECTMETRICS=false \
      java $JAVA_OPTS -jar "$JAR" --server.address=127.0.0.1 --server.port="$PORT" \
      --checkpoint.file="$WORK/data/checkpoint.yml" $APP_ARGS >"$WORK/app.log" 2>&1 &
  else
    java $JAVA_OPTS -jar "$JAR" --server.address=127.0.0.1 --server.port="$PORT" \
      --checkpoint.file="$WORK/data/checkpoint.yml" $APP_ARGS >"$WORK/app.log" 2>&1 &
  fi
  APP_PID=$!
  wait_for "the service" "$BASE/actuator/health" 90 || { tail -n 50 "$WORK/app.log" >&2; exit 1; }
  log "loading $LOGS logs with batch POSTs"
  python3 "$ROOT/bench/load-logs.py" "$BASE" "$LOGS" "$token"
}

start_service "$TOKEN"
# The JIT needs about a minute of load on 2 cores before the numbers settle (measured: PUT at 32
# connections goes from ~700 to ~10,000 req/s), so warm up with every kind of request first.
run_wrk service warmup "$BASE" put.lua 32 "$WARMUP" 1 TOKEN="$TOKEN"
run_wrk service warmup "$BASE" batch.lua 8 10 "$BATCH" TOKEN="$TOKEN"
run_wrk service warmup "$BASE" put.lua 64 5 1 DURABLE=true TOKEN="$TOKEN"
# The service's own timer around the measured PUT run: how much of wrk's latency is inside its code.
curl -fsS "$BASE/actuator/prometheus" >"$WORK/prometheus-before.txt"
run_wrk service put "$BASE" put.lua 32 "$DURATION" 1 TOKEN="$TOKEN"
curl -fsS "$BASE/actuator/prometheus" >"$WORK/prometheus-after.txt"
echo "$RUN_ID $(python3 "$ROOT/bench/server-latency.py" "$WORK/prometheus-before.txt" "$WORK/prometheus-after.txt" PUT)" \
  | tee -a "$ROOT/bench/results/http-server-latency.txt" >&2
run_wrk service durable "$BASE" put.lua 64 "$DURATION" 1 DURABLE=true TOKEN="$TOKEN"
run_wrk service batch "$BASE" batch.lua 8 "$DURATION" "$BATCH" TOKEN="$TOKEN"
run_wrk service get "$BASE" get.lua 2 "$DURATION" 1 TOKEN="$TOKEN"
for c in $SWEEP; do
  run_wrk service put-sweep "$BASE" put.lua "$c" "$SWEEP_DURATION" 1 TOKEN="$TOKEN"
done
run_wrk service overload "$BASE" put.lua "$OVERLOAD" "$DURATION" 1 TOKEN="$TOKEN"
cp "$WORK/app.log" "$OUT/$RUN_ID-service.log"
stop_pid "$APP_PID"
APP_PID=

# 1b. The same service without a token (open mode): it must be at least as fast. One JVM per mode
# differs from the next by 10-20% (JIT decisions), so the modes are compared in MODE_ROUNDS pairs of
# fresh JVMs, secured (target service-paired) and open (service-open), each with the same warm-up
# and runs; the report compares the sums over all pairs.
if [ "$OPEN" = true ]; then
  for round in $(seq 1 "$MODE_ROUNDS"); do
    # ABBA order (secured, open, then open, secured): a drift across the run, the machine warming
    # up or slowing down, then weighs on both modes alike instead of always on the one started second.
    modes="secured open"
    [ $((round % 2)) -eq 0 ] && modes="open secured"
    for mode in $modes; do
      if [ "$mode" = secured ]; then target=service-paired; token=$TOKEN; else target=service-open; token=; fi
      start_service "$token"
      run_wrk "$target" warmup "$BASE" put.lua 32 "$WARMUP" 1 TOKEN="$token"
      run_wrk "$target" warmup "$BASE" batch.lua 8 10 "$BATCH" TOKEN="$token"
      run_wrk "$target" put "$BASE" put.lua 32 "$DURATION" 1 TOKEN="$token"
      run_wrk "$target" batch "$BASE" batch.lua 8 "$DURATION" "$BATCH" TOKEN="$token"
      if [ "$mode" = open ] && [ "$round" = 1 ]; then
        run_wrk "$target" overload "$BASE" put.lua "$OVERLOAD" "$DURATION" 1 TOKEN=
      fi
      cp "$WORK/app.log" "$OUT/$RUN_ID-$target-$round.log"
      stop_pid "$APP_PID"
      APP_PID=
    done
  done
fi

# 2. etcd, same machine, same loopback, fresh data directory.
EPORT=$(free_port)
PPORT=$(free_port)
EBASE=http://127.0.0.1:$EPORT
log "starting etcd $(etcd --version | head -n1 | awk '{print $3}') on $EBASE (data in $WORK/etcd)"
etcd --name bench --data-dir "$WORK/etcd" \
  --listen-client-urls "$EBASE" --advertise-client-urls "$EBASE" \
  --listen-peer-urls "http://127.0.0.1:$PPORT" --initial-advertise-peer-urls "http://127.0.0.1:$PPORT" \
  --initial-cluster "bench=http://127.0.0.1:$PPORT" --log-level warn >"$WORK/etcd.log" 2>&1 &
ETCD_PID=$!
wait_for etcd "$EBASE/health" 30 || { tail -n 50 "$WORK/etcd.log" >&2; exit 1; }

run_wrk etcd warmup "$EBASE" etcd-put.lua 32 "$WARMUP" 1
run_wrk etcd put "$EBASE" etcd-put.lua 32 "$DURATION" 1
run_wrk etcd durable "$EBASE" etcd-put.lua 64 "$DURATION" 1
for c in $SWEEP; do
  run_wrk etcd put-sweep "$EBASE" etcd-put.lua "$c" "$SWEEP_DURATION" 1
done
run_wrk etcd overload "$EBASE" etcd-put.lua "$OVERLOAD" "$DURATION" 1
stop_pid "$ETCD_PID"
ETCD_PID=

# 3. The table, with ratios from this run only.
{
  python3 "$ROOT/bench/http-report.py" "$CSV" "$RUN_ID"
  echo "The service's own timer (http.server.requests) for the single-PUT run, percent of answers within 5 / 10 / 25 ms:"
  grep "^$RUN_ID " "$ROOT/bench/results/http-server-latency.txt" | cut -d' ' -f2- || true
} | tee "$ROOT/bench/results/http-table.txt"
