#!/usr/bin/env bash
# JFR profile of the secured request path (issue 13): starts the jar with a bearer token configured
# as the Helm chart does (one write token, every name), loads LOGS logs, warms up, then records
# WARMUP+DURATION seconds of single PUTs at 32 connections (or SCRIPT=batch.lua) with JFR.
#
#   bench/http-profile.sh [OUT.jfr]      then: jfr print --events jdk.ExecutionSample OUT.jfr
#
# TOKEN= (empty) profiles open mode. Needs wrk, curl, java, python3; starts nothing it leaves behind.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUTFILE=${1:-$ROOT/bench/results/profile.jfr}
LOGS=${LOGS:-100000}
WARMUP=${WARMUP:-45}
DURATION=${DURATION:-30}
SCRIPT=${SCRIPT:-put.lua}
CONNECTIONS=${CONNECTIONS:-32}
TOKEN=${TOKEN-bench-token-0123456789abcdef}
# The image's collector settings (Dockerfile), with a fixed heap.
JAVA_OPTS=${JAVA_OPTS:-"-Xms1g -Xmx1g -XX:+UseG1GC"}
mkdir -p "$(dirname "$OUTFILE")"
JAR=$(ls target/*.jar | grep -v -- '-plain\|\.original$' | head -n1)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/checkpoint-profile.XXXXXX")
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT
APP_PID=
trap '[ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT
if [ -n "$TOKEN" ]; then
  export CHECKPOINT_SECURITY_TOKENS_0_NAME=collectors CHECKPOINT_SECURITY_TOKENS_0_ROLE=write \
    CHECKPOINT_SECURITY_TOKENS_0_SECRET="$TOKEN" CHECKPOINT_SECURITY_PROTECTMETRICS=false
fi
# shellcheck disable=SC2086
java $JAVA_OPTS -XX:+FlightRecorder -jar "$JAR" --server.address=127.0.0.1 --server.port="$PORT" \
  --checkpoint.file="$WORK/data/checkpoint.yml" ${APP_ARGS:-} >"$WORK/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 450); do curl -fsS -o /dev/null "$BASE/actuator/health" 2>/dev/null && break; sleep 0.2; done
python3 "$ROOT/bench/load-logs.py" "$BASE" "$LOGS" "$TOKEN"
export BENCH_LUA=$ROOT/bench/lua LOGS TOKEN
wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 10s -s "bench/lua/$SCRIPT" "$BASE" | grep RESULT
jcmd "$APP_PID" JFR.start name=profile settings=profile >/dev/null
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s "bench/lua/$SCRIPT" "$BASE" | grep RESULT
jcmd "$APP_PID" JFR.dump name=profile filename="$OUTFILE" >/dev/null
echo "profile written to $OUTFILE" >&2
