#!/usr/bin/env bash
# The journal's acceptance run (issue 12), side by side with etcd 3.4 in one run:
#   fsync      the disk's raw fsync floor (bench/fsync-probe.py)
#   load       LOGS (1,000,000) logs loaded with batch POSTs of 1,000 (checkpoint.max-logs raised)
#   durable    PUT ?durable=true to random names, 32 connections, then 1 connection (p99 per answer)
#   steady     10,000 non-durable positions/s for 60 s as batch POSTs of 1,000 to random names:
#              service CPU in cores, and the flush and snapshot threads' share (from /proc)
#   etcd       etcd 3.4 put to random keys at 32 and 1 connections (fsync per put, group commit)
#
#   bench/journal-load.sh                    build the jar and run everything (about 10 minutes)
#   SKIP_BUILD=true bench/journal-load.sh    reuse target/*.jar
#   LOGS=100000 DURATION=10 bench/journal-load.sh   a quick run
#
# Results: one CSV row per wrk run in bench/results/journal.csv (same columns as http.csv), the
# fsync and steady lines in bench/results/journal-extra.txt, and the service's log. Needs wrk,
# etcd (bash .ci/setup-tools.sh), curl, java, python3. Everything runs on 127.0.0.1 and stops
# on exit. Other processes compete for the 2 cores here: note `uptime` (printed) with the numbers.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

DURATION=${DURATION:-20}
WARMUP=${WARMUP:-30}
LOGS=${LOGS:-1000000}
STEADY_SECONDS=${STEADY_SECONDS:-60}
STEADY_RATE=${STEADY_RATE:-10000}
JAVA_OPTS=${JAVA_OPTS:-"-Xms2g -Xmx2g"}
APP_ARGS=${APP_ARGS:-}

OUT=$ROOT/bench/results/journal
CSV=$ROOT/bench/results/journal.csv
EXTRA=$ROOT/bench/results/journal-extra.txt
mkdir -p "$OUT"

