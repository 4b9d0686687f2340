#!/usr/bin/env bash
# Reader pages under load: the app (page cache on, then off) against nginx serving the very
# same bytes from a file, all on 127.0.0.1, with the same wrk settings for every target.
#
#   bench/pages.sh
#
# Settings (environment): BENCH_THREADS (2), BENCH_CONNECTIONS (64), BENCH_DURATION (15s),
# BENCH_WARMUP (5s, before each measurement), BENCH_APP_WARMUP (10s per page after the app
# starts; BENCH_UNCACHED_WARMUP, 30s, with the page cache off), BENCH_JVM_FLAGS (see lib.sh), BENCH_ARTICLE (an article path; default:
# the front page's lead story), BENCH_APP_ARGS (extra --property=value for the app),
# BENCH_SKIP_UNCACHED=1 (skip the run with the page cache off), BENCH_KEEP=1 (keep temp dir),
# BENCH_RUNS (3 consecutive runs, each printed; 1 for a single run).
set -euo pipefail

# BENCH_RUNS (3): the whole measurement again, one run after the other, each with a fresh app and
# nginx; the page cache off is measured in the first run only. Each run's table is printed, then
# the targets for every run.
RUNS=${BENCH_RUNS:-3}
if [ -z "${BENCH_RUN_INDEX:-}" ] && [ "$RUNS" -gt 1 ]; then
  outs=()
  for i in $(seq 1 "$RUNS"); do
    out=$(mktemp)
    outs+=("$out")
    skip=${BENCH_SKIP_UNCACHED:-0}
    [ "$i" -gt 1 ] && skip=1
    echo "=== run $i of $RUNS ($(date -u +%H:%M:%S) UTC)" >&2
    BENCH_RUN_INDEX=$i BENCH_SKIP_UNCACHED=$skip bash "$0" | tee "$out"
  done
  echo
  echo "=== targets in each of the $RUNS consecutive runs"
  for i in $(seq 1 "$RUNS"); do
    echo "run $i:"
    sed -n '/^targets:/,$p' "${outs[$((i - 1))]}" | tail -n +2
  done
  all=met
  for out in "${outs[@]}"; do
    grep -q "NOT met" "$out" && all="NOT met"
  done
  echo "every target in all $RUNS runs: $all"
  rm -f "${outs[@]}"
  exit 0
fi

. "$(dirname "$0")/lib.sh"

THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
DURATION=${BENCH_DURATION:-15s}
WARMUP=${BENCH_WARMUP:-5s}
APP_WARMUP=${BENCH_APP_WARMUP:-10s}
UNCACHED_WARMUP=${BENCH_UNCACHED_WARMUP:-30s}
DURATION_S=$(echo "$DURATION" | awk '/m$/ {print $1 * 60; next} {print $1 + 0}')
read -r -a APP_ARGS <<<"${BENCH_APP_ARGS:-}"

need_packages wrk:wrk nginx:nginx curl:curl
pick_java
ensure_jar
bench_tmp
LOAD_BEFORE=$(load_line)

