#!/usr/bin/env bash
# Installs PostgreSQL 15 from Debian, starts the "15/main" cluster on
# 127.0.0.1:5432 and creates the test role and database:
#   role checkpoint / password checkpoint (LOGIN CREATEDB, so tests may create
#   and drop extra databases of their own), database checkpoint owned by it.
# Idempotent: safe to re-run on a machine where all of this already exists.
set -euo pipefail
cd "$(dirname "$0")"
. ./lib.sh

PG_VERSION=15
PG_CLUSTER=main
DB_USER=checkpoint
DB_PASSWORD=checkpoint
DB_NAME=checkpoint

# 1. Packages (the server, client tools and pg_ctlcluster wrappers).
apt_install postgresql "postgresql-$PG_VERSION" postgresql-client-common

# 2. The cluster: create it if the package install did not (or it was dropped).
if ! pg_lsclusters -h | awk '{print $1"/"$2}' | grep -qx "$PG_VERSION/$PG_CLUSTER"; then
  log "creating cluster $PG_VERSION/$PG_CLUSTER"
  pg_createcluster "$PG_VERSION" "$PG_CLUSTER" --port=5432
fi

# 3. Start it unless it is already running (pg_ctlcluster status: 0 = running).
if pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" status >/dev/null 2>&1; then
  log "cluster $PG_VERSION/$PG_CLUSTER already running"
else
  log "starting cluster $PG_VERSION/$PG_CLUSTER"
  pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start
fi
for _ in $(seq 1 60); do
  pg_isready -q -h 127.0.0.1 -p 5432 && break
  sleep 1
done
pg_isready -h 127.0.0.1 -p 5432

# 4. Role and database (create or bring up to date; never drop anything).
as_postgres() { (cd / && runuser -u postgres -- "$@"); }
as_postgres psql -v ON_ERROR_STOP=1 -q -d postgres <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER') THEN
    CREATE ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASSWORD';
  ELSE
    ALTER ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASSWORD';
  END IF;
END
\$\$;
SQL
if ! as_postgres psql -tA -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'" | grep -qx 1; then
  log "creating database $DB_NAME"
  as_postgres createdb -O "$DB_USER" "$DB_NAME"
fi

# 5. Prove that the role can log in over TCP with its password.
PGPASSWORD="$DB_PASSWORD" psql -h 127.0.0.1 -p 5432 -U "$DB_USER" -d "$DB_NAME" -tAc 'select version()' >&2

log "done in $(elapsed)s"
echo "jdbc:postgresql://127.0.0.1:5432/$DB_NAME (user $DB_USER, password $DB_PASSWORD)"
