# shellcheck shell=bash
# bin/opencirt audit verify ARCHIVE: checks an audit archive exported by GET /api/v1/audit/export offline,
# without the service or its database (see docs/audit.md#verifying-an-export and docs/adr/0035). Sourced by
# bin/opencirt.
#
# The check is org.opencirt.audit.AuditArchiveVerifier from the service's jar: the same chain arithmetic as the
# service (AuditChain) and BouncyCastle for the signatures. It prints one line: OK with the counts (exit 0),
# BROKEN at the first link that does not hold (exit 1), or why the archive cannot be checked (exit 2).

cmd_audit() {
  local sub=${1:-}
  (($#)) && shift
  case $sub in
    verify)
      [[ $# -eq 1 ]] || die "usage: bin/opencirt audit verify ARCHIVE"
      find_jdk
      local app
      app=$(packaged_app)
      exec "$JDK_HOME/bin/java" -cp "$app/app/*:$app/lib/main/*" org.opencirt.audit.AuditArchiveVerifier "$1"
      ;;
    *) die "usage: bin/opencirt audit verify ARCHIVE" ;;
  esac
}
