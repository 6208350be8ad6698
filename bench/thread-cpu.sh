#!/usr/bin/env bash
# CPU seconds per thread of the service (summed by thread name) during 20 s of load, after 20 s of
# warm-up, with the chart's bearer token: tells a request path that is slow per request from one
# that waits (a service using one of two cores). Read from /proc, so GC and JIT threads count too.
#
#   bench/thread-cpu.sh [CHECKOUT]          batch POSTs of 1,000 (BATCH), 8 connections (C)
#   SCRIPT=put.lua C=32 bench/thread-cpu.sh single PUTs at 32 connections
#
# CHECKOUT (default: this one) must hold a built jar (./mvnw -B -DskipTests package); APP_ARGS go to
# the service. Needs wrk, curl, java, python3.
set -euo pipefail
cd "${1:-$(dirname "$0")/..}"; ROOT=$PWD
JAR=$(ls target/*.jar | grep -v -- '-plain\|\.original$' | head -n1)
WORK=$(mktemp -d /tmp/tcpu.XXXX); PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT; TOKEN=bench-token-0123456789abcdef
export CHECKPOINT_SECURITY_TOKENS_0_NAME=collectors CHECKPOINT_SECURITY_TOKENS_0_ROLE=write CHECKPOINT_SECURITY_TOKENS_0_SECRET="$TOKEN" CHECKPOINT_SECURITY_PROTECTMETRICS=false
java -Xms1g -Xmx1g -jar "$JAR" --server.address=127.0.0.1 --server.port=$PORT --checkpoint.file=$WORK/data/checkpoint.yml ${APP_ARGS:-} > $WORK/app.log 2>&1 &
PID=$!; trap 'kill $PID 2>/dev/null; wait 2>/dev/null; rm -rf $WORK' EXIT
for _ in $(seq 1 450); do curl -fsS -o /dev/null $BASE/actuator/health 2>/dev/null && break; sleep 0.2; done
python3 bench/load-logs.py $BASE 100000 $TOKEN >/dev/null
export BENCH_LUA=$ROOT/bench/lua LOGS=100000 TOKEN BATCH=${BATCH:-1000}
SCRIPT=${SCRIPT:-batch.lua}; C=${C:-8}
wrk -t2 -c$C -d20s --timeout 10s -s bench/lua/$SCRIPT $BASE | grep RESULT
snap() { for t in /proc/$PID/task/*; do n=$(cat $t/comm); read -r -a f < $t/stat; echo "$n|$(( ${f[-39]} + ${f[-38]} ))"; done 2>/dev/null; }
snap > $WORK/a
wrk -t2 -c$C -d20s --timeout 10s -s bench/lua/$SCRIPT $BASE | grep RESULT
snap > $WORK/b
python3 - $WORK/a $WORK/b <<'PY'
import sys,re,collections
def rd(p):
    d=collections.Counter()
    for l in open(p):
        n,v=l.rstrip('\n').rsplit('|',1); d[re.sub(r'\d+','N',n)]+=int(v)
    return d
a,b=rd(sys.argv[1]),rd(sys.argv[2]); t=0
rows=[(k,(b[k]-a.get(k,0))/100) for k in b]
for k,v in sorted(rows,key=lambda r:-r[1])[:12]: print(f"{v:7.2f}s {k}")
print("total", sum(v for k,v in rows))
PY
