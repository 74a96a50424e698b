# shellcheck shell=bash
# bin/opencirt audit verify ARCHIVE: checks an audit archive exported by GET /api/v1/audit/export offline,
# without the service or its database (see docs/audit.md#verifying-an-export and docs/adr/0035). Sourced by
# bin/opencirt.
#
# The check is org.opencirt.audit.AuditArchiveVerifier from the service's jar: the same chain arithmetic as the
# service (AuditChain) and BouncyCastle for the signatures. It prints one line: OK with the counts (exit 0),
# BROKEN at the first link that does not hold (exit 1), or why the archive cannot be checked (exit 2).

# The packaged service (its jar holds the verifier); built when missing.
audit_app() {
  local app="$REPO_DIR/target/quarkus-app"
  if [[ ! -d $app/lib/main ]]; then
    say "building (./mvnw -B -q package -DskipTests)" >&2
    (cd "$REPO_DIR" && JAVA_HOME=$JDK_HOME ./mvnw -B -q package -DskipTests >&2) || die "the build failed"
  fi
  printf '%s\n' "$app"
}

cmd_audit() {
  local sub=${1:-}
  (($#)) && shift
  case $sub in
    verify)
      [[ $# -eq 1 ]] || die "usage: bin/opencirt audit verify ARCHIVE"
      find_jdk
      local app
      app=$(audit_app)
      exec "$JDK_HOME/bin/java" -cp "$app/app/*:$app/lib/main/*" org.opencirt.audit.AuditArchiveVerifier "$1"
      ;;
    *) die "usage: bin/opencirt audit verify ARCHIVE" ;;
  esac
}
