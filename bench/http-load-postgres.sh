#!/usr/bin/env bash
# The HTTP load of bench/http-load.sh (side by side with etcd in the same run), with the service on
# the PostgreSQL store (issue 6): a fresh database on the local PostgreSQL started by
# `bash .ci/setup-postgres.sh` (role checkpoint/checkpoint). Extra service arguments: APP_ARGS.
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${DB:-checkpoint_bench}
ADMIN_URL=${ADMIN_URL:-postgresql://checkpoint:checkpoint@127.0.0.1:5432/checkpoint}
psql "$ADMIN_URL" -q -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
export APP_ARGS="--checkpoint.store=jdbc --spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/$DB \
--spring.datasource.username=checkpoint --spring.datasource.password=checkpoint ${APP_ARGS:-}"
exec bench/http-load.sh "$@"
