#!/usr/bin/env bash
# GET /fleet and POST /logs/cleanup through HTTP at 1M logs in 100k collectors (issue 16).
#
#   bench/fleet-http.sh                  build the jar, load, measure (about 3 minutes)
#   SKIP_BUILD=true bench/fleet-http.sh  reuse target/*.jar
#   LOGS=1000000 PER_GROUP=10 RUNS=20    the defaults
#
# Loads LOGS logs (PER_GROUP per collector) with batch POSTs of 10,000, then times with curl, RUNS
# times each after 5 unmeasured requests: GET /fleet?limit=1000 (one page, the index path),
# GET /fleet (all groups in one answer: the index plus 100k groups of JSON), GET /fleet?depth=2
# (the walk over every name), then a clean-up dry run and the real clean-up of every log.
# Prints min / median / max in ms. Needs java, curl, python3. The service it starts is killed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
LOGS=${LOGS:-1000000}
PER_GROUP=${PER_GROUP:-10}
RUNS=${RUNS:-20}
JAVA_OPTS=${JAVA_OPTS:-"-Xms3g -Xmx3g"}

log() { printf '[%s fleet-http] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

if [ "${SKIP_BUILD:-false}" != true ]; then
  log "building the jar"
  ./mvnw -B -q -DskipTests package >&2
fi
JAR=$(ls target/*.jar 2>/dev/null | grep -v -- '-plain\|\.original$' | head -n1 || true)
[ -n "$JAR" ] || { log "no jar in target/"; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/checkpoint-fleet-http.XXXXXX")
APP_PID=
cleanup() {
  if [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; then
    kill "$APP_PID" 2>/dev/null || true
    wait "$APP_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT
log "starting $JAR on $BASE ($JAVA_OPTS)"
# shellcheck disable=SC2086
java $JAVA_OPTS -jar "$JAR" --server.address=127.0.0.1 --server.port="$PORT" \
  --checkpoint.file="$WORK/data/checkpoint.yml" --checkpoint.max-logs="$LOGS" >"$WORK/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 180); do
  curl -fsS -o /dev/null "$BASE/actuator/health" 2>/dev/null && break
  sleep 0.5
done

log "loading $LOGS logs, $PER_GROUP per collector"
python3 - "$BASE" "$LOGS" "$PER_GROUP" <<'PY'
import http.client, json, sys, urllib.parse
base, logs, per_group = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
url = urllib.parse.urlsplit(base)
conn = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
for start in range(0, logs, 10000):
    entries = [{"name": "host-%06d/Channel-%d" % (i // per_group, i % per_group), "record_number": 1,
                "timestamp": "2024-05-01T08:00:00Z"} for i in range(start, min(logs, start + 10000))]
    conn.request("POST", "/logs", json.dumps({"event_logs": entries}), {"Content-Type": "application/json"})
    response = conn.getresponse()
    response.read()
    if response.status >= 300:
        sys.exit("POST /logs answered %d" % response.status)
PY

# time_total of RUNS requests after 5 unmeasured ones; prints "label min median max" in ms.
measure() {
  local label=$1; shift
  local times=()
  for i in $(seq 1 $((RUNS + 5))); do
    local t
    t=$(curl -fsS -o "$WORK/body" -w '%{time_total}' "$@")
    [ "$i" -gt 5 ] && times+=("$t")
  done
  printf '%s\n' "${times[@]}" | python3 -c '
import statistics, sys
label, values = sys.argv[1], sorted(float(v) * 1000 for v in sys.stdin)
print("%-28s min %7.1f  median %7.1f  max %7.1f ms  (%d runs)" % (label, values[0],
      statistics.median(values), values[-1], len(values)))' "$label"
}

uptime
measure "GET /fleet?limit=1000" "$BASE/fleet?limit=1000"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("  page holds %d groups, next=%s" % (len(d["groups"]), "next" in d))' "$WORK/body"
measure "GET /fleet (all groups)" "$BASE/fleet"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("  answer holds %d groups, %d logs" % (len(d["groups"]), sum(g["logs"] for g in d["groups"])))' "$WORK/body"
measure "GET /fleet?depth=2&limit=1000" "$BASE/fleet?depth=2&limit=1000"
RUNS=3 measure "cleanup dry run (1M match)" -X POST -H 'Content-Type: application/json' \
  -d '{"prefix": "", "not_updated_for": "PT1S", "dry_run": true}' "$BASE/logs/cleanup"
t=$(curl -fsS -o "$WORK/body" -w '%{time_total}' -X POST -H 'Content-Type: application/json' \
  -d '{"prefix": "", "not_updated_for": "PT1S", "dry_run": false}' "$BASE/logs/cleanup")
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("%-28s %7.1f ms, deleted %d" % ("cleanup of every log", float(sys.argv[2]) * 1000, d["deleted"]))' "$WORK/body" "$t"
uptime
