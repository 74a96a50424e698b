# shellcheck shell=bash
# bin/opencirt backup DIR / restore DIR: the local stack's PostgreSQL rows, the Keycloak realm and a manifest
# (see docs/operations.md#backups and docs/adr/0033-backups-that-restore.md). Sourced by bin/opencirt.
#
# PostgreSQL: org.opencirt.common.backup.DatabaseBackup from the service's jar copies every table in one
# snapshot (the stack's PostgreSQL bundle has no pg_dump). Elasticsearch: nothing is copied; the service fills
# a missing index at start-up (incidents, advisories, shared copies and imported indicators from PostgreSQL,
# feed indicators by the feeds' next runs), and bin/opencirt reindex rebuilds one that outlived the database. Keycloak: the realm's partial export (no users, secrets
# masked). The manifest is written last: a backup without one is partial and restore refuses it.

BACKUP_DB="${OPENCIRT_BACKUP_DB:-opencirt}"
BACKUP_INDEX_PREFIX="${OPENCIRT_BACKUP_INDEX_PREFIX:-opencirt}"
BACKUP_KC_ADMIN_USER="${OPENCIRT_KC_ADMIN_USER:-admin}"
BACKUP_KC_ADMIN_PASSWORD="${OPENCIRT_KC_ADMIN_PASSWORD:-admin}"
BACKUP_MANIFEST=manifest.json
BACKUP_FORMAT=1

