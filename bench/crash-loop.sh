#!/usr/bin/env bash
# Long version of the crash tests: the packaged jar under concurrent durable writers is killed
# with SIGKILL at random moments, CYCLES times (default 20), and restarted; every write that was
# acknowledged with durable=true must be there. The engine-level crash test runs too.
# Usage: bench/crash-loop.sh [CYCLES]
set -euo pipefail
cd "$(dirname "$0")/.."
CYCLES="${1:-20}"
./mvnw -B -q -DskipTests package
./mvnw -B failsafe:integration-test failsafe:verify -Dit.test=DurabilityIT -Dcheckpoint.kill-cycles="$CYCLES"
./mvnw -B surefire:test -Dtest=CrashSafetyTests -Dcheckpoint.crash-cycles="$CYCLES"