# wrk's figures as "req/s p50_ms p99_ms errors"
wrk_run() {
  local url=$1 out=$2
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "${WRK_EXTRA[@]}" "$url" >"$out" 2>&1 || true
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

WRK_EXTRA=()
warm() { wrk -t"$THREADS" -c"$CONNECTIONS" -d"${2:-$WARMUP}" "${WRK_EXTRA[@]}" "$1" >/dev/null 2>&1 || true; }
# A fresh JVM compiles its hot paths during the first seconds under load: let it, on both pages.
warm_app() { log "warming the app up (${APP_WARMUP} on each page)"; warm "$BASE$ARTICLE" "$APP_WARMUP"; warm "$BASE/" "$APP_WARMUP"; }

# Samples a process's VmRSS (kB) every 200 ms into a file until told to stop.
rss_sampler() {
  local pid=$1 file=$2
  while [ -e "$BENCH_TMP/sampling" ]; do
    awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null >>"$file" || true
    sleep 0.2
  done
}
max_mb() { sort -n "$1" | tail -1 | awk '{printf "%.0f", $1/1024}'; }

declare -A RPS P50 P99 ERR RSS CPU


# measure KEY URL "PIDS for CPU" [PID for RSS] [gzip: ask for gzip as browsers do]
measure() {
  local key=$1 url=$2 cpupids=$3 pid=${4:-} r sampler= t0 t1
  WRK_EXTRA=()
  [ "${5:-}" = gzip ] && WRK_EXTRA=(-H "Accept-Encoding: gzip")
  warm "$url"
  # shellcheck disable=SC2086
  t0=$(cpu_ticks $cpupids)
  if [ -n "$pid" ]; then
    : >"$BENCH_TMP/rss-$key"; touch "$BENCH_TMP/sampling"
    rss_sampler "$pid" "$BENCH_TMP/rss-$key" &
    sampler=$!
  fi
  r=$(wrk_run "$url" "$BENCH_TMP/wrk-$key.txt")
  # shellcheck disable=SC2086
  t1=$(cpu_ticks $cpupids)
  if [ -n "$pid" ]; then
    rm -f "$BENCH_TMP/sampling"; wait "$sampler"
    RSS[$key]=$(max_mb "$BENCH_TMP/rss-$key")
  else
    RSS[$key]="-"
  fi
  read -r RPS[$key] P50[$key] P99[$key] ERR[$key] <<<"$r"
  # requests served per CPU-second the server used: robust to other load on the machine
  CPU[$key]=$(awk -v rps="${RPS[$key]}" -v d="$DURATION_S" -v t="$((t1 - t0))" -v hz="$TICKS_PER_S" \
    'BEGIN { if (t > 0) printf "%.0f", rps * d / (t / hz); else print "-" }')
  log "$key: ${RPS[$key]} req/s, p50 ${P50[$key]} ms, p99 ${P99[$key]} ms, errors ${ERR[$key]}, RSS ${RSS[$key]} MB, ${CPU[$key]} req/CPU-s"
}

# ---- the app, page cache on --------------------------------------------------------------
APP_PORT=$(free_port)
BASE="http://127.0.0.1:$APP_PORT"
start_app app "$APP_PORT" SAMIZDAT_DEMO_CONTENT=true -- "${APP_ARGS[@]}"
wait_http "$BASE/" "$APP_PID_app"
# the demo newsroom is written after the server is up: wait for all of it
for _ in $(seq 1 600); do
  grep -q "Demo content:" "$BENCH_TMP/app.log" && break
  kill -0 "$APP_PID_app" 2>/dev/null || die "the app died; see $BENCH_TMP/app.log"
  sleep 0.5
done
grep -q "Demo content:" "$BENCH_TMP/app.log" || die "the demo content was not loaded within 5 minutes"
wait_search_index "$BENCH_TMP/app.log" "$APP_PID_app"
ARTICLE=${BENCH_ARTICLE:-$(curl -s "$BASE/" | grep -o 'href="/[0-9]\{4\}/[0-9][0-9]/[0-9][0-9]/[^"]*"' | head -1 | cut -d'"' -f2)}
[ -n "$ARTICLE" ] || die "no article link on the front page"
log "article page: $ARTICLE"

mkdir -p "$BENCH_TMP/www" && chmod 755 "$BENCH_TMP/www"
curl -sf "$BASE$ARTICLE" -o "$BENCH_TMP/www/article.html"
curl -sf "$BASE/" -o "$BENCH_TMP/www/home.html"
# what browsers get: they all send Accept-Encoding: gzip (curl without --compressed keeps the raw bytes)
curl -sf -H 'Accept-Encoding: gzip' "$BASE$ARTICLE" -o "$BENCH_TMP/www/article.html.gz"
ARTICLE_GZ_BYTES=$(stat -c %s "$BENCH_TMP/www/article.html.gz")
gzip -dc "$BENCH_TMP/www/article.html.gz" | cmp -s - "$BENCH_TMP/www/article.html" || die "the gzip page is not the page"
ARTICLE_BYTES=$(stat -c %s "$BENCH_TMP/www/article.html")
HOME_BYTES=$(stat -c %s "$BENCH_TMP/www/home.html")
[ "$(curl -s -o /dev/null -D - "$BASE$ARTICLE" | tr -d '\r' | awk -F': ' 'tolower($1)=="x-page-cache" {print $2}')" = hit ] \
  || log "warning: the article page is not served from the page cache"

PG_PID=$(head -1 "$BENCH_TMP/app/data/postgres/postmaster.pid")
warm_app
measure app-article "$BASE$ARTICLE" "$APP_PID_app $PG_PID" "$APP_PID_app"
measure app-home "$BASE/" "$APP_PID_app $PG_PID" "$APP_PID_app"
measure app-article-gz "$BASE$ARTICLE" "$APP_PID_app $PG_PID" "$APP_PID_app" gzip
stop_pid "$APP_PID_app"

# ---- nginx, the same bytes from files ------------------------------------------------------
NGINX_PORT=$(free_port)
mkdir -p "$BENCH_TMP/nginx/tmp"
cat >"$BENCH_TMP/nginx/nginx.conf" <<EOF
daemon off;
worker_processes auto;
pid $BENCH_TMP/nginx/nginx.pid;
error_log $BENCH_TMP/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  client_body_temp_path $BENCH_TMP/nginx/tmp;
  proxy_temp_path $BENCH_TMP/nginx/tmp;
  fastcgi_temp_path $BENCH_TMP/nginx/tmp;
  uwsgi_temp_path $BENCH_TMP/nginx/tmp;
  scgi_temp_path $BENCH_TMP/nginx/tmp;
  default_type text/html;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $BENCH_TMP/www;
    location = /article { try_files /article.html =404; }
    location = /home { try_files /home.html =404; }
    location = /article.gz { add_header Content-Encoding gzip; add_header Vary Accept-Encoding; try_files /article.html.gz =404; }
  }
}
EOF
nginx -c "$BENCH_TMP/nginx/nginx.conf" -p "$BENCH_TMP/nginx" >"$BENCH_TMP/nginx.log" 2>&1 &
NGINX_PID=$!
BENCH_PIDS+=("$NGINX_PID")
wait_http "http://127.0.0.1:$NGINX_PORT/article" "$NGINX_PID" 20
cmp -s <(curl -s "http://127.0.0.1:$NGINX_PORT/article") "$BENCH_TMP/www/article.html" || die "nginx serves other bytes"
measure nginx-article "http://127.0.0.1:$NGINX_PORT/article" "$NGINX_PID"
measure nginx-home "http://127.0.0.1:$NGINX_PORT/home" "$NGINX_PID"
measure nginx-article-gz "http://127.0.0.1:$NGINX_PORT/article.gz" "$NGINX_PID" "" gzip
stop_pid "$NGINX_PID"

