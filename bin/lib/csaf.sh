# shellcheck shell=bash
# bin/opencirt csaf check DOMAIN-OR-URL: checks another CSAF provider against the requirements of CSAF 2.0
# section 7.1 (see docs/advisories.md#checking-a-csaf-provider). Sourced by bin/opencirt.
#
# The check is org.opencirt.advisory.provider.ProviderCheckCli from the service's jar: the platform's own CSAF
# validator for the documents and BouncyCastle for the signatures. One line per requirement (PASS, FAIL or
# NOT USED, with what breaks it), then the role reached; exit 0 when the provider meets the role it declares,
# 1 when not, 2 on bad usage. OPENCIRT_CSAF_TOKEN, when set, is sent to read TLP:AMBER and RED folders.

cmd_csaf() {
  local sub=${1:-}
  (($#)) && shift
  case $sub in
    check)
      [[ $# -ge 1 ]] || die "usage: bin/opencirt csaf check DOMAIN-OR-URL [--max-documents N]"
      find_jdk
      local app
      app=$(packaged_app)
      exec "$JDK_HOME/bin/java" -cp "$app/app/*:$app/lib/main/*" org.opencirt.advisory.provider.ProviderCheckCli "$@"
      ;;
    *) die "usage: bin/opencirt csaf check DOMAIN-OR-URL [--max-documents N]" ;;
  esac
}
