#!/usr/bin/env bash
# A throwaway PostgreSQL + PostGIS server for the tests, on a free localhost port, in a temporary
# folder, stopped and removed at exit. Source it (`. scripts/postgis.sh; postgis_start`): on
# success TERRITORY_TEST_PG holds the connection string ("host=127.0.0.1 port=N dbname=territory
# user=..."); where PostgreSQL cannot be installed it stays unset, one line says why, and the
# database tests skip, except under CI (CI set), where that fails the run. Installs `postgresql-15-postgis-3` (apt) or `postgresql@15 postgis` (brew)
# when missing. Root cannot run initdb, so as root the server runs as the `postgres` user.

# Appends a command to what runs at exit (scripts/osrm.sh and this one share the trap).
territory_on_exit() {
    TERRITORY_EXIT_COMMANDS="${TERRITORY_EXIT_COMMANDS:-}$1;"
    # shellcheck disable=SC2064  # expanded now, on purpose
    trap "$TERRITORY_EXIT_COMMANDS" EXIT
}

postgis_bin_dir() {
    local d
    for d in /usr/lib/postgresql/*/bin "$(brew --prefix postgresql@15 2>/dev/null)/bin"; do
        if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
    done
    return 1
}

postgis_installed() {
    local bin
    bin="$(postgis_bin_dir)" || return 1
    # The PostGIS extension's control file sits in the server's share folder.
    ls "$("$bin/pg_config" --sharedir 2>/dev/null || echo /usr/share/postgresql/15)"/extension/postgis.control >/dev/null 2>&1 \
        || ls /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1
}

postgis_install() {
    postgis_installed && return 0
    case "$(uname -s)" in
        Linux)
            command -v apt-get >/dev/null 2>&1 || return 1
            local sudo=""
            [ "$(id -u)" -ne 0 ] && sudo="sudo"
            echo "postgis: installing postgresql-15-postgis-3" >&2
            $sudo apt-get update -qq >/dev/null 2>&1 || true
            DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql-15-postgis-3 >/dev/null 2>&1 || return 1
            ;;
        Darwin)
            command -v brew >/dev/null 2>&1 || return 1
            brew install postgresql@15 postgis >/dev/null || return 1
            ;;
        *) return 1 ;;
    esac
    postgis_installed
}

# Runs a command as the server's owner (postgres when we are root).
postgis_as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        if command -v runuser >/dev/null 2>&1; then runuser -u postgres -- "$@"; else su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; fi
    else
        "$@"
    fi
}

postgis_start() {
    if ! postgis_install; then
        if [ -n "${CI:-}" ]; then
            echo "postgis: PostgreSQL/PostGIS cannot be installed here (no apt-get or brew, or no package); CI needs the database tests" >&2
            return 1
        fi
        echo "postgis: PostgreSQL/PostGIS cannot be installed here (no apt-get or brew, or no package); the database tests skip" >&2
        return 0
    fi
    local bin port
    bin="$(postgis_bin_dir)"
    POSTGIS_DIR="$(mktemp -d /tmp/territory-pg.XXXXXX)"
    chmod 755 "$POSTGIS_DIR"
    [ "$(id -u)" -eq 0 ] && chown postgres "$POSTGIS_DIR"
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
    postgis_as_owner "$bin/initdb" -A trust -U postgres -D "$POSTGIS_DIR/data" >"$POSTGIS_DIR/initdb.log" 2>&1 || {
        echo "postgis: initdb failed:" >&2; tail -5 "$POSTGIS_DIR/initdb.log" >&2; return 1; }
    postgis_as_owner "$bin/pg_ctl" -D "$POSTGIS_DIR/data" -l "$POSTGIS_DIR/server.log" -w -t 60 \
        -o "-p $port -k $POSTGIS_DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null || {
        echo "postgis: the server did not start:" >&2; tail -5 "$POSTGIS_DIR/server.log" >&2; return 1; }
    POSTGIS_BIN="$bin"
    territory_on_exit postgis_stop
    "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -q -c "CREATE DATABASE territory" >/dev/null
    "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d territory -q -c "CREATE EXTENSION postgis" >/dev/null
    export TERRITORY_TEST_PG="host=127.0.0.1 port=$port dbname=territory user=postgres"
    echo "postgis: throwaway server on 127.0.0.1:$port (PostGIS $("$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d territory -tAc 'SELECT postgis_lib_version()'))" >&2
}

postgis_stop() {
    if [ -n "${POSTGIS_DIR:-}" ] && [ -d "$POSTGIS_DIR" ]; then
        postgis_as_owner "$POSTGIS_BIN/pg_ctl" -D "$POSTGIS_DIR/data" -m immediate stop >/dev/null 2>&1 || true
        rm -rf "$POSTGIS_DIR"
    fi
}
