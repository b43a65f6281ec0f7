#!/bin/sh
# Stand-in for the official postgres image's entrypoint (the part docker-compose.yml relies on): on an empty
# PGDATA, initdb with POSTGRES_USER as superuser and POSTGRES_PASSWORD (scram), create POSTGRES_DB, accept
# password logins from the network; then run postgres as PID 1 (as the postgres user).
set -eu
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | tail -1)
: "${PGDATA:=/var/lib/postgresql/data}"
: "${POSTGRES_USER:=postgres}"
: "${POSTGRES_DB:=$POSTGRES_USER}"
mkdir -p "$PGDATA" /run/postgresql
chown -R postgres:postgres "$PGDATA" /run/postgresql
chmod 700 "$PGDATA"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pwfile=$(mktemp)
  printf '%s\n' "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is required}" > "$pwfile"
  chown postgres "$pwfile"
  su postgres -s /bin/sh -c "$PGBIN/initdb -D '$PGDATA' -U '$POSTGRES_USER' --pwfile='$pwfile' --auth-local=trust --auth-host=scram-sha-256 -E UTF8" >/dev/null
  rm -f "$pwfile"
  echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
  su postgres -s /bin/sh -c "$PGBIN/pg_ctl -D '$PGDATA' -o \"-c listen_addresses=''\" -w start" >/dev/null
  if [ "$POSTGRES_DB" != "postgres" ]; then
    su postgres -s /bin/sh -c "$PGBIN/psql -U '$POSTGRES_USER' -d postgres -v ON_ERROR_STOP=1 -c 'create database \"$POSTGRES_DB\"'" >/dev/null
  fi
  su postgres -s /bin/sh -c "$PGBIN/pg_ctl -D '$PGDATA' -m fast -w stop" >/dev/null
fi
exec setpriv --reuid=postgres --regid=postgres --init-groups "$PGBIN/postgres" -D "$PGDATA" -c "listen_addresses=*"