for tool in wrk etcd curl java python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "journal-load.sh: '$tool' not found (bash .ci/setup-tools.sh)" >&2; exit 1; }
done
log() { printf '[%s journal-load] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/checkpoint-journal-load.XXXXXX")
APP_PID=
ETCD_PID=
stop_pid() {
  local pid=$1
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
}
cleanup() { stop_pid "$APP_PID"; stop_pid "$ETCD_PID"; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

RUN_ID=$(date -u +%Y%m%dT%H%M%SZ)
[ -s "$CSV" ] || echo "run,target,scenario,connections,duration_s,requests,requests_per_s,positions_per_s,p50_ms,p90_ms,p99_ms,max_ms,non2xx,socket_errors" >"$CSV"

run_wrk() {
  local target=$1 scenario=$2 url=$3 script=$4 connections=$5 seconds=$6
  shift 6
  local threads=2
  [ "$connections" -lt 2 ] && threads=1
  local raw="$OUT/$RUN_ID-$target-$scenario-c$connections.txt"
  log "$target $scenario: $connections connections for ${seconds}s (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  env BENCH_LUA="$ROOT/bench/lua" LOGS="$LOGS" RANDOM=true "$@" \
    wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 10s -s "$ROOT/bench/lua/$script" "$url" >"$raw" 2>&1
  local line
  line=$(grep '^RESULT ' "$raw" | tail -n1)
  [ -n "$line" ] || { log "wrk printed no result, see $raw"; cat "$raw" >&2; exit 1; }
  echo "$line" | awk -v run="$RUN_ID" -v target="$target" -v scenario="$scenario" -v c="$connections" -v s="$seconds" '{
      for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      rps = v["requests"] / (v["duration_us"] / 1e6)
      ok = (v["requests"] - v["non2xx"]) / (v["duration_us"] / 1e6)
      printf "%s,%s,%s,%d,%d,%d,%.1f,%.1f,%.3f,%.3f,%.3f,%.3f,%d,%d\n", run, target, scenario, c, s,
        v["requests"], rps, ok, v["p50_us"] / 1000, v["p90_us"] / 1000, v["p99_us"] / 1000,
        v["max_us"] / 1000, v["non2xx"], v["socket_errors"]
    }' >>"$CSV"
  tail -n1 "$CSV" | awk -F, '{ printf "    %s req/s, p50 %s ms, p99 %s ms, non-2xx %s, socket errors %s\n", $7, $9, $11, $13, $14 }' >&2
}
wait_for() {
  for _ in $(seq 1 $(($3 * 5))); do curl -fsS -o /dev/null "$2" 2>/dev/null && return 0; sleep 0.2; done
  log "$1 did not answer $2 within $3 s"; return 1
}

echo "== $RUN_ID $(uptime)" >>"$EXTRA"
log "raw fsync floor of this disk"
python3 bench/fsync-probe.py "$WORK" 2000 | sed "s/^/$RUN_ID /" | tee -a "$EXTRA" >&2

if [ "${SKIP_BUILD:-false}" != true ]; then
  log "building the jar"
  ./mvnw -B -q -DskipTests package
fi
JAR=$(ls target/*.jar | grep -v -- '-plain\|\.original$' | head -n1)
PORT=$(free_port)
BASE=http://127.0.0.1:$PORT
log "starting $JAR on $BASE (JAVA_OPTS=$JAVA_OPTS)"
# shellcheck disable=SC2086
java $JAVA_OPTS -jar "$JAR" --server.address=127.0.0.1 --server.port="$PORT" \
  --checkpoint.file="$WORK/data/checkpoint.yml" --checkpoint.max-logs=$((LOGS + 100000)) $APP_ARGS >"$WORK/app.log" 2>&1 &
APP_PID=$!
wait_for "the service" "$BASE/actuator/health" 120 || { tail -n 50 "$WORK/app.log" >&2; exit 1; }

log "loading $LOGS logs with batch POSTs of 1,000"
python3 - "$BASE" "$LOGS" <<'PY'
import http.client, json, sys, urllib.parse
base, logs = sys.argv[1], int(sys.argv[2])
ch = ["Application", "Security", "Microsoft-Windows-Sysmon/Operational", "Microsoft-Windows-PowerShell/Operational",
      "Microsoft-Windows-TaskScheduler/Operational", "Microsoft-Windows-Windows Defender/Operational",
      "Microsoft-Windows-TerminalServices-LocalSessionManager/Operational", "Microsoft-Windows-Bits-Client/Operational"]
u = urllib.parse.urlsplit(base)
conn = http.client.HTTPConnection(u.hostname, u.port, timeout=120)
for start in range(0, logs, 1000):
    entries = [{"name": "host-%06d/%s" % (i // 8, ch[i % 8]), "record_number": 1, "timestamp": "2024-05-01T08:00:00Z"}
               for i in range(start, min(logs, start + 1000))]
    conn.request("POST", "/logs", json.dumps({"event_logs": entries}), {"Content-Type": "application/json"})
    r = conn.getresponse(); body = r.read()
    if r.status >= 300:
        sys.exit("POST /logs answered %d: %s" % (r.status, body[:300]))
PY
curl -fsS "$BASE/actuator/prometheus" | grep -E '^checkpoint_logs ' >&2 || true

run_wrk service warmup "$BASE" put.lua 32 "$WARMUP" DURABLE=true
run_wrk service durable "$BASE" put.lua 32 "$DURATION" DURABLE=true
run_wrk service durable "$BASE" put.lua 1 "$DURATION" DURABLE=true

log "steady: $STEADY_RATE non-durable positions/s for ${STEADY_SECONDS}s as batch POSTs of 1,000"
python3 bench/steady-batches.py "$BASE" "$APP_PID" "$LOGS" "$STEADY_RATE" "$STEADY_SECONDS" 1000 \
  | sed "s/^/$RUN_ID /" | tee -a "$EXTRA" >&2
curl -fsS "$BASE/actuator/prometheus" | grep -E '^checkpoint_(journal|snapshots)' | sed "s/^/$RUN_ID /" | tee -a "$EXTRA" >&2 || true

log "stopping the service (final snapshot of $LOGS logs)"
T0=$(date +%s.%N)
stop_pid "$APP_PID"; APP_PID=
echo "$RUN_ID shutdown_s=$(echo "$(date +%s.%N) - $T0" | bc) files: $(ls "$WORK/data" | tr '\n' ' ')" | tee -a "$EXTRA" >&2
cp "$WORK/app.log" "$OUT/$RUN_ID-service.log"

EPORT=$(free_port); PPORT=$(free_port); EBASE=http://127.0.0.1:$EPORT
log "starting etcd $(etcd --version | head -n1 | awk '{print $3}') on $EBASE"
etcd --name bench --data-dir "$WORK/etcd" --listen-client-urls "$EBASE" --advertise-client-urls "$EBASE" \
  --listen-peer-urls "http://127.0.0.1:$PPORT" --initial-advertise-peer-urls "http://127.0.0.1:$PPORT" \
  --initial-cluster "bench=http://127.0.0.1:$PPORT" --log-level warn >"$WORK/etcd.log" 2>&1 &
ETCD_PID=$!
wait_for etcd "$EBASE/health" 30 || { tail -n 50 "$WORK/etcd.log" >&2; exit 1; }
run_wrk etcd warmup "$EBASE" etcd-put.lua 32 "$WARMUP"
run_wrk etcd durable "$EBASE" etcd-put.lua 32 "$DURATION"
run_wrk etcd durable "$EBASE" etcd-put.lua 1 "$DURATION"
stop_pid "$ETCD_PID"; ETCD_PID=

log "results of $RUN_ID"
grep "^$RUN_ID" "$CSV" | grep -v warmup >&2
grep "^$RUN_ID" "$EXTRA" >&2
