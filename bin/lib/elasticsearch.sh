# shellcheck shell=bash
# Elasticsearch 9.2.4, the minimal "integ-test-zip" distribution. Single node, no security,
# loopback only. It runs in the foreground under its own session: the pid file names the
# launcher JVM, which starts the server JVM as its child in the same process group.

ES_GROUP=org.elasticsearch.distribution.integ-test-zip
ES_ARTIFACT=elasticsearch
ES_VERSION=9.2.4
ES_HEAP="${OPENCIRT_ES_HEAP:--Xms512m -Xmx512m}"

elasticsearch_dir() { printf '%s\n' "$STACK_DIR/elasticsearch"; }

elasticsearch_port() { printf '%s\n' "$ES_PORT"; }

elasticsearch_check_ports() {
  check_ports_free elasticsearch "$ES_PORT" OPENCIRT_ES_PORT \
    "$ES_TRANSPORT_PORT" OPENCIRT_ES_TRANSPORT_PORT
}

elasticsearch_prepare() {
  local dir zip
  dir=$(elasticsearch_dir)
  if [[ "$(cat "$dir/dist.version" 2>/dev/null)" != "$ES_VERSION" ]]; then
    zip=$(fetch_artifact "$ES_GROUP" "$ES_ARTIFACT" "$ES_VERSION" "$ES_ARTIFACT-$ES_VERSION.zip")
    say "elasticsearch: unpacking $ES_VERSION"
    mkdir -p "$dir"
    unpack_zip "$zip" "$dir/dist"
    # It writes its keystore into dist/config, so the stack user must own the tree.
    stack_chown_tree "$dir/dist"
    printf '%s\n' "$ES_VERSION" >"$dir/dist.version"
  fi
  stack_mkdir "$dir" "$dir/data" "$dir/logs" "$dir/tmp"
}

elasticsearch_start() {
  local dir
  dir=$(elasticsearch_dir)
  # The working directory matters: jvm.options writes gc.log and hs_err files into it.
  launch elasticsearch "$dir" env \
    ES_JAVA_HOME="$JDK_HOME" ES_JAVA_OPTS="$ES_HEAP" ES_TMPDIR="$dir/tmp" HOME="$dir" \
    "$dir/dist/bin/elasticsearch" \
    -E discovery.type=single-node \
    -E xpack.security.enabled=false \
    -E network.host=127.0.0.1 \
    -E http.port="$ES_PORT" \
    -E transport.port="$ES_TRANSPORT_PORT" \
    -E path.data="$dir/data" \
    -E path.logs="$dir/logs"
}

# GET / does not exist in this distribution; the cluster health does.
elasticsearch_healthy() {
  curl -fsS --max-time 2 "http://127.0.0.1:$ES_PORT/_cluster/health" 2>/dev/null \
    | grep -Eq '"status":"(green|yellow)"'
}

# The launcher JVM stops the server JVM cleanly on SIGTERM (signalling both makes the
# launcher report an "unexpected" exit).
elasticsearch_stop_signal() { printf 'TERM\n'; }

elasticsearch_url() { printf 'http://127.0.0.1:%s\n' "$ES_PORT"; }
