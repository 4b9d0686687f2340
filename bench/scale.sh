#!/usr/bin/env bash
# Reader pages at ten years of archive: builds (once) a fixture of N live articles with the
# scale fixture (java -jar samizdat.jar demo --articles N), then measures every reader page type
# with the page cache off, one client after a warm-up: p50/p99 latency (loopback, so about the
# server's time) and req/s, next to nginx serving a static file in the same run; then the static
# export of the whole site, and again after nothing changed.
#
#   bench/scale.sh                      # N = 100000
#   BENCH_ARTICLES=2000 bench/scale.sh  # a small smoke run
#
# Settings (environment): BENCH_ARTICLES (100000), BENCH_FIXTURE_DIR (target/bench-scale-N: the
# fixture's data directory, kept and reused; delete it to build again), BENCH_DURATION (10s per
# page), BENCH_WARMUP (3s per page), BENCH_CONNECTIONS (1), BENCH_SKIP_EXPORT=1,
# BENCH_EXPORT_TIMEOUT (1800 s per export), BENCH_JVM_FLAGS (see lib.sh), BENCH_KEEP=1.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ARTICLES=${BENCH_ARTICLES:-100000}
FIXTURE=${BENCH_FIXTURE_DIR:-$ROOT/target/bench-scale-$ARTICLES}
DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-3s}
CONNECTIONS=${BENCH_CONNECTIONS:-1}
EXPORT_TIMEOUT=${BENCH_EXPORT_TIMEOUT:-1800}

need_packages wrk:wrk nginx:nginx curl:curl
pick_java
ensure_jar
bench_tmp
LOAD_BEFORE=$(load_line)

# ---- the fixture, once ---------------------------------------------------------------------
if [ ! -f "$FIXTURE/.fixture-complete" ]; then
  log "building the fixture: $ARTICLES live articles in $FIXTURE"
  mkdir -p "$FIXTURE"
  t0=$(date +%s.%N)
  # shellcheck disable=SC2086
  SAMIZDAT_DATA_DIR="$FIXTURE" "$JAVA" $JVM_FLAGS -jar "$JAR" demo --articles "$ARTICLES" \
    2>"$BENCH_TMP/fixture.err" | while IFS= read -r l; do log "fixture: $l"; done
  [ "${PIPESTATUS[0]}" = 0 ] || { cat "$BENCH_TMP/fixture.err" >&2; die "the fixture could not be built"; }
  FIXTURE_SECONDS=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }')
  echo "$FIXTURE_SECONDS" >"$FIXTURE/.fixture-complete"
else
  FIXTURE_SECONDS="$(cat "$FIXTURE/.fixture-complete") (built earlier)"
  log "reusing the fixture in $FIXTURE"
fi

# ---- the app on the fixture, page cache off ---------------------------------------------------
APP_PORT=$(free_port)
BASE="http://127.0.0.1:$APP_PORT"
mkdir -p "$BENCH_TMP/app"
# shellcheck disable=SC2086
env PORT="$APP_PORT" SAMIZDAT_DATA_DIR="$FIXTURE" SAMIZDAT_BASE_URL="$BASE" \
  "$JAVA" $JVM_FLAGS -jar "$JAR" --samizdat.cache.enabled=false >"$BENCH_TMP/app.log" 2>&1 &
APP_PID=$!
BENCH_PIDS+=("$APP_PID")
wait_http "$BASE/" "$APP_PID"
wait_search_index "$BENCH_TMP/app.log" "$APP_PID"
PG_PID=$(head -1 "$FIXTURE/postgres/postmaster.pid")

SITEMAP_PAGES=$(curl -sf "$BASE/sitemap-pages.xml")
TAG=$(grep -o "<loc>$BASE/tag/[^<]*</loc>" <<<"$SITEMAP_PAGES" | head -1 | sed "s#<loc>$BASE##; s#</loc>##")
AUTHOR=$(grep -o "<loc>$BASE/author/[^<]*</loc>" <<<"$SITEMAP_PAGES" | head -1 | sed "s#<loc>$BASE##; s#</loc>##")
ARTICLE=$(curl -sf "$BASE/" | grep -o 'href="/[0-9]\{4\}/[0-9][0-9]/[0-9][0-9]/[^"]*"' | head -1 | cut -d'"' -f2)
[ -n "$TAG" ] && [ -n "$AUTHOR" ] && [ -n "$ARTICLE" ] || die "could not find a tag, an author and an article"
last_page() { curl -sf "$BASE$1" | grep -o 'Page 1 of [0-9,]*' | head -1 | awk '{print $4}' | tr -d ','; }
SECTION_LAST=$(last_page /section/world); TAG_LAST=$(last_page "$TAG"); AUTHOR_LAST=$(last_page "$AUTHOR")
HOSTILE=$(printf 'the%%20and%%20of%%20a%%20%.0s' $(seq 1 60))
PARTS=$(curl -sf "$BASE/sitemap.xml" | grep -c 'sitemap-articles.xml' || true)

