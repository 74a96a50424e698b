# shellcheck shell=bash
# GreenMail 2.1.8 standalone (com.icegreen:greenmail-standalone, one runnable jar): SMTP and IMAP
# on loopback for the demo, so that what `run` sends can be read. A sandbox, not a relay: it
# delivers nothing onwards and keeps every message in memory until it stops.
# The jar is copied into the stack folder: the stack user must be able to read it, and the
# server's command line must name the stack folder (server_pid).
#
# Configured with system properties (GreenMail's PropertiesBasedServerSetupBuilder and
# PropertiesBasedGreenMailConfigurationBuilder). Not greenmail.hostname: with it GreenMail also
# starts its HTTP API, on 8080 by default, the service's port.

MAIL_GROUP=com.icegreen
MAIL_ARTIFACT=greenmail-standalone
MAIL_VERSION=2.1.8
MAIL_HEAP="${OPENCIRT_MAIL_HEAP:--Xms32m -Xmx128m}"
# login:password@domain, comma-separated. With authentication off every other recipient gets a
# mailbox on its first message too, and any login (the full address) with any password reads it.
MAIL_USERS="${OPENCIRT_MAIL_USERS:-cert:demo@cert-cd.example,reports:demo@cert-cd.example}"

mail_dir() { printf '%s\n' "$STACK_DIR/mail"; }

mail_jar() { printf '%s\n' "$(mail_dir)/$MAIL_ARTIFACT-$MAIL_VERSION.jar"; }

mail_port() { printf '%s\n' "$SMTP_PORT"; }

mail_check_ports() {
  check_ports_free mail "$SMTP_PORT" OPENCIRT_SMTP_PORT "$IMAP_PORT" OPENCIRT_IMAP_PORT
}

mail_prepare() {
  local dir jar
  dir=$(mail_dir)
  stack_mkdir "$dir" "$dir/tmp"
  if [[ "$(cat "$dir/dist.version" 2>/dev/null)" != "$MAIL_VERSION" ]]; then
    jar=$(fetch_artifact "$MAIL_GROUP" "$MAIL_ARTIFACT" "$MAIL_VERSION" "$MAIL_ARTIFACT-$MAIL_VERSION.jar")
    say "mail: installing GreenMail $MAIL_VERSION"
    rm -f "$dir"/"$MAIL_ARTIFACT"-*.jar
    cp "$jar" "$(mail_jar).tmp"
    mv -f "$(mail_jar).tmp" "$(mail_jar)"
    printf '%s\n' "$MAIL_VERSION" >"$dir/dist.version"
  fi
}

mail_start() {
  local dir heap=()
  dir=$(mail_dir)
  read -r -a heap <<<"$MAIL_HEAP"
  launch mail "$dir" env HOME="$dir" \
    "$JDK_HOME/bin/java" "${heap[@]}" -Djava.io.tmpdir="$dir/tmp" \
    -Dgreenmail.smtp.hostname=127.0.0.1 -Dgreenmail.smtp.port="$SMTP_PORT" \
    -Dgreenmail.imap.hostname=127.0.0.1 -Dgreenmail.imap.port="$IMAP_PORT" \
    -Dgreenmail.users="$MAIL_USERS" -Dgreenmail.users.login=email \
    -Dgreenmail.auth.disabled \
    -jar "$(mail_jar)"
}

# mail_greets PORT GREETING BYE: the server on PORT opens with a line starting with GREETING;
# BYE ends the session politely (a dropped connection is logged as an error).
mail_greets() {
  local port=$1 greeting=$2 bye=$3
  (
    exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
    IFS= read -r -t 2 line <&3 || exit 1
    printf '%s\r\n' "$bye" >&3
    [[ $line == "$greeting"* ]]
  ) 2>/dev/null
}

# Up when SMTP greets with 220 and IMAP with * OK.
mail_healthy() {
  mail_greets "$SMTP_PORT" 220 QUIT && mail_greets "$IMAP_PORT" '* OK' 'a LOGOUT'
}

# The JVM stops its servers in a shutdown hook on SIGTERM.
mail_stop_signal() { printf 'TERM\n'; }

mail_url() { printf 'smtp://127.0.0.1:%s imap://127.0.0.1:%s\n' "$SMTP_PORT" "$IMAP_PORT"; }
