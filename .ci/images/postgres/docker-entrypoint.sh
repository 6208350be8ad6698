#!/bin/bash
# Minimal version of the official postgres image's entrypoint.
#
# First start (empty $PGDATA): initdb with superuser $POSTGRES_USER (default
# postgres) and password $POSTGRES_PASSWORD, allow password (scram-sha-256)
# logins from any host, listen on '*', then start a temporary server on the
# Unix socket only, create $POSTGRES_DB (default $POSTGRES_USER), run
# /docker-entrypoint-initdb.d/*, and stop it again. Finally exec postgres in
# the foreground (PID 1, gets the signals).
#
# So, like the official image, a fresh container logs
# "database system is ready to accept connections" TWICE (temporary server,
# then the real one), which is what Testcontainers' PostgreSQLContainer waits
# for by default; a restart on an existing $PGDATA logs it once.
set -Eeuo pipefail

# "docker run IMAGE -c fsync=off" means "postgres -c fsync=off" (Testcontainers
# passes "postgres -c fsync=off").
if [ "${1:0:1}" = '-' ]; then
  set -- postgres "$@"
fi

# Anything other than postgres (e.g. bash) runs as given.
if [ "$1" != 'postgres' ]; then
  exec "$@"
fi

PGDATA=${PGDATA:-/var/lib/postgresql/data}
export PGDATA

# Started as root: own the data dir, then re-run this script as postgres.
if [ "$(id -u)" = '0' ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown -R postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$BASH_SOURCE" "$@"
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  POSTGRES_USER=${POSTGRES_USER:-postgres}
  POSTGRES_DB=${POSTGRES_DB:-$POSTGRES_USER}
  if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "${POSTGRES_HOST_AUTH_METHOD:-}" != 'trust' ]; then
    echo 'error: set POSTGRES_PASSWORD (or POSTGRES_HOST_AUTH_METHOD=trust)' >&2
    exit 1
  fi
  auth=${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}

  pwfile=$(mktemp)
  printf '%s\n' "${POSTGRES_PASSWORD:-}" >"$pwfile"
  initdb --username="$POSTGRES_USER" --pwfile="$pwfile" \
    --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host="$auth" ${POSTGRES_INITDB_ARGS:-}
  rm -f "$pwfile"
  {
    echo
    echo "host all all all $auth"
  } >>"$PGDATA/pg_hba.conf"
  echo "listen_addresses = '*'" >>"$PGDATA/postgresql.conf"

  # Temporary server, Unix socket only (nobody can connect from outside yet).
  pg_ctl -D "$PGDATA" -w -o "-c listen_addresses='' -p 5432" start

  psql=(psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" --no-password)
  if [ "$POSTGRES_DB" != 'postgres' ]; then
    echo 'CREATE DATABASE :"db";' | "${psql[@]}" --dbname postgres --set db="$POSTGRES_DB"
  fi
  for f in /docker-entrypoint-initdb.d/*; do
    [ -e "$f" ] || continue
    case "$f" in
      *.sh)  echo "running $f"; . "$f" ;;
      *.sql) echo "running $f"; "${psql[@]}" --dbname "$POSTGRES_DB" -f "$f" ;;
      *)     echo "ignoring $f" ;;
    esac
  done

  pg_ctl -D "$PGDATA" -m fast -w stop
  echo 'PostgreSQL init process complete; ready for start up.'
fi

exec "$@"
