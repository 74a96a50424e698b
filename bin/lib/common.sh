# shellcheck shell=bash
# Shared helpers for bin/opencirt: settings, logging, JDK discovery, artifact cache,
# the unprivileged stack user, and process bookkeeping (pid files, health waits).
# Sourced by bin/opencirt; REPO_DIR is set by the caller.

# ---------------------------------------------------------------------------
# Settings (all overridable from the environment)
# ---------------------------------------------------------------------------
STACK_DIR="${OPENCIRT_STACK_DIR:-$REPO_DIR/.stack}"
MAVEN_REPO_URL="${OPENCIRT_MAVEN_REPO:-https://repo.maven.apache.org/maven2}"
LOCAL_REPO="${OPENCIRT_LOCAL_REPO:-$HOME/.m2/repository}"
STACK_USER="opencirt"          # only used when the launcher runs as root

PG_PORT="${OPENCIRT_PG_PORT:-15432}"
ES_PORT="${OPENCIRT_ES_PORT:-19200}"
ES_TRANSPORT_PORT="${OPENCIRT_ES_TRANSPORT_PORT:-19300}"
KC_PORT="${OPENCIRT_KC_PORT:-18180}"
KC_MGMT_PORT="${OPENCIRT_KC_MGMT_PORT:-18190}"
SMTP_PORT="${OPENCIRT_SMTP_PORT:-13025}"
IMAP_PORT="${OPENCIRT_IMAP_PORT:-13143}"
HTTP_PORT="${OPENCIRT_HTTP_PORT:-8080}"

PG_TIMEOUT="${OPENCIRT_PG_TIMEOUT:-60}"
ES_TIMEOUT="${OPENCIRT_ES_TIMEOUT:-120}"
KC_TIMEOUT="${OPENCIRT_KC_TIMEOUT:-180}"
MAIL_TIMEOUT="${OPENCIRT_MAIL_TIMEOUT:-60}"
STOP_TIMEOUT="${OPENCIRT_STOP_TIMEOUT:-30}"

ALL_SERVERS=(postgres elasticsearch keycloak mail)

# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------
say() { printf 'opencirt: %s\n' "$*"; }
warn() { printf 'opencirt: warning: %s\n' "$*" >&2; }
die() { printf 'opencirt: error: %s\n' "$*" >&2; exit 1; }

is_root() { [[ $(id -u) -eq 0 ]]; }

# ---------------------------------------------------------------------------
# JDK discovery: JAVA_HOME if it is 21+, else the newest 21+ under /usr/lib/jvm.
# ---------------------------------------------------------------------------
JDK_SEARCH_DIR="/usr/lib/jvm"

