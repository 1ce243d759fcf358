# shellcheck shell=bash
# A private, throwaway PostgreSQL cluster for the demo and the tests.
#
# Source this file, then call `pg_start`; it exports PGHOST, PGPORT, PGUSER and PGDATABASE
# so that every libpq client (psql, the payouts binary, the tests) finds the cluster.
# `pg_stop` stops it and removes its folder; pg_start installs an EXIT trap that does so
# even when a test fails or the script is interrupted.
#
# PostgreSQL refuses to run as root, so when we are root the server runs as the `postgres`
# system user, with its data and socket in a temporary folder that user owns.

pg_bindir() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  done
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
  return 1
}

# Installs what the project needs from Debian when it is missing (root only).
ensure_packages() {
  local missing=()
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing Debian packages: ${missing[*]} (install them, or run as root)" >&2
    return 1
  fi
  echo "installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

_pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

_pg_free_port() {
  python3 - <<'PY'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
PY
}

pg_start() {
  local bindir
  bindir=$(pg_bindir) || { echo "PostgreSQL server binaries not found" >&2; return 1; }
  PG_TMP=$(mktemp -d /tmp/payouts-pg.XXXXXX)
  chmod 755 "$PG_TMP"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$PG_TMP"; fi
  PG_PORT=$(_pg_free_port)
  trap pg_stop EXIT
  trap 'exit 130' INT TERM
  _pg_as_owner "$bindir/initdb" -D "$PG_TMP/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$PG_TMP/initdb.log" 2>&1 \
    || { cat "$PG_TMP/initdb.log" >&2; return 1; }
  # Unix socket only (no TCP listener), fsync off: a throwaway cluster trades durability for speed.
  _pg_as_owner "$bindir/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -t 60 \
    -o "-c listen_addresses= -c unix_socket_directories=$PG_TMP -p $PG_PORT -c fsync=off -c max_connections=200" start >/dev/null \
    || { cat "$PG_TMP/server.log" >&2; return 1; }
  export PGHOST="$PG_TMP" PGPORT="$PG_PORT" PGUSER=postgres PGDATABASE=postgres
  unset PGPASSWORD PGSERVICE PGSSLMODE
  echo "PostgreSQL started (socket $PGHOST, port $PGPORT)" >&2
}

pg_stop() {
  [ -n "${PG_TMP:-}" ] && [ -d "$PG_TMP" ] || return 0
  local bindir
  bindir=$(pg_bindir)
  _pg_as_owner "$bindir/pg_ctl" -D "$PG_TMP/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_TMP"
  echo "PostgreSQL stopped" >&2
  PG_TMP=""
}
