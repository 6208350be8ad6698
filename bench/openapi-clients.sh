#!/usr/bin/env bash
# Clients generated from the running service's /v3/api-docs by openapi-generator, used for real
# (issue 14): java (native library), python and typescript-fetch are generated WITHOUT
# --skip-validate-spec, compiled, and each does PUT, POST, GET one, GET list with paging, DELETE
# and reads a 404 problem, with uint64 max, nanosecond timestamps with offsets, and names with
# '/', spaces and Unicode, checking every value exactly.
#
#   bench/openapi-clients.sh                  build the jar, run all three (about 3-4 minutes)
#   SKIP_BUILD=true bench/openapi-clients.sh  reuse target/*.jar
#   GENERATORS="python" bench/openapi-clients.sh
#
# Needs java, curl, python3 with pydantic 2, urllib3 and python-dateutil, node and npm (typescript
# is installed into the work directory from the npm registry). openapi-generator-cli 7.17.0 comes
# from Maven Central through the Maven wrapper. Output: bench/results/openapi-clients/.
#
# Python's datetime holds microseconds and JavaScript's Date milliseconds, so those two clients map
# format date-time to a string (--type-mappings) to keep nanoseconds and the offset exact; the Java
# client keeps OffsetDateTime.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
GENERATOR_VERSION=${GENERATOR_VERSION:-7.17.0}
GENERATORS=${GENERATORS:-"java python typescript-fetch"}
OUT=$ROOT/bench/results/openapi-clients
WORK=$(mktemp -d)
SERVICE_PID=
cleanup() {
	if [ -n "$SERVICE_PID" ]; then kill "$SERVICE_PID" 2>/dev/null || true; wait "$SERVICE_PID" 2>/dev/null || true; fi
	rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p "$OUT"

if [ "${SKIP_BUILD:-false}" != true ]; then
	./mvnw -B -q -DskipTests package
fi
./mvnw -B -q dependency:copy -Dartifact=org.openapitools:openapi-generator-cli:$GENERATOR_VERSION \
	-DoutputDirectory="$WORK" >/dev/null
GENERATOR=$WORK/openapi-generator-cli-$GENERATOR_VERSION.jar

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
java -jar target/checkpoint-service-0.1.0.jar --server.port="$PORT" --checkpoint.file="$WORK/data/checkpoint.yml" \
	>"$OUT/service.log" 2>&1 &
SERVICE_PID=$!
for _ in $(seq 1 120); do
	curl -fs "http://127.0.0.1:$PORT/actuator/health/readiness" >/dev/null 2>&1 && break
	sleep 0.5
done
BASE=http://127.0.0.1:$PORT
curl -fsS "$BASE/v3/api-docs" -o "$OUT/api-docs.json"

RESULTS=()
generate() { # generator, output dir, extra args...
	local name=$1 dir=$2
	shift 2
	java -jar "$GENERATOR" generate -i "$OUT/api-docs.json" -g "$name" -o "$dir" "$@" >"$OUT/generate-$name.log" 2>&1 \
		|| { echo "generation failed: $name (see $OUT/generate-$name.log)"; return 1; }
	# Warnings about the document itself (validation, unsupported constructs), not about generator options.
	grep -iE "WARN.*(spec|schema|validat|unexpected|not supported|unsupported)" "$OUT/generate-$name.log" \
		>"$OUT/warnings-$name.txt" || true
}

run_java() {
	generate java "$WORK/java" --library native --additional-properties=hideGenerationTimestamp=true \
		--additional-properties=groupId=io.checkpoint,artifactId=generated-client,invokerPackage=gen,apiPackage=gen.api,modelPackage=gen.model
	(cd "$WORK/java" && "$ROOT/mvnw" -B -q -DskipTests -Dmaven.javadoc.skip=true package dependency:build-classpath \
		-Dmdep.outputFile=cp.txt >"$OUT/build-java.log" 2>&1)
	java -cp "$WORK/java/target/classes:$(cat "$WORK/java/cp.txt")" "$ROOT/bench/openapi-clients/JavaClientCheck.java" "$BASE"
}

run_python() {
	generate python "$WORK/python" --package-name checkpoint_client --type-mappings=DateTime=str
	PYTHONPATH="$WORK/python" python3 "$ROOT/bench/openapi-clients/python_client_check.py" "$BASE"
}

run_typescript() {
	generate typescript-fetch "$WORK/ts/src/gen" --type-mappings=DateTime=string
	cp "$ROOT/bench/openapi-clients/check.ts" "$WORK/ts/src/"
	(cd "$WORK/ts" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund typescript@5 >"$OUT/npm.log" 2>&1 \
		&& npx tsc --strict --target es2020 --module commonjs --lib es2020,dom --outDir out src/check.ts >"$OUT/build-ts.log" 2>&1) \
		|| { cat "$OUT/build-ts.log"; return 1; }
	node "$WORK/ts/out/check.js" "$BASE"
}

for generator in $GENERATORS; do
	start=$(date +%s)
	case $generator in
		java) fn=run_java ;;
		python) fn=run_python ;;
		typescript-fetch) fn=run_typescript ;;
		*) echo "unknown generator $generator"; exit 2 ;;
	esac
	if $fn >"$OUT/run-$generator.log" 2>&1; then status=PASS; else status=FAIL; fi
	warnings=$(wc -l <"$OUT/warnings-$generator.txt" 2>/dev/null || echo "?")
	RESULTS+=("$generator: $status ($(($(date +%s) - start)) s, $warnings spec warnings) $(tail -1 "$OUT/run-$generator.log")")
done
printf '%s\n' "${RESULTS[@]}" | tee "$OUT/summary.txt"
! grep -q ': FAIL' "$OUT/summary.txt"