# ---- the app again on the same data, page cache off: PostgreSQL + templates each time ----
if [ "${BENCH_SKIP_UNCACHED:-0}" != 1 ]; then
  start_app app "$APP_PORT" SAMIZDAT_DEMO_CONTENT=true -- --samizdat.cache.enabled=false "${APP_ARGS[@]}"
  wait_http "$BASE/" "$APP_PID_app"
  wait_search_index "$BENCH_TMP/app.log" "$APP_PID_app"
  cmp -s <(curl -s "$BASE$ARTICLE") "$BENCH_TMP/www/article.html" \
    || log "note: the uncached article page differs from the cached bytes"
  [ -z "$(curl -s -o /dev/null -D - "$BASE$ARTICLE" | tr -d '\r' | awk -F': ' 'tolower($1)=="x-page-cache"')" ] \
    || log "warning: the page cache still answers with samizdat.cache.enabled=false"
  PG_PID=$(head -1 "$BENCH_TMP/app/data/postgres/postmaster.pid")
  # rendering runs far more code than a cached answer: the JIT compiler needs longer with it
  APP_WARMUP=$UNCACHED_WARMUP warm_app
  measure nocache-article "$BASE$ARTICLE" "$APP_PID_app $PG_PID" "$APP_PID_app"
  measure nocache-home "$BASE/" "$APP_PID_app $PG_PID" "$APP_PID_app"
  stop_pid "$APP_PID_app"
