# shellcheck shell=bash
# Keycloak 26.5.6 (Quarkus distribution) in dev mode, realm imported from the repository.
# kc.sh stays the parent of the Keycloak JVM (or becomes it after a re-augmentation);
# both are in the process group that the pid file names.

KC_GROUP=org.keycloak
KC_ARTIFACT=keycloak-quarkus-dist
KC_VERSION=26.5.6
KC_HEAP="${OPENCIRT_KC_HEAP:--Xms256m -Xmx768m}"
KC_REALM="${OPENCIRT_KC_REALM:-opencirt}"
# jboss-threads needs this on Java 24+, else executor threads die with IllegalAccessError.
KC_JAVA_OPTS_APPEND="--add-opens=java.base/java.lang=ALL-UNNAMED"
KC_REALM_SOURCE="$REPO_DIR/src/main/keycloak"

keycloak_dir() { printf '%s\n' "$STACK_DIR/keycloak"; }

keycloak_port() { printf '%s\n' "$KC_PORT"; }

keycloak_check_ports() {
  check_ports_free keycloak "$KC_PORT" OPENCIRT_KC_PORT "$KC_MGMT_PORT" OPENCIRT_KC_MGMT_PORT
}

keycloak_prepare() {
  local dir zip
  dir=$(keycloak_dir)
  if [[ "$(cat "$dir/dist.version" 2>/dev/null)" != "$KC_VERSION" ]]; then
    zip=$(fetch_artifact "$KC_GROUP" "$KC_ARTIFACT" "$KC_VERSION" "$KC_ARTIFACT-$KC_VERSION.zip")
    say "keycloak: unpacking $KC_VERSION"
    mkdir -p "$dir"
    unpack_zip "$zip" "$dir/dist"
    # Its first start re-augments (rebuilds) into dist/lib, and dev mode keeps its H2
    # database in dist/data: the stack user owns the tree.
    stack_chown_tree "$dir/dist"
    printf '%s\n' "$KC_VERSION" >"$dir/dist.version"
  fi
  stack_mkdir "$dir" "$dir/dist/data" "$dir/dist/data/import"
  # Copy the repository's realm files before every start. --import-realm skips a realm
  # that already exists, so an updated realm is only imported into a fresh stack
  # (stack down, rm -rf the stack's keycloak/dist/data/h2, stack up).
  rm -f "$dir/dist/data/import/"*.json
  if compgen -G "$KC_REALM_SOURCE/*.json" >/dev/null; then
    cp "$KC_REALM_SOURCE/"*.json "$dir/dist/data/import/"
    stack_chown_tree "$dir/dist/data/import"
  else
    warn "keycloak: no realm files in $KC_REALM_SOURCE; only the master realm will exist"
  fi
}

keycloak_start() {
  local dir
  dir=$(keycloak_dir)
  # Local-only bootstrap admin (admin/admin) for the admin console.
  launch keycloak "$dir" env \
    JAVA_HOME="$JDK_HOME" JAVA_OPTS_KC_HEAP="$KC_HEAP" HOME="$dir" \
    JAVA_OPTS_APPEND="$KC_JAVA_OPTS_APPEND" \
    KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
    "$dir/dist/bin/kc.sh" start-dev \
    --http-host=127.0.0.1 --http-port="$KC_PORT" \
    --http-management-port="$KC_MGMT_PORT" \
    --import-realm
}

# The realm answering its discovery document means Keycloak is up and the realm imported.
# Without realm files in the repository there is nothing to import: check master instead.
keycloak_healthy() {
  local realm=$KC_REALM code
  compgen -G "$KC_REALM_SOURCE/*.json" >/dev/null || realm=master
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 \
    "http://127.0.0.1:$KC_PORT/realms/$realm/.well-known/openid-configuration" 2>/dev/null) || true
  [[ "$code" == 200 ]]
}

# kc.sh forwards SIGTERM to the JVM.
keycloak_stop_signal() { printf 'TERM\n'; }

keycloak_url() { printf 'http://localhost:%s\n' "$KC_PORT"; }
