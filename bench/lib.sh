# Shared by the bench/ scripts: tools, the jar, the JVM, free ports, starting and stopping
# app nodes. Everything runs on 127.0.0.1; every process started here is stopped on exit.
# shellcheck shell=bash

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
JAR=${BENCH_JAR:-$ROOT/target/samizdat.jar}
# The JVM flags the app runs with in every benchmark (printed with the results).
JVM_FLAGS=${BENCH_JVM_FLAGS:--Xms256m -Xmx256m -XX:+UseSerialGC -XX:MaxMetaspaceSize=160m -XX:ReservedCodeCacheSize=64m -Xss512k}

BENCH_PIDS=()

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Installs Debian packages that are missing (we run as root on Debian; sudo otherwise).
need_packages() {
  local missing=() cmd pkg
  for pair in "$@"; do
    cmd=${pair%%:*}; pkg=${pair#*:}
    command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get update -qq >/dev/null || true
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null \
    || die "could not install ${missing[*]}"
}

# JDK 25 (virtual threads) when it is there, else the java on the PATH.
pick_java() {
  if [ -n "${BENCH_JAVA_HOME:-}" ]; then
    JAVA="$BENCH_JAVA_HOME/bin/java"
  elif [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
    JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
  else
    JAVA=$(command -v java) || die "no java found"
  fi
  JAVA_VERSION=$("$JAVA" -version 2>&1 | head -1)
}

# Builds the jar when this checkout has none yet (BENCH_REBUILD=1 to force).
ensure_jar() {
  if [ ! -f "$JAR" ] || [ "${BENCH_REBUILD:-0}" = 1 ]; then
    need_packages mvn:maven
    log "building $JAR (mvn -q -DskipTests package)"
    (cd "$ROOT" && mvn -q -DskipTests package) >&2 || die "build failed"
  fi
  [ -f "$JAR" ] || die "no jar at $JAR"
}

# A TCP port nobody listens on at 127.0.0.1.
free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"; return 0
    fi
  done
  die "no free port found"
}

bench_tmp() {
  BENCH_TMP=$(mktemp -d "${TMPDIR:-/tmp}/samizdat-bench.XXXXXX")
  chmod 755 "$BENCH_TMP"  # nginx workers (www-data) read files from it
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}

bench_cleanup() {
  local pid
  for pid in "${BENCH_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${BENCH_PIDS[@]}"; do
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  done
  # An embedded PostgreSQL left behind by a node that had to be killed: stop it too.
  local pidfile
  for pidfile in "$BENCH_TMP"/*/data/postgres/postmaster.pid; do
    [ -f "$pidfile" ] || continue
    pid=$(head -1 "$pidfile")
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && sleep 1
  done
  if [ "${BENCH_KEEP:-0}" = 1 ]; then
    log "kept $BENCH_TMP"
  else
    rm -rf "$BENCH_TMP"
  fi
}

# start_app NAME PORT [ENV=VALUE ...] [-- app args]: starts a node in the background, its own
# data dir under $BENCH_TMP/NAME; sets APP_PID_<NAME>. Log in $BENCH_TMP/NAME.log.
start_app() {
  local name=$1 port=$2; shift 2
  local envs=() args=()
  while [ $# -gt 0 ]; do
    if [ "$1" = -- ]; then shift; args=("$@"); break; fi
    envs+=("$1"); shift
  done
  mkdir -p "$BENCH_TMP/$name"
  # shellcheck disable=SC2086
  env PORT="$port" SAMIZDAT_DATA_DIR="$BENCH_TMP/$name/data" SAMIZDAT_BASE_URL="http://127.0.0.1:$port" \
      "${envs[@]}" "$JAVA" $JVM_FLAGS -jar "$JAR" "${args[@]}" >"$BENCH_TMP/$name.log" 2>&1 &
  local pid=$!
  BENCH_PIDS+=("$pid")
  printf -v "APP_PID_$name" '%s' "$pid"
  log "started $name (pid $pid) on 127.0.0.1:$port"
}

# wait_http URL PID [SECONDS]: until URL answers 200, or fails if the process died.
wait_http() {
  local url=$1 pid=$2 limit=${3:-180}
  for _ in $(seq 1 $((limit * 4))); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url")" = 200 ]; then return 0; fi
    kill -0 "$pid" 2>/dev/null || die "process $pid died while starting; see its log above"
    sleep 0.25
  done
  die "$url did not answer 200 within ${limit}s"
}

# wait_search_index LOG PID [SECONDS]: waits until the app has built its search index (it builds it
# in the background after start-up: at 100,000 articles about 8 s of one core), so the figures
# measure the pages, not the build, and search answers from the index.
wait_search_index() {
  local log=$1 pid=$2 limit=${3:-300}
  for _ in $(seq 1 $((limit * 4))); do
    grep -q "Search index built" "$log" && return 0
    kill -0 "$pid" 2>/dev/null || die "process $pid died; see $log"
    sleep 0.25
  done
  die "the search index was not built within ${limit}s; see $log"
}

stop_pid() {
  local pid=$1 keep=() p
  for p in "${BENCH_PIDS[@]}"; do [ "$p" = "$pid" ] || keep+=("$p"); done
  BENCH_PIDS=("${keep[@]}")
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# The embedded PostgreSQL's port, from the postmaster.pid in a node's data dir (4th line).
embedded_pg_port() {
  local pidfile="$1/postgres/postmaster.pid"
  for _ in $(seq 1 120); do
    [ -s "$pidfile" ] && sed -n 4p "$pidfile" && return 0
    sleep 0.5
  done
  die "no $pidfile"
}

machine_line() {
  local cpu
  cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
  echo "$(nproc) cores ($cpu), $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo) RAM, $(uname -sr)"
}

# Other busy processes skew figures on a small machine: say so with the results.
load_line() {
  echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
}

# CPU time (clock ticks) used so far by a process and its children that are alive now:
# the JVM plus the embedded PostgreSQL (server and backends), or nginx's master and workers.
cpu_ticks() {
  local pids=() p
  for p in "$@"; do
    [ -n "$p" ] || continue
    pids+=("$p")
    while read -r c; do pids+=("$c"); done < <(pgrep -P "$p" || true)
  done
  for p in "${pids[@]}"; do awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || true; done | awk '{s += $1} END {print s + 0}'
}
TICKS_PER_S=$(getconf CLK_TCK)

# compile_bench_java FILE...: compiles load generators (with the helpers they share) into
# $BENCH_TMP/classes with the javac beside $JAVA; run them with bench_java CLASS ARGS...
compile_bench_java() {
  local javac
  javac="$(dirname "$(readlink -f "$JAVA")")/javac"
  [ -x "$javac" ] || die "no javac beside $JAVA: the load generators need a JDK"
  mkdir -p "$BENCH_TMP/classes"
  (cd "$BENCH_DIR" && "$javac" -nowarn -d "$BENCH_TMP/classes" "$@") >&2 || die "could not compile $*"
}
bench_java() { "$JAVA" -cp "$BENCH_TMP/classes" "$@"; }

# --- page benchmarks (scale.sh, newsroom-scale.sh) ------------------------------------------------

# wrk_run URL OUT [wrk options...]: one wrk thread, $CONNECTIONS connections for $DURATION; prints
# "req/s p50_ms p99_ms errors" (errors: non-2xx/3xx answers and socket errors).
wrk_run() {
  local url=$1 out=$2; shift 2
  wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency --timeout 30s "$@" "$url" >"$out" 2>&1 || true
  awk '
    function ms(v) {
      if (v ~ /us$/) { sub(/us$/, "", v); return v / 1000 }
      if (v ~ /ms$/) { sub(/ms$/, "", v); return v + 0 }
      if (v ~ /m$/)  { sub(/m$/, "", v);  return v * 60000 }
      if (v ~ /s$/)  { sub(/s$/, "", v);  return v * 1000 }
      return v + 0
    }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    /^Requests\/sec:/ { rps = $2 }
    /Non-2xx or 3xx responses:/ { err += $NF }
    /Socket errors:/ { gsub(/,/, ""); err += $4 + $6 + $8 + $10 }
    END { printf "%.0f %.2f %.2f %d\n", rps, p50, p99, err }' "$out"
}

# --- webhook benchmarks (webhooks.sh, btcpay-webhooks.sh) ---------------------------------------

# The settings both read: BENCH_EVENTS, BENCH_WARMUP_EVENTS, BENCH_DUPLICATES, BENCH_CONCURRENCY,
# BENCH_APP_ARGS.
webhook_settings() {
  EVENTS=${BENCH_EVENTS:-5000}
  WARMUP_EVENTS=${BENCH_WARMUP_EVENTS:-8000}
  DUPLICATES=${BENCH_DUPLICATES:-0.2}
  CONCURRENCY=${BENCH_CONCURRENCY:-16}
  read -r -a APP_ARGS <<<"${BENCH_APP_ARGS:-}"
}

# SQL against the node's embedded PostgreSQL (PG_PORT, from embedded_pg_port).
sql() { psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -At -v ON_ERROR_STOP=1 -c "$1"; }

# A figure from a load generator's RESULT line: field NAME FILE.
field() { sed -n "s/^RESULT.* $1=\([0-9.]*\).*/\1/p" "$2"; }

# webhook_runs RUN: with the caller's load function (load RUN_ID EVENTS DUPLICATES CONCURRENCY
# [bad-signature]), a warm-up, the measured run and the wrongly signed reference; results in
# $BENCH_TMP/{warm,run,ref}.txt, the app's and its PostgreSQL's CPU ticks in CPU0, CPU1, CPU2.
webhook_runs() {
  local run=$1 pg_pid
  log "warm-up: $WARMUP_EVENTS events"
  load "${run}w" "$WARMUP_EVENTS" 0.1 "$CONCURRENCY" >"$BENCH_TMP/warm.txt"
  pg_pid=$(head -1 "$BENCH_TMP/app/data/postgres/postmaster.pid")
  log "run: $EVENTS events + $DUPLICATES repeats each, $CONCURRENCY at a time"
  DB0=$(db_work)
  CPU0=$(cpu_ticks "$APP_PID_app" "$pg_pid")
  PG0=$(cpu_ticks "$pg_pid")
  load "$run" "$EVENTS" "$DUPLICATES" "$CONCURRENCY" | tee "$BENCH_TMP/run.txt" >&2
  CPU1=$(cpu_ticks "$APP_PID_app" "$pg_pid")
  PG1=$(cpu_ticks "$pg_pid")
  # what still follows the deliveries (receipts' listeners) is part of their cost: wait for it
  local i
  for i in $(seq 1 100); do
    [ "$(sql "SELECT count(*) FROM event_publication")" = 0 ] && break
    sleep 0.2
  done
  DB1=$(db_work)
  log "reference: the same deliveries, wrongly signed"
  load "${run}x" "$EVENTS" "$DUPLICATES" "$CONCURRENCY" bad-signature | tee "$BENCH_TMP/ref.txt" >&2
  CPU2=$(cpu_ticks "$APP_PID_app" "$pg_pid")
}

# db_work: the database's committed transactions and rows written so far (pg_stat_database; its
# counters reach the view within a second, hence the pause).
db_work() {
  sleep 1
  sql "SELECT xact_commit, tup_inserted, tup_updated, tup_deleted FROM pg_stat_database WHERE datname = current_database()" | tr '|' ' '
}

# webhook_report TITLE: the table and the verdicts, from the runs and the caller's ENTRIES,
# DISTINCT, RECORDED and FORGED (what the database holds for the run); exits 1 unless every
# event was recorded exactly once.
webhook_report() {
  local title=$1
  local deliveries seconds ok failed ref_deliveries ref_seconds ref_rejected
  deliveries=$(field deliveries "$BENCH_TMP/run.txt")
  seconds=$(field seconds "$BENCH_TMP/run.txt")
  ok=$(field ok "$BENCH_TMP/run.txt")
  failed=$(( $(field failed "$BENCH_TMP/run.txt") + $(field rejected "$BENCH_TMP/run.txt") ))
  ref_deliveries=$(field deliveries "$BENCH_TMP/ref.txt")
  ref_seconds=$(field seconds "$BENCH_TMP/ref.txt")
  ref_rejected=$(field rejected "$BENCH_TMP/ref.txt")

  local events_per_s deliveries_per_s ref_per_s ratio per_cpu ref_per_cpu cpu_ratio events_per_cpu
  events_per_s=$(awk -v n="$EVENTS" -v s="$seconds" 'BEGIN { printf "%.0f", n / s }')
  deliveries_per_s=$(awk -v n="$deliveries" -v s="$seconds" 'BEGIN { printf "%.0f", n / s }')
  ref_per_s=$(awk -v n="$ref_deliveries" -v s="$ref_seconds" 'BEGIN { printf "%.0f", n / s }')
  ratio=$(awk -v a="$deliveries_per_s" -v b="$ref_per_s" 'BEGIN { printf "%.3f", a / b }')
  # deliveries per CPU-second of the app and its PostgreSQL: does not depend on other load
  per_cpu=$(awk -v n="$deliveries" -v t="$((CPU1 - CPU0))" -v hz="$TICKS_PER_S" 'BEGIN { printf "%.0f", n / (t / hz) }')
  ref_per_cpu=$(awk -v n="$ref_deliveries" -v t="$((CPU2 - CPU1))" -v hz="$TICKS_PER_S" 'BEGIN { printf "%.0f", n / (t / hz) }')
  cpu_ratio=$(awk -v a="$per_cpu" -v b="$ref_per_cpu" 'BEGIN { printf "%.3f", a / b }')
  events_per_cpu=$(awk -v n="$EVENTS" -v t="$((CPU1 - CPU0))" -v hz="$TICKS_PER_S" 'BEGIN { printf "%.0f", n / (t / hz) }')

  row() { printf '| %-44s | %10s | %8s | %7s | %7s | %11s | %7s |\n' "$@"; }
  echo
  echo "$title, $CONCURRENCY concurrent connections, 127.0.0.1"
  echo "machine: $(machine_line)"
  echo "$LOAD_BEFORE; after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "java: $JAVA_VERSION; JVM flags: $JVM_FLAGS${APP_ARGS[*]:+; app args: ${APP_ARGS[*]}}; database: embedded PostgreSQL (as the app starts it)"
  echo
  row "run" "deliveries" "seconds" "per s" "x ref" "per CPU-s" "x ref"
  row "--------------------------------------------" "----------" "--------" "-------" "-------" "-----------" "-------"
  row "$EVENTS events + repeats, processed once" "$deliveries" "$seconds" "$deliveries_per_s" "$ratio" "$per_cpu" "$cpu_ratio"
  row "reference: same deliveries, wrong signature" "$ref_deliveries" "$ref_seconds" "$ref_per_s" "1" "$ref_per_cpu" "1"
  echo
  echo "per CPU-s: deliveries per CPU-second used by the app's JVM and its PostgreSQL (/proc/PID/stat); it does not depend"
  echo "  on other load on the machine. The load generator runs on the same cores."
  echo "distinct events processed per second: $events_per_s ($EVENTS events in $seconds s); per CPU-second: $events_per_cpu"
  echo "CPU per delivery: $(awk -v n="$deliveries" -v a="$((CPU1 - CPU0 - PG1 + PG0))" -v p="$((PG1 - PG0))" -v hz="$TICKS_PER_S" \
    'BEGIN { printf "app JVM %.2f ms, PostgreSQL %.2f ms", a * 1000 / hz / n, p * 1000 / hz / n }')"
  echo "load generator CPU per delivery (on the same cores, not counted above): $(awk -v n="$deliveries" -v c="$(field cpu_ms "$BENCH_TMP/run.txt")" \
    'BEGIN { printf "%.2f ms", c / n }')"
  read -r x0 i0 u0 d0 <<<"$DB0"
  read -r x1 i1 u1 d1 <<<"$DB1"
  echo "database work per delivery (the run, and the listeners it started): $(awk -v n="$deliveries" -v x=$((x1 - x0)) -v i=$((i1 - i0)) -v u=$((u1 - u0)) -v d=$((d1 - d0)) \
    'BEGIN { printf "%.2f transactions committed, rows %.2f inserted, %.2f updated, %.2f deleted", x / n, i / n, u / n, d / n }')"
  echo "answers: $ok x 200, $failed other; reference: $ref_rejected x 400"
  echo "ledger: $ENTRIES entries for $DISTINCT distinct events (expected exactly $EVENTS); provider_event PROCESSED: $RECORDED; forged events recorded: $FORGED"
  if [ -f "$BENCH_TMP/stand-in.log" ] && grep -q '^calls:' "$BENCH_TMP/stand-in.log"; then
    echo "the stand-in API answered, in all (warm-up, run and reference): $(grep '^calls:' "$BENCH_TMP/stand-in.log" | tail -1 | cut -c8-)"
  fi
  echo
  local once=NOT
  [ "$ENTRIES" = "$EVENTS" ] && [ "$DISTINCT" = "$EVENTS" ] && [ "$RECORDED" = "$EVENTS" ] && [ "$FORGED" = 0 ] && [ "$failed" = 0 ] && once=""
  echo "exactly once: ${once:+NOT }met"
  if awk -v r="$events_per_s" 'BEGIN { exit !(r >= 500) }'; then
    echo "target >= 500 events/s: met ($events_per_s/s)"
  else
    echo "target >= 500 events/s: NOT met ($events_per_s/s)"
  fi
  [ -z "$once" ] || exit 1
}

# webhook_setup LOAD_CLASS: what every webhook bench does first: its tools, the jar, the load
# generator compiled (with WebhookFire), the load average noted.
webhook_setup() {
  webhook_settings
  need_packages curl:curl psql:postgresql-client
  pick_java
  ensure_jar
  bench_tmp
  compile_bench_java "$1.java" WebhookFire.java
  LOAD_BEFORE=$(load_line)
}

# start_stand_in CLASS ARGS...: a provider's API as the load generator's "serve" role plays it, in
# the background (java itself, not a function's subshell, so its pid is the one stopped on exit);
# sets STAND_IN_PORT once it listens.
start_stand_in() {
  local class=$1; shift
  STAND_IN_PORT=$(free_port)
  "$JAVA" -cp "$BENCH_TMP/classes" "$class" serve "$STAND_IN_PORT" "$@" >"$BENCH_TMP/stand-in.log" 2>&1 &
  BENCH_PIDS+=("$!")
  for _ in $(seq 1 120); do
    grep -q serving "$BENCH_TMP/stand-in.log" 2>/dev/null && break
    sleep 0.25
  done
  grep -q serving "$BENCH_TMP/stand-in.log" || die "the stand-in $class API did not start: $(cat "$BENCH_TMP/stand-in.log")"
}

# start_webhook_app PROVIDER [--property=value ...]: the node "app" (with BENCH_APP_ARGS too); sets
# URL (its /webhooks/PROVIDER), PG_PORT and PGPASSWORD for sql.
start_webhook_app() {
  local provider=$1; shift
  PORT=$(free_port)
  URL="http://127.0.0.1:$PORT/webhooks/$provider"
  start_app app "$PORT" -- "$@" "${APP_ARGS[@]}"
  wait_http "http://127.0.0.1:$PORT/" "$APP_PID_app"
  PG_PORT=$(embedded_pg_port "$BENCH_TMP/app/data")
  # the embedded database asks for a password: the superuser's is in the data directory
  PGPASSWORD="$(sed -n 's/^postgres=//p' "$BENCH_TMP/app/data/database-passwords")"
  export PGPASSWORD
}

# rail_checkouts CLASS RUN: the checkouts readers opened before paying, one per event of the warm-up
# (created 2026-01-01) and of the run (created 2026-01-02), from the load generator's "checkouts" role.
rail_checkouts() {
  local class=$1 run=$2 spec
  for spec in "${run}w $WARMUP_EVENTS 2026-01-01T00:00:00Z" "$run $EVENTS 2026-01-02T00:00:00Z"; do
    # shellcheck disable=SC2086
    bench_java "$class" checkouts $spec \
      | psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 \
          -c "COPY checkout (id, provider, frequency, amount_minor, currency, language, status, created_at) FROM STDIN WITH (FORMAT csv)"
  done
}

# rail_counts PROVIDER PREFIX: what the database holds for the run's checkouts, whose provider payment
# ids are PREFIX + the checkout id's 32 hex digits: sets ENTRIES, DISTINCT, RECORDED and FORGED (events
# whose payment is no checkout's: a forged delivery that got through) for webhook_report.
rail_counts() {
  local provider=$1 prefix=$2
  local ids="SELECT '$prefix' || replace(id::text, '-', '') FROM checkout WHERE provider = '$provider'"
  local run_ids="$ids AND created_at = '2026-01-02T00:00:00Z'"
  read -r ENTRIES DISTINCT <<<"$(sql "SELECT count(*), count(DISTINCT provider_payment_id) FROM ledger_entry
    WHERE provider = '$provider' AND kind = 'PAYMENT' AND provider_payment_id IN ($run_ids)" | tr '|' ' ')"
  RECORDED=$(sql "SELECT count(*) FROM provider_event WHERE provider = '$provider' AND status = 'PROCESSED'
    AND payment_ref IN ($run_ids)")
  FORGED=$(sql "SELECT count(*) FROM provider_event WHERE provider = '$provider'
    AND (payment_ref IS NULL OR payment_ref NOT IN ($ids))")
}
