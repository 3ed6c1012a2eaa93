#!/usr/bin/env bash
# Starts what the tests need that the machine does not run by itself.  Each step is best effort:
# tests that need a missing service skip with a reason instead of failing.
set -uo pipefail
cd "$(dirname "$0")/.."
: > .ci/env

# --- PostgreSQL (store tests marked `postgres`) --------------------------------------------------
# A throwaway PostgreSQL 15 cluster in a temporary folder on a free port, trust auth on 127.0.0.1 only.
# The server refuses to run as root, so as root it runs as the `postgres` user in a folder it owns.
start_postgres() {
    local bin=/usr/lib/postgresql/15/bin
    [ -x "$bin/initdb" ] || { echo "services: no PostgreSQL 15 in $bin; postgres tests will skip"; return 0; }
    local dir port as=()
    dir=$(mktemp -d /tmp/sitrep-pg.XXXXXX) || return 0
    if [ "$(id -u)" = 0 ]; then
        chown postgres: "$dir"
        as=(runuser -u postgres --)
    fi
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "${as[@]}" "$bin/initdb" -D "$dir/data" -U postgres -A trust --no-sync -E UTF8 >"$dir/initdb.log" 2>&1 \
        || { echo "services: initdb failed, see $dir/initdb.log"; return 0; }
    # fsync off: the cluster is thrown away, and tests should not wait for the disk.
    "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start >/dev/null \
        || { echo "services: PostgreSQL did not start, see $dir/server.log"; return 0; }
    {
        echo "export SITREP_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
        echo "export SITREP_TEST_PG_DATA=$dir/data  # stop: pg_ctl -D \$SITREP_TEST_PG_DATA stop"
    } >> .ci/env
    echo "services: PostgreSQL 15 on 127.0.0.1:$port ($dir)"
}
start_postgres

# --- Chromium (browser tests marked `browser`) ---------------------------------------------------
# The Debian package, driven by Playwright's Python API with executable_path (Playwright's own browser
# download is never used).  Best effort: without it the browser tests skip with the reason.
install_chromium() {
    if [ -x /usr/bin/chromium ]; then echo "services: Chromium present (/usr/bin/chromium)"; return 0; fi
    command -v apt-get >/dev/null || { echo "services: no apt-get; browser tests will skip"; return 0; }
    local as=()
    [ "$(id -u)" = 0 ] || { command -v sudo >/dev/null && as=(sudo -n); }
    if "${as[@]}" apt-get update -qq >/tmp/sitrep-apt.log 2>&1 \
        && DEBIAN_FRONTEND=noninteractive "${as[@]}" apt-get install -y -qq chromium >>/tmp/sitrep-apt.log 2>&1; then
        echo "services: Chromium installed (/usr/bin/chromium)"
    else
        echo "services: Chromium install failed (see /tmp/sitrep-apt.log); browser tests will skip"
    fi
    return 0
}
install_chromium