# Prints the major version of the JDK at $1, or nothing if it is not a JDK.
java_major() {
  local home=$1 version=""
  [[ -x "$home/bin/java" ]] || return 0
  if [[ -r "$home/release" ]]; then
    version=$(sed -n 's/^JAVA_VERSION="\(.*\)"$/\1/p' "$home/release")
  fi
  if [[ -z "$version" ]]; then
    version=$("$home/bin/java" -version 2>&1 | sed -n '1s/.*version "\([^"]*\)".*/\1/p')
  fi
  version=${version#1.}   # 1.8.0_x -> 8.0_x
  printf '%s\n' "${version%%[.+_-]*}"
}

# Sets JDK_HOME to a JDK >= 21 or exits.
find_jdk() {
  [[ -n "${JDK_HOME:-}" ]] && return 0
  local major
  if [[ -n "${JAVA_HOME:-}" ]]; then
    major=$(java_major "$JAVA_HOME")
    if [[ -n "$major" && "$major" -ge 21 ]]; then
      JDK_HOME=$JAVA_HOME
      return 0
    fi
  fi
  local best="" best_major=0 dir
  for dir in "$JDK_SEARCH_DIR"/*; do
    [[ -d "$dir" ]] || continue
    major=$(java_major "$dir")
    if [[ -n "$major" && "$major" -ge 21 && "$major" -gt "$best_major" ]]; then
      best=$dir best_major=$major
    fi
  done
  [[ -n "$best" ]] || die "a JDK 21 or newer is needed; looked at JAVA_HOME (${JAVA_HOME:-unset}) and $JDK_SEARCH_DIR/*. Install one or point JAVA_HOME at it."
  JDK_HOME=$best
}

# ---------------------------------------------------------------------------
# Tools. A bare CI image may lack unzip and xz; as root we install them with apt-get.
# ---------------------------------------------------------------------------
require_tools() {
  local tool missing=()
  for tool in curl:curl unzip:unzip xz:xz-utils sha1sum:coreutils setsid:util-linux flock:util-linux; do
    command -v "${tool%%:*}" >/dev/null || missing+=("${tool#*:}")
  done
  ((${#missing[@]})) || return 0
  if is_root && command -v apt-get >/dev/null; then
    say "installing ${missing[*]} (apt-get)"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >/dev/null \
      || die "could not install ${missing[*]} with apt-get"
  else
    die "missing tools; install the packages: ${missing[*]}"
  fi
}

# ---------------------------------------------------------------------------
# Artifact cache, in the local Maven repository layout so Maven and later runs reuse it.
# ---------------------------------------------------------------------------

# fetch_artifact GROUP ARTIFACT VERSION FILE -> prints the local path
fetch_artifact() {
  local group=$1 artifact=$2 version=$3 file=$4
  local rel="${group//.//}/$artifact/$version/$file"
  local dest="$LOCAL_REPO/$rel" url="$MAVEN_REPO_URL/$rel"
  if [[ ! -s "$dest" ]]; then
    say "downloading $url" >&2
    mkdir -p "$(dirname "$dest")"
    local part="$dest.part.$$" expected actual
    curl -fsSL --retry 3 -o "$part" "$url" || { rm -f "$part"; die "download failed: $url"; }
    expected=$(curl -fsSL --retry 3 "$url.sha1" 2>/dev/null | cut -c1-40 || true)
    actual=$(sha1sum "$part" | cut -c1-40)
    if [[ -n "$expected" && "$expected" != "$actual" ]]; then
      rm -f "$part"
      die "checksum mismatch for $url (expected $expected, got $actual)"
    fi
    mv -f "$part" "$dest"
  fi
  printf '%s\n' "$dest"
}

# ---------------------------------------------------------------------------
# Who runs the servers. PostgreSQL and Elasticsearch refuse to run as root, so as root
# all the servers run as the system user $STACK_USER; otherwise as the current user.
# ---------------------------------------------------------------------------
ensure_stack_user() {
  is_root || return 0
  if ! id -u "$STACK_USER" >/dev/null 2>&1; then
    say "creating system user $STACK_USER"
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin "$STACK_USER"
  fi
  # The servers live under the stack folder: the user must be able to reach it.
  if ! runuser -u "$STACK_USER" -- test -x "$STACK_DIR"; then
    local dir=$STACK_DIR blocking=""
    while [[ "$dir" != "/" ]]; do
      runuser -u "$STACK_USER" -- test -x "$dir" || blocking=$dir
      dir=$(dirname "$dir")
    done
    die "user $STACK_USER cannot reach $STACK_DIR (no search permission on ${blocking:-a parent folder}). Run 'chmod o+x' on the parent folders, or set OPENCIRT_STACK_DIR to a folder it can reach."
  fi
  runuser -u "$STACK_USER" -- test -x "$JDK_HOME/bin/java" \
    || die "user $STACK_USER cannot run $JDK_HOME/bin/java; point JAVA_HOME at a JDK 21+ outside private folders"
}

# Runs a command as the stack user (as root) or as ourselves.
as_stack_user() {
  if is_root; then
    runuser -u "$STACK_USER" -- "$@"
  else
    "$@"
  fi
}

# mkdir -p, owned by the stack user
stack_mkdir() {
  mkdir -p "$@"
  if is_root; then chown "$STACK_USER:" "$@"; fi
}

# Gives a freshly unpacked tree to the stack user.
stack_chown_tree() {
  if is_root; then chown -R "$STACK_USER:" "$@"; fi
}

# unpack_zip ZIP DEST: unzips ZIP (one top folder inside) so that its top folder becomes DEST.
unpack_zip() {
  local zip=$1 dest=$2 tmp
  tmp="$dest.tmp"
  rm -rf "$tmp" "$dest"
  mkdir -p "$tmp"
  unzip -q "$zip" -d "$tmp"
  mv "$tmp"/*/ "$dest"
  rm -rf "$tmp"
}

# ---------------------------------------------------------------------------
# Ports
# ---------------------------------------------------------------------------
# The packaged service (target/quarkus-app), built when missing: bin/opencirt's commands that run a class of its jar
# (backup and restore, audit verify) use it. Prints its directory.
packaged_app() {
  local app="$REPO_DIR/target/quarkus-app"
  if [[ ! -d $app/lib/main ]]; then
    say "building (./mvnw -B -q package -DskipTests)" >&2
    (cd "$REPO_DIR" && JAVA_HOME=$JDK_HOME ./mvnw -B -q package -DskipTests >&2) || die "the build failed"
  fi
  printf '%s\n' "$app"
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# check_ports_free SERVER PORT ENVVAR [PORT ENVVAR...]
check_ports_free() {
  local server=$1
  shift
  while (($#)); do
    if port_in_use "$1"; then
      die "$server: port $1 on 127.0.0.1 is already in use by another process; stop it or choose another port with $2=..."
    fi
    shift 2
  done
}

# ---------------------------------------------------------------------------
# Processes. Every server is started by `launch` as the leader of its own session and
# process group; its pid file names that leader. The pid counts as ours only if it is
# alive and its command line contains the server's folder under this stack.
# ---------------------------------------------------------------------------
pid_file() { printf '%s\n' "$STACK_DIR/run/$1.pid"; }
log_file() { printf '%s\n' "$STACK_DIR/logs/$1.log"; }

# Prints the pid of SERVER if it is running from this stack; removes a stale pid file.
server_pid() {
  local server=$1 file pid
  file=$(pid_file "$server")
  [[ -f "$file" ]] || return 1
  pid=$(tr -dc '0-9' <"$file")
  if [[ -n "$pid" ]] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$STACK_DIR/$server/"; then
    printf '%s\n' "$pid"
    return 0
  fi
  rm -f "$file"
  return 1
}

# One bin/opencirt at a time changes a stack: the others wait on a lock (fd 9).
lock_stack() {
  [[ -d "$STACK_DIR/run" ]] || return 0
  exec 9>>"$STACK_DIR/run/.lock"
  if ! flock -n 9; then
    say "waiting for another bin/opencirt working on $STACK_DIR"
    flock 9
  fi
}

unlock_stack() { exec 9>&-; }

# launch SERVER WORKDIR COMMAND...: starts COMMAND detached (new session, stdin from
# /dev/null, output appended to the server's log) as the stack user, and waits for
# its pid file.
launch() {
  local server=$1 workdir=$2
  shift 2
  local pidfile log
  pidfile=$(pid_file "$server")
  log=$(log_file "$server")
  rm -f "$pidfile"
  # shellcheck disable=SC2016  # $$, $1... are expanded by the inner shell
  # 9>&-: the server must not inherit (and hold) the stack lock.
  (cd "$workdir" && as_stack_user setsid -f sh -c \
    'echo $$ >"$1"; log=$2; shift 2; exec "$@" </dev/null >>"$log" 2>&1' \
    sh "$pidfile" "$log" "$@" 9>&-)
  local i
  for ((i = 0; i < 50; i++)); do
    [[ -s "$pidfile" ]] && return 0
    sleep 0.1
  done
  die "$server: did not start (no pid file $pidfile); see $log"
}

# wait_healthy SERVER TIMEOUT: waits for ${SERVER}_healthy; on failure prints the log tail.
wait_healthy() {
  local server=$1 timeout=$2 start=$SECONDS pid log
  log=$(log_file "$server")
  while :; do
    if "${server}_healthy"; then
      say "$server: up (pid $(server_pid "$server" || echo -), $((SECONDS - start)) s)"
      return 0
    fi
    if ! pid=$(server_pid "$server"); then
      report_failure "$server" "exited during startup" "$log"
      return 1
    fi
    if ((SECONDS - start >= timeout)); then
      report_failure "$server" "not healthy after $timeout s (pid $pid still running)" "$log"
      return 1
    fi
    sleep 1
  done
}

report_failure() {
  local server=$1 why=$2 log=$3
  {
    printf 'opencirt: error: %s failed: %s\n' "$server" "$why"
    printf 'opencirt: log: %s (last 30 lines below)\n' "$log"
    tail -n 30 "$log" 2>/dev/null | sed 's/^/    /'
  } >&2
}

# Sends SIGNAL to the process group led by PID (falls back to the pid alone).
signal_group() {
  local signal=$1 pid=$2
  kill "-$signal" -- "-$pid" 2>/dev/null || kill "-$signal" "$pid" 2>/dev/null || true
}

group_alive() {
  kill -0 -- "-$1" 2>/dev/null || kill -0 "$1" 2>/dev/null
}
