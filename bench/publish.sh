#!/usr/bin/env bash
# How long after an editor publishes on node A does node B, which had the page cached, serve
# the new version? Two app nodes on one PostgreSQL (node A's embedded server; node B connects
# to it over 127.0.0.1), invalidation through LISTEN/NOTIFY. Target: < 1 s.
#
#   bench/publish.sh
#
# Settings (environment): BENCH_ROUNDS (10), BENCH_POLL_US (2000: how often B is polled),
# BENCH_JVM_FLAGS (see lib.sh), BENCH_APP_ARGS (extra --property=value for both nodes),
# BENCH_KEEP=1 (keep the temp dir and logs).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ROUNDS=${BENCH_ROUNDS:-10}
POLL_US=${BENCH_POLL_US:-2000}
read -r -a APP_ARGS <<<"${BENCH_APP_ARGS:-}"
EMAIL=bench@samizdat.test
PASSWORD="bench-password-$RANDOM-$RANDOM"

need_packages curl:curl unzip:unzip
pick_java
ensure_jar
bench_tmp
LOAD_BEFORE=$(load_line)

# jsoup, from the app's own jar, to read the editor's form as a browser would
mkdir -p "$BENCH_TMP/lib"
unzip -q -j -o "$JAR" 'BOOT-INF/lib/jsoup-*.jar' -d "$BENCH_TMP/lib"
JSOUP=$(ls "$BENCH_TMP"/lib/jsoup-*.jar | head -1)

PORT_A=$(free_port)
start_app a "$PORT_A" SAMIZDAT_DEMO_CONTENT=true SAMIZDAT_ADMIN_EMAIL="$EMAIL" SAMIZDAT_ADMIN_PASSWORD="$PASSWORD" -- "${APP_ARGS[@]}"
wait_http "http://127.0.0.1:$PORT_A/" "$APP_PID_a"
for _ in $(seq 1 360); do grep -q "Demo content:" "$BENCH_TMP/a.log" && break; sleep 0.5; done
PG_PORT=$(embedded_pg_port "$BENCH_TMP/a/data")
log "node A's embedded PostgreSQL listens on 127.0.0.1:$PG_PORT"

PORT_B=$(free_port)
while [ "$PORT_B" = "$PORT_A" ]; do PORT_B=$(free_port); done
start_app b "$PORT_B" SAMIZDAT_DATABASE_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres" \
  SAMIZDAT_DATABASE_USER=samizdat \
  SAMIZDAT_DATABASE_PASSWORD="$(sed -n 's/^samizdat=//p' "$BENCH_TMP/a/data/database-passwords")" \
  SAMIZDAT_ADMIN_EMAIL="$EMAIL" SAMIZDAT_ADMIN_PASSWORD="$PASSWORD" -- "${APP_ARGS[@]}"
wait_http "http://127.0.0.1:$PORT_B/" "$APP_PID_b"

echo
echo "Samizdat publish -> other node: $ROUNDS rounds, 127.0.0.1"
echo "machine: $(machine_line)"
echo "$LOAD_BEFORE"
echo "java: $JAVA_VERSION; JVM flags: $JVM_FLAGS${APP_ARGS[*]:+; app args: ${APP_ARGS[*]}}"
echo "one PostgreSQL: node A's embedded server (port $PG_PORT); node B via SAMIZDAT_DATABASE_URL"
echo
set +e
"$JAVA" -cp "$JSOUP" "$BENCH_DIR/PublishLatency.java" "http://127.0.0.1:$PORT_A" "http://127.0.0.1:$PORT_B" \
  "$EMAIL" "$PASSWORD" "$ROUNDS" "$POLL_US" | tee "$BENCH_TMP/result.txt"
status=${PIPESTATUS[0]}
set -e
[ "$status" = 0 ] || { tail -30 "$BENCH_TMP/b.log" >&2; die "measurement failed"; }
MAX=$(sed -n 's/^RESULT max_ms=\([0-9.]*\).*/\1/p' "$BENCH_TMP/result.txt")
echo
if awk -v m="$MAX" 'BEGIN { exit !(m < 1000) }'; then
  echo "target: every round < 1000 ms: met (max $MAX ms)"
else
  echo "target: every round < 1000 ms: NOT met (max $MAX ms)"
fi