PAGES=(
  "front page|/"
  "front page, ru|/ru/"
  "front page, page 2|/?page=2"
  "section|/section/world"
  "section, last page ($SECTION_LAST)|/section/world?page=${SECTION_LAST:-1}"
  "tag|$TAG"
  "tag, last page ($TAG_LAST)|$TAG?page=${TAG_LAST:-1}"
  "author|$AUTHOR"
  "author, last page ($AUTHOR_LAST)|$AUTHOR?page=${AUTHOR_LAST:-1}"
  "article (with Read more)|$ARTICLE"
  "search, common word|/search?q=parliament"
  "search, rare word|/search?q=samovar"
  "search, page 20|/search?q=parliament&page=20"
  "search, hostile (stop words x240)|/search?q=$HOSTILE"
  "feed RSS|/feed.rss"
  "feed Atom|/feed.atom"
  "feed JSON|/feed.json"
  "section feed RSS|/section/world/feed.rss"
  "sitemap index|/sitemap.xml"
  "sitemap articles, part 1|/sitemap-articles.xml"
  "sitemap pages|/sitemap-pages.xml"
  "sitemap news|/sitemap-news.xml"
)
[ "$PARTS" -gt 1 ] && PAGES+=("sitemap articles, part 2|/sitemap-articles.xml?part=2")

# figures by the page's position in PAGES (names have spaces)
declare -a RPS P50 P99 ERR BYTES STATUS
i=0
for entry in "${PAGES[@]}"; do
  name=${entry%%|*}; path=${entry#*|}; i=$((i + 1))
  STATUS[i]=$(curl -s -o "$BENCH_TMP/page-$i" -w '%{http_code}' "$BASE$path")
  BYTES[i]=$(stat -c %s "$BENCH_TMP/page-$i")
  wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" --timeout 30s "$BASE$path" >/dev/null 2>&1 || true
  read -r "RPS[i]" "P50[i]" "P99[i]" "ERR[i]" <<<"$(wrk_run "$BASE$path" "$BENCH_TMP/wrk-$i.txt")"
  log "$name: ${STATUS[i]}, ${BYTES[i]} bytes, ${RPS[i]} req/s, p50 ${P50[i]} ms, p99 ${P99[i]} ms"
done
APP_CPU=$(cpu_ticks "$APP_PID" "$PG_PID")
stop_pid "$APP_PID"

# ---- nginx: the article's bytes from a file, same client settings ----------------------------
NGINX_PORT=$(free_port)
mkdir -p "$BENCH_TMP/www" "$BENCH_TMP/nginx/tmp" && chmod 755 "$BENCH_TMP/www"
cp "$BENCH_TMP/page-10" "$BENCH_TMP/www/article.html"
cat >"$BENCH_TMP/nginx/nginx.conf" <<EOF
daemon off;
worker_processes auto;
pid $BENCH_TMP/nginx/nginx.pid;
error_log $BENCH_TMP/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off; sendfile on; tcp_nopush on; default_type text/html;
  client_body_temp_path $BENCH_TMP/nginx/tmp; proxy_temp_path $BENCH_TMP/nginx/tmp;
  fastcgi_temp_path $BENCH_TMP/nginx/tmp; uwsgi_temp_path $BENCH_TMP/nginx/tmp; scgi_temp_path $BENCH_TMP/nginx/tmp;
  server { listen 127.0.0.1:$NGINX_PORT; root $BENCH_TMP/www; }
}
EOF
nginx -c "$BENCH_TMP/nginx/nginx.conf" -p "$BENCH_TMP/nginx" >"$BENCH_TMP/nginx.log" 2>&1 &
NGINX_PID=$!
BENCH_PIDS+=("$NGINX_PID")
wait_http "http://127.0.0.1:$NGINX_PORT/article.html" "$NGINX_PID" 20
wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" "http://127.0.0.1:$NGINX_PORT/article.html" >/dev/null 2>&1 || true
read -r NGINX_RPS NGINX_P50 NGINX_P99 NGINX_ERR <<<"$(wrk_run "http://127.0.0.1:$NGINX_PORT/article.html" "$BENCH_TMP/wrk-nginx.txt")"
stop_pid "$NGINX_PID"