fi

# ---- report --------------------------------------------------------------------------------
ratio() { awk -v a="${RPS[$1]:-0}" -v b="${RPS[$2]:-0}" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "-" }'; }
cpu_ratio() { awk -v a="${CPU[$1]:-0}" -v b="${CPU[$2]:-0}" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "-" }'; }
row() { printf '| %-30s | %8s | %7s | %8s | %6s | %6s | %7s | %9s | %9s |\n' "$@"; }
line() {
  row "$1" "${RPS[$2]}" "${P50[$2]}" "${P99[$2]}" "${ERR[$2]}" "${RSS[$2]}" "$(ratio "$2" "$3")" "${CPU[$2]}" "$(cpu_ratio "$2" "$3")"
}

echo
echo "Samizdat reader pages: wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency after a $WARMUP warm-up (the app: $APP_WARMUP more per page after start), 127.0.0.1"
echo "machine: $(machine_line)"
echo "$LOAD_BEFORE; after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java: $JAVA_VERSION; JVM flags: $JVM_FLAGS${APP_ARGS[*]:+; app args: ${APP_ARGS[*]}}"
echo "nginx: $(nginx -v 2>&1 | sed 's/.*: //'), worker_processes auto, sendfile, access_log off"
echo "article: $ARTICLE ($ARTICLE_BYTES bytes), home: / ($HOME_BYTES bytes): no Accept-Encoding (identity);"
echo "  \"gz\" rows: Accept-Encoding: gzip as browsers send it, the app's own gzip bytes ($ARTICLE_GZ_BYTES bytes) for nginx too"
echo
row "target" "req/s" "p50 ms" "p99 ms" "errors" "RSS MB" "x nginx" "req/CPU-s" "x nginx"
row "------------------------------" "--------" "-------" "--------" "------" "------" "-------" "---------" "---------"
line "app, page cache on: article" app-article nginx-article
line "app, page cache on: home" app-home nginx-home
line "app, page cache on: article gz" app-article-gz nginx-article-gz
if [ -n "${RPS[nocache-article]:-}" ]; then
  line "app, page cache off: article" nocache-article nginx-article
  line "app, page cache off: home" nocache-home nginx-home
fi
line "nginx, file: article" nginx-article nginx-article
line "nginx, file: home" nginx-home nginx-home
line "nginx, file: article gz" nginx-article-gz nginx-article-gz
echo
echo "RSS: peak VmRSS of the app's JVM during the run (/proc/PID/status, every 200 ms); the embedded PostgreSQL runs as separate processes."
echo "req/CPU-s: requests served per CPU-second used by the server (JVM + PostgreSQL, or nginx master + workers), from /proc/PID/stat;"
echo "  unlike req/s it does not depend on what else the machine is doing. wrk runs on the same cores as the server."

verdict() { if awk -v a="$1" -v op="$2" -v b="$3" 'BEGIN { exit !((op == ">=") ? a >= b : a < b) }'; then echo met; else echo "NOT met"; fi; }
echo
echo "targets:"
echo "  article, cache on, >= 0.9x nginx:  $(ratio app-article nginx-article)  $(verdict "$(ratio app-article nginx-article)" ">=" 0.9)"
echo "  article gz (as browsers), >= 0.9x:  $(ratio app-article-gz nginx-article-gz)  $(verdict "$(ratio app-article-gz nginx-article-gz)" ">=" 0.9)"
echo "  article, cache on, p99 < 10 ms:    ${P99[app-article]} ms  $(verdict "${P99[app-article]}" "<" 10)"
echo "  app RSS < 400 MB under load:       ${RSS[app-article]} MB  $(verdict "${RSS[app-article]}" "<" 400)"
if [ -n "${RPS[nocache-article]:-}" ]; then
  echo "  article, cache off, >= 0.05x nginx: $(ratio nocache-article nginx-article)  $(verdict "$(ratio nocache-article nginx-article)" ">=" 0.05)"
fi
