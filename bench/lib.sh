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