# ---- the static export: full, then again with nothing changed ---------------------------------
export_run() {
  local t0 t1 code
  t0=$(date +%s.%N)
  # shellcheck disable=SC2086
  SAMIZDAT_DATA_DIR="$FIXTURE" timeout "$EXPORT_TIMEOUT" "$JAVA" $JVM_FLAGS -jar "$JAR" export \
    --out "$BENCH_TMP/export" >"$BENCH_TMP/export-$1.log" 2>&1 && code=0 || code=$?
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" -v c="$code" 'BEGIN { printf "%.0f s (exit %d)", b - a, c }'
}
if [ "${BENCH_SKIP_EXPORT:-0}" != 1 ]; then
  log "static export, full"
  EXPORT_FULL=$(export_run full)
  EXPORT_FILES=$(find "$BENCH_TMP/export" -type f 2>/dev/null | wc -l)
  log "static export, again with nothing changed"
  EXPORT_AGAIN=$(export_run again)
fi

# ---- report ------------------------------------------------------------------------------------
echo
echo "Samizdat at $ARTICLES live articles: page cache off, wrk -t1 -c$CONNECTIONS -d$DURATION --latency after a $WARMUP warm-up per page, 127.0.0.1"
echo "machine: $(machine_line)"
echo "$LOAD_BEFORE; after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java: $JAVA_VERSION; JVM flags: $JVM_FLAGS"
echo "fixture: $ARTICLES articles built in $FIXTURE_SECONDS s ($FIXTURE)"
echo "app + PostgreSQL CPU over all page runs: $((APP_CPU / TICKS_PER_S)) s"
echo
printf '| %-40s | %6s | %9s | %8s | %8s | %8s | %7s | %6s |\n' "page" "status" "bytes" "req/s" "p50 ms" "p99 ms" "x nginx" "errors"
printf '| %-40s | %6s | %9s | %8s | %8s | %8s | %7s | %6s |\n' "----------------------------------------" "------" "---------" "--------" "--------" "--------" "-------" "------"
i=0
for entry in "${PAGES[@]}"; do
  name=${entry%%|*}; i=$((i + 1))
  printf '| %-40s | %6s | %9s | %8s | %8s | %8s | %7s | %6s |\n' "$name" "${STATUS[i]}" "${BYTES[i]}" \
    "${RPS[i]}" "${P50[i]}" "${P99[i]}" \
    "$(awk -v a="${RPS[i]}" -v b="$NGINX_RPS" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "-" }')" "${ERR[i]}"
done
printf '| %-40s | %6s | %9s | %8s | %8s | %8s | %7s | %6s |\n' "nginx: the article as a file" 200 \
  "$(stat -c %s "$BENCH_TMP/www/article.html")" "$NGINX_RPS" "$NGINX_P50" "$NGINX_P99" "1.000" "$NGINX_ERR"
echo
echo "targets (issue 14): each page p50 < 10 ms and p99 < 50 ms of server time, one client, warm:"
i=0
for entry in "${PAGES[@]}"; do
  name=${entry%%|*}; i=$((i + 1))
  awk -v n="$name" -v p50="${P50[i]}" -v p99="${P99[i]}" \
    'BEGIN { printf "  %-40s %s\n", n, (p50 < 10 && p99 < 50) ? "met" : "NOT met" }'
done
if [ "${BENCH_SKIP_EXPORT:-0}" != 1 ]; then
  echo
  echo "static export: full $EXPORT_FULL, $EXPORT_FILES files; again, nothing changed: $EXPORT_AGAIN"
  echo "  (targets: full < 10 min at 100,000 articles; one article changed < 10 s)"
  tail -3 "$BENCH_TMP/export-full.log" | sed 's/^/  full: /'
fi