backup_require_tools() {
  local tool missing=()
  for tool in curl:curl jq:jq sha256sum:coreutils; do
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

# backup_database dump|restore DIR [--force]
backup_database() {
  local app
  app=$(packaged_app)
  OPENCIRT_DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/$BACKUP_DB" \
    OPENCIRT_DB_USER=${OPENCIRT_DB_USER:-opencirt} OPENCIRT_DB_PASSWORD=${OPENCIRT_DB_PASSWORD:-opencirt} \
    OPENCIRT_DB_ADMIN_USER=${OPENCIRT_DB_ADMIN_USER:-postgres} OPENCIRT_DB_ADMIN_PASSWORD=${OPENCIRT_DB_ADMIN_PASSWORD:-} \
    "$JDK_HOME/bin/java" -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
    -cp "$app/app/*:$app/lib/main/*:$app/lib/boot/*" org.opencirt.common.backup.DatabaseBackup "$@"
}

# A token of Keycloak's master realm for its local bootstrap admin (admin/admin on the local stack).
keycloak_admin_token() {
  local token
  token=$(curl -fsS --max-time 30 -d grant_type=password -d client_id=admin-cli \
    --data-urlencode "username=$BACKUP_KC_ADMIN_USER" --data-urlencode "password=$BACKUP_KC_ADMIN_PASSWORD" \
    "http://127.0.0.1:$KC_PORT/realms/master/protocol/openid-connect/token" | jq -r '.access_token // empty') \
    || die "keycloak: could not log in as its admin (OPENCIRT_KC_ADMIN_USER) at 127.0.0.1:$KC_PORT"
  [[ -n $token ]] || die "keycloak: no admin token"
  printf '%s\n' "$token"
}

# Writes FILE's sha256 as a manifest entry.
backup_files_json() {
  local dir=$1 file sum
  (cd "$dir" && find . -type f ! -name "$BACKUP_MANIFEST" -printf '%P\n' | LC_ALL=C sort) | while read -r file; do
    sum=$(sha256sum "$dir/$file" | cut -c1-64)
    jq -n --arg path "$file" --arg sha256 "$sum" --argjson size "$(stat -c %s "$dir/$file")" \
      '{path: $path, sha256: $sha256, size: $size}'
  done | jq -s .
}

cmd_backup() {
  local dir=${1:-}
  [[ -n $dir && $# -eq 1 ]] || die "usage: bin/opencirt backup DIR"
  find_jdk
  backup_require_tools
  if [[ -e $dir ]] && [[ -n $(ls -A "$dir" 2>/dev/null) ]]; then
    die "$dir is not empty: back up into a new folder"
  fi
  mkdir -p "$dir/postgres" "$dir/keycloak" "$dir/elasticsearch"
  dir=$(cd "$dir" && pwd -P)
  local started
  started=$(date -u +%Y-%m-%dT%H:%M:%SZ)

  say "backing up the database $BACKUP_DB (one snapshot) into $dir/postgres"
  backup_database dump "$dir/postgres" || die "the database backup failed; $dir is not a backup"

  say "exporting the Keycloak realm $KC_REALM (partial export: no users, client secrets masked)"
  local token
  token=$(keycloak_admin_token)
  curl -fsS --max-time 120 -X POST -H "Authorization: Bearer $token" \
    "http://127.0.0.1:$KC_PORT/admin/realms/$KC_REALM/partial-export?exportClients=true&exportGroupsAndRoles=true" \
    -o "$dir/keycloak/realm.json" || die "keycloak: the realm export failed; $dir is not a backup"

  say "recording the search indices of prefix $BACKUP_INDEX_PREFIX (rebuilt after a restore, not copied)"
  curl -fsS --max-time 30 "http://127.0.0.1:$ES_PORT/_cat/aliases/$BACKUP_INDEX_PREFIX-*?format=json&h=alias,index" \
    | jq '[.[] | {alias, index}] | sort_by(.alias)' >"$dir/elasticsearch/aliases.json" \
    || die "elasticsearch: could not list the indices; $dir is not a backup"

  # Written last: its presence means every part above completed.
  local app
  app=$(packaged_app)
  jq -n --argjson format "$BACKUP_FORMAT" --arg started "$started" --arg finished "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    --arg service "$(basename "$(compgen -G "$app/app/*.jar" | head -n 1)" .jar)" \
    --arg database "$BACKUP_DB" --arg prefix "$BACKUP_INDEX_PREFIX" --arg realm "$KC_REALM" \
    --arg es "$ES_VERSION" --arg kc "$KC_VERSION" \
    --slurpfile db "$dir/postgres/database.json" --argjson files "$(backup_files_json "$dir")" \
    '{format: $format, startedAt: $started, finishedAt: $finished,
      versions: {service: $service, postgresql: $db[0].serverVersion, schema: $db[0].schemaVersion,
                 elasticsearch: $es, keycloak: $kc},
      parts: {postgres: {database: $database, snapshot: "one repeatable-read transaction"},
              keycloak: {realm: $realm, export: "partial: groups, roles, clients; no users; client secrets masked"},
              elasticsearch: {indexPrefix: $prefix, copied: false,
                              rebuiltBy: "the service at start-up for a missing index (PostgreSQL, the feeds next runs); bin/opencirt reindex for one that outlived the database"}},
      notIncluded: ["the key-encryption key (OPENCIRT_SIGNING_KEK): restore needs the same one"],
      files: $files}' >"$dir/$BACKUP_MANIFEST.tmp"
  mv "$dir/$BACKUP_MANIFEST.tmp" "$dir/$BACKUP_MANIFEST"
  say "backup complete: $dir (the KEK is not in it: keep OPENCIRT_SIGNING_KEK apart)"
}

# Refuses a folder without a manifest, with a file missing, altered or unlisted.
backup_verify() {
  local dir=$1 manifest=$1/$BACKUP_MANIFEST listed present
  [[ -f $manifest ]] || die "$dir has no $BACKUP_MANIFEST: the backup is partial (it stopped before its end) or not a backup"
  jq -e --argjson format "$BACKUP_FORMAT" '.format == $format and (.files | type == "array")' "$manifest" >/dev/null 2>&1 \
    || die "$manifest is not a manifest of this format ($BACKUP_FORMAT)"
  jq -r '.files[] | "\(.sha256)  \(.path)"' "$manifest" | (cd "$dir" && sha256sum --check --quiet --strict - >/dev/null 2>&1) \
    || die "$dir does not match its manifest: a file is missing or was altered since the backup; not restoring"
  listed=$(jq -r '.files[].path' "$manifest" | LC_ALL=C sort)
  present=$(cd "$dir" && find . -type f ! -name "$BACKUP_MANIFEST" -printf '%P\n' | LC_ALL=C sort)
  [[ $listed == "$present" ]] || die "$dir holds files its manifest does not list; not restoring"
}

cmd_restore() {
  local dir=${1:-} force=()
  [[ -n $dir ]] || die "usage: bin/opencirt restore DIR [--force]"
  shift
  case ${1:-} in
    --force) force=(--force) ;;
    "") ;;
    *) die "usage: bin/opencirt restore DIR [--force]" ;;
  esac
  find_jdk
  backup_require_tools
  [[ -d $dir ]] || die "$dir is not a folder"
  dir=$(cd "$dir" && pwd -P)
  backup_verify "$dir"
  say "the backup of $(jq -r .finishedAt "$dir/$BACKUP_MANIFEST") matches its manifest"

  say "restoring the database $BACKUP_DB"
  backup_database restore "$dir/postgres" ${force[@]+"${force[@]}"} || die "the database restore failed"

  say "importing the Keycloak realm $KC_REALM (what exists is kept; what is missing is created)"
  local token realm code
  token=$(keycloak_admin_token)
  # A partial export masks client secrets: a client created again gets a new secret instead of the mask.
  realm=$(jq 'del(.clients[]?.secret | select(. == "**********"))' "$dir/keycloak/realm.json")
  code=$(curl -sS --max-time 30 -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" \
    "http://127.0.0.1:$KC_PORT/admin/realms/$KC_REALM")
  if [[ $code == 404 ]]; then
    jq '. + {enabled: true}' <<<"$realm" | curl -fsS --max-time 120 -X POST -H "Authorization: Bearer $token" \
      -H 'Content-Type: application/json' --data-binary @- "http://127.0.0.1:$KC_PORT/admin/realms" >/dev/null \
      || die "keycloak: creating the realm from the backup failed"
    say "keycloak: realm $KC_REALM created; give its users and clients' secrets again (not in a partial export)"
  else
    [[ $code == 200 ]] || die "keycloak: reading the realm answered $code"
    jq '. + {ifResourceExists: "SKIP"}' <<<"$realm" | curl -fsS --max-time 120 -X POST -H "Authorization: Bearer $token" \
      -H 'Content-Type: application/json' --data-binary @- \
      "http://127.0.0.1:$KC_PORT/admin/realms/$KC_REALM/partialImport" \
      | jq -r '"opencirt: keycloak: \(.added // 0) added, \(.skipped // 0) kept as they were"' \
      || die "keycloak: the partial import failed"
  fi
  say "restore complete. Start the service with the same OPENCIRT_SIGNING_KEK: it fills missing search indices from"
  say "PostgreSQL and the feeds' next runs; if Elasticsearch kept its indices, run 'bin/opencirt reindex' once it is up"
}
