#!/usr/bin/env bash
# Reader search at ten years of archive (the fixture of bench/scale.sh, 100,000 articles), page
# cache off, with queries drawn from the archive's own words:
#   (a) first-time queries: each query asked once, none of them asked before (nothing kept for it
#       yet), one client: p50/p99 and CPU (app + PostgreSQL) per query, common words apart;
#   (b) a realistic mix: BENCH_DISTINCT distinct queries (single words of both editions, some two
#       words, some words in no article), drawn Zipf-like (popularity unrelated to how common the
#       word is), a tenth asking a deeper page (2 to 20); it starts with none of them kept, so
#       every query's first time is in it: req/s, p50/p99, CPU per query, how many were first times;
#   (c) the same mix again (everything kept by now);
# next to nginx serving a search page's bytes from a file with the same client settings.
#
#   bench/search.sh
#   BENCH_FIXTURE_DIR=/path/to/fixture BENCH_DURATION=20s bench/search.sh
#
# Settings (environment): BENCH_ARTICLES (100000), BENCH_FIXTURE_DIR (target/bench-scale-N, built
# by bench/scale.sh; this script only reads it, but the app migrates it when it starts),
# BENCH_DURATION (20s per mix run), BENCH_WARMUP (30s), BENCH_CONNECTIONS (8), BENCH_COLD (200
# first-time queries), BENCH_DISTINCT (500), BENCH_ZIPF (1.0, the exponent), BENCH_SEED (42),
# BENCH_JVM_FLAGS (see lib.sh), BENCH_KEEP=1.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ARTICLES=${BENCH_ARTICLES:-100000}
FIXTURE=${BENCH_FIXTURE_DIR:-$ROOT/target/bench-scale-$ARTICLES}
DURATION=${BENCH_DURATION:-20s}
WARMUP=${BENCH_WARMUP:-30s}
CONNECTIONS=${BENCH_CONNECTIONS:-8}
COLD=${BENCH_COLD:-200}
DISTINCT=${BENCH_DISTINCT:-500}
ZIPF=${BENCH_ZIPF:-1.0}
SEED=${BENCH_SEED:-42}

need_packages wrk:wrk nginx:nginx curl:curl psql:postgresql-client
pick_java
ensure_jar
bench_tmp
[ -f "$FIXTURE/.fixture-complete" ] || die "no fixture in $FIXTURE: build it with bench/scale.sh first"

# ---- the app on the fixture, page cache off ---------------------------------------------------
APP_PORT=$(free_port)
BASE="http://127.0.0.1:$APP_PORT"
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
# shellcheck disable=SC2086
env PORT="$APP_PORT" SAMIZDAT_DATA_DIR="$FIXTURE" SAMIZDAT_BASE_URL="$BASE" \
  "$JAVA" $JVM_FLAGS -jar "$JAR" --samizdat.cache.enabled=false >"$BENCH_TMP/app.log" 2>&1 &
APP_PID=$!
BENCH_PIDS+=("$APP_PID")
wait_http "$BASE/" "$APP_PID" 600
wait_search_index "$BENCH_TMP/app.log" "$APP_PID"
PG_PID=$(head -1 "$FIXTURE/postgres/postmaster.pid")
PG_PORT=$(embedded_pg_port "$FIXTURE")
PGPASSWORD=$(sed -n 's/^postgres=//p' "$FIXTURE/database-passwords")
export PGPASSWORD

# ---- the archive's words, with the share of a sample of articles each is in -------------------
vocabulary() { # LANGUAGE CONFIG LETTERS
  sql "SELECT w, round(count(DISTINCT id)::numeric / max(t.total), 4)
       FROM (SELECT id, regexp_split_to_table(lower(headline || ' ' || standfirst || ' ' || body_markdown), '[^$3]+') AS w
             FROM article TABLESAMPLE SYSTEM (5) REPEATABLE (1)
             WHERE language = '$1' AND status = 'PUBLISHED' AND deleted_at IS NULL) s,
            (SELECT count(*) AS total FROM article TABLESAMPLE SYSTEM (5) REPEATABLE (1)
             WHERE language = '$1' AND status = 'PUBLISHED' AND deleted_at IS NULL) t
       WHERE length(w) >= 3 AND to_tsvector('$2', w) <> ''::tsvector
       GROUP BY w" | tr '|' ' ' | sed "s/^/$1 /"
}
log "reading the archive's words"
{ vocabulary en english a-z; vocabulary ru russian а-яё; } >"$BENCH_TMP/words.txt"
WORDS=$(wc -l <"$BENCH_TMP/words.txt")
[ "$WORDS" -gt $((COLD + DISTINCT + 100)) ] || die "only $WORDS words in the archive"

# Queries as "language share query" (share: of the edition's articles with the word; two words
# and absent words marked). Shuffled once; the first COLD are the first-time run's, the next 200
# warm the JVM up, the next DISTINCT make the mix, so no run finds another's queries kept.
LC_ALL=C awk -v seed="$SEED" '
  { lang[NR] = $1; word[NR] = $2; share[NR] = $3 }
  END {
    srand(seed); n = NR
    for (i = n; i > 1; i--) { j = int(rand() * i) + 1; t = lang[i]; lang[i] = lang[j]; lang[j] = t
      t = word[i]; word[i] = word[j]; word[j] = t; t = share[i]; share[i] = share[j]; share[j] = t }
    for (i = 1; i <= n; i++) {
      r = rand()
      if (r < 0.15 && i < n && lang[i + 1] == lang[i]) {
        # two words of one edition: both must be in an article
        print lang[i], "pair", word[i] " " word[i + 1]
      } else if (r < 0.20) {
        print lang[i], "absent", word[i] "qz"
      } else {
        print lang[i], share[i], word[i]
      }
    }
  }' "$BENCH_TMP/words.txt" >"$BENCH_TMP/queries.txt"
sed -n "1,${COLD}p" "$BENCH_TMP/queries.txt" >"$BENCH_TMP/cold.txt"
sed -n "$((COLD + 1)),$((COLD + 200))p" "$BENCH_TMP/queries.txt" >"$BENCH_TMP/warm.txt"
sed -n "$((COLD + 201)),$((COLD + 200 + DISTINCT))p" "$BENCH_TMP/queries.txt" >"$BENCH_TMP/mix.txt"

# "language share query" lines to paths (percent-encoded; deep pages only where there are 20)
paths() { # DEEP_SHARE
  LC_ALL=C awk -v deep="$1" -v seed="$SEED" '
    BEGIN { for (i = 0; i < 256; i++) ord[sprintf("%c", i)] = i; srand(seed + 1) }
    function enc(s,   out, i, c) {
      out = ""
      for (i = 1; i <= length(s); i++) {
        c = substr(s, i, 1)
        if (c ~ /[a-z0-9]/) out = out c; else if (c == " ") out = out "+"; else out = out sprintf("%%%02X", ord[c])
      }
      return out
    }
    {
      $1 = $1; lang = $1; share = $2; q = substr($0, length($1) + length($2) + 3)
      path = (lang == "ru" ? "/ru" : "") "/search?q=" enc(q)
      if (share + 0 > 0.02 && rand() < deep) path = path "&page=" (2 + int(rand() * 19))
      print path
    }'
}

# ---- JIT warm-up, on queries no run asks ---------------------------------------------------------
# (the JIT compiles for a while after start: a search page cost 4 ms of the app's CPU after a few
# hundred requests, 1.5 ms after two thousand)
log "warm-up: 200 queries no run asks, each once, then again and again for $WARMUP"
paths 0.1 <"$BENCH_TMP/warm.txt" >"$BENCH_TMP/warm-paths.txt"
while read -r p; do curl -s -o /dev/null "$BASE$p"; done <"$BENCH_TMP/warm-paths.txt"
cat >"$BENCH_TMP/warm.lua" <<EOF
local paths = {}
for line in io.lines("$BENCH_TMP/warm-paths.txt") do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
EOF
wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" -s "$BENCH_TMP/warm.lua" "$BASE/" >/dev/null 2>&1 || true

# ---- (a) first-time queries, one client ---------------------------------------------------------
log "(a) $COLD first-time queries, one at a time"
paths 0 <"$BENCH_TMP/cold.txt" >"$BENCH_TMP/cold-paths.txt"
LOAD_A=$(cut -d' ' -f1-3 /proc/loadavg)
CPU0=$(cpu_ticks "$APP_PID" "$PG_PID")
paste -d' ' "$BENCH_TMP/cold.txt" "$BENCH_TMP/cold-paths.txt" | while read -r lang share rest; do
  p=${rest##* }
  t=$(curl -s -o "$BENCH_TMP/cold-page" -w '%{http_code} %{time_total}' "$BASE$p")
  echo "$lang $share $t"
done >"$BENCH_TMP/cold-times.txt"
CPU1=$(cpu_ticks "$APP_PID" "$PG_PID")
COLD_CPU=$(awk -v t=$((CPU1 - CPU0)) -v n="$COLD" -v hz="$TICKS_PER_S" 'BEGIN { printf "%.2f", t * 1000 / hz / n }')
cold_stats() { # FILTER (awk condition on $1 lang, $2 share, $3 status, $4 seconds)
  awk "$1 { print \$4 * 1000 }" "$BENCH_TMP/cold-times.txt" | sort -n | awk '
    { v[NR] = $1 }
    END {
      if (NR == 0) { print "0 - -"; exit }
      p50 = v[int((NR + 1) * 0.50)]; i99 = int(NR * 0.99 + 0.999); if (i99 < 1) i99 = 1
      printf "%d %.1f %.1f\n", NR, (p50 == "" ? v[1] : p50), v[i99]
    }'
}
read -r N_ALL P50_ALL P99_ALL <<<"$(cold_stats 'NR > 0')"
read -r N_COMMON P50_COMMON P99_COMMON <<<"$(cold_stats '$2 != "pair" && $2 != "absent" && $2 + 0 >= 0.1')"
read -r N_OTHER P50_OTHER P99_OTHER <<<"$(cold_stats '$2 == "pair" || $2 == "absent" || $2 + 0 < 0.1')"
COLD_ERRORS=$(awk '$3 != 200' "$BENCH_TMP/cold-times.txt" | wc -l)

# ---- (b) the mix, from nothing kept; (c) the same again ----------------------------------------
# Zipf-like: the query at rank r (of DISTINCT, in the shuffled order) asked in proportion to
# 1/r^ZIPF; 200,000 requests drawn, more than a run asks, so the list never wraps around.
paths 0.1 <"$BENCH_TMP/mix.txt" >"$BENCH_TMP/mix-distinct.txt"
awk -v s="$ZIPF" -v seed="$SEED" '
  { q[NR] = $0; c += 1 / (NR ^ s); cum[NR] = c }
  END {
    srand(seed + 2)
    for (k = 0; k < 200000; k++) {
      u = rand() * c; lo = 1; hi = NR
      while (lo < hi) { mid = int((lo + hi) / 2); if (cum[mid] < u) lo = mid + 1; else hi = mid }
      print q[lo]
    }
  }' "$BENCH_TMP/mix-distinct.txt" >"$BENCH_TMP/mix-paths.txt"
cat >"$BENCH_TMP/mix.lua" <<EOF
local paths = {}
for line in io.lines("$BENCH_TMP/mix-paths.txt") do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
EOF
mix_run() { # NAME
  local load cpu0 cpu1 rps p50 p99 err n
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  cpu0=$(cpu_ticks "$APP_PID" "$PG_PID")
  read -r rps p50 p99 err <<<"$(wrk_run "$BASE/" "$BENCH_TMP/wrk-$1.txt" -s "$BENCH_TMP/mix.lua")"
  cpu1=$(cpu_ticks "$APP_PID" "$PG_PID")
  n=$(awk '/requests in/ { print $1 }' "$BENCH_TMP/wrk-$1.txt")
  echo "$rps $p50 $p99 $err ${n:-0} $(awk -v t=$((cpu1 - cpu0)) -v n="${n:-1}" -v hz="$TICKS_PER_S" 'BEGIN { printf "%.3f", t * 1000 / hz / n }') ${load%% *}"
}
log "(b) the mix: $DISTINCT distinct queries, Zipf $ZIPF, $CONNECTIONS connections, $DURATION, none kept yet"
read -r MIX_RPS MIX_P50 MIX_P99 MIX_ERR MIX_N MIX_CPU MIX_LOAD <<<"$(mix_run mix)"
MIX_FIRST=$(head -n "$MIX_N" "$BENCH_TMP/mix-paths.txt" | sort -u | wc -l)
log "(c) the same mix again"
read -r AGAIN_RPS AGAIN_P50 AGAIN_P99 AGAIN_ERR AGAIN_N AGAIN_CPU AGAIN_LOAD <<<"$(mix_run again)"
curl -s -o "$BENCH_TMP/search-page.html" "$BASE$(head -1 "$BENCH_TMP/mix-distinct.txt")"
stop_pid "$APP_PID"

# ---- nginx: a search page's bytes from a file, same client settings ----------------------------
mkdir -p "$BENCH_TMP/www" "$BENCH_TMP/nginx/tmp" && chmod 755 "$BENCH_TMP/www"
cp "$BENCH_TMP/search-page.html" "$BENCH_TMP/www/search.html"
start_nginx() {
NGINX_PORT=$(free_port)
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
}
# another process may take the free port before nginx binds it: try again then
for _ in 1 2 3; do
  start_nginx
  (wait_http "http://127.0.0.1:$NGINX_PORT/search.html" "$NGINX_PID" 20) 2>/dev/null && break
  stop_pid "$NGINX_PID"
done
kill -0 "$NGINX_PID" 2>/dev/null || die "nginx did not start: $(cat "$BENCH_TMP/nginx/error.log")"
wrk -t1 -c"$CONNECTIONS" -d3s "http://127.0.0.1:$NGINX_PORT/search.html" >/dev/null 2>&1 || true
read -r NGINX_RPS NGINX_P50 NGINX_P99 NGINX_ERR <<<"$(wrk_run "http://127.0.0.1:$NGINX_PORT/search.html" "$BENCH_TMP/wrk-nginx.txt")"
stop_pid "$NGINX_PID"

# ---- report ------------------------------------------------------------------------------------
x() { awk -v a="$1" -v b="$NGINX_RPS" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "-" }'; }
echo
echo "Reader search at $ARTICLES live articles: page cache off, $(date -u '+%Y-%m-%d %H:%M UTC'), 127.0.0.1"
echo "machine: $(machine_line)"
echo "load average at the start: $LOAD_START; at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java: $JAVA_VERSION; JVM flags: $JVM_FLAGS"
echo "fixture: $FIXTURE; $WORDS words of the archive (both editions), shuffled with seed $SEED"
echo
echo "(a) first-time queries, one client, each asked once (nothing kept for it), load ${LOAD_A%% *} at the start:"
printf '    %-44s %5s %8s %8s\n' "queries" "n" "p50 ms" "p99 ms"
printf '    %-44s %5s %8s %8s\n' "all" "$N_ALL" "$P50_ALL" "$P99_ALL"
printf '    %-44s %5s %8s %8s\n' "single words in >= 10% of an edition" "$N_COMMON" "$P50_COMMON" "$P99_COMMON"
printf '    %-44s %5s %8s %8s\n' "rarer words, two words, words in no article" "$N_OTHER" "$P50_OTHER" "$P99_OTHER"
echo "    CPU per query (app + PostgreSQL): $COLD_CPU ms; answers other than 200: $COLD_ERRORS"
echo
printf '| %-58s | %8s | %8s | %8s | %7s | %10s | %6s | %5s |\n' "run ($CONNECTIONS connections, $DURATION)" "req/s" "p50 ms" "p99 ms" "x nginx" "CPU ms/req" "errors" "load"
printf '| %-58s | %8s | %8s | %8s | %7s | %10s | %6s | %5s |\n' "----------------------------------------------------------" "--------" "--------" "--------" "-------" "----------" "------" "-----"
printf '| %-58s | %8s | %8s | %8s | %7s | %10s | %6s | %5s |\n' "(b) mix, $DISTINCT distinct; $MIX_FIRST first times in $MIX_N requests" \
  "$MIX_RPS" "$MIX_P50" "$MIX_P99" "$(x "$MIX_RPS")" "$MIX_CPU" "$MIX_ERR" "$MIX_LOAD"
printf '| %-58s | %8s | %8s | %8s | %7s | %10s | %6s | %5s |\n' "(c) the same mix again, $AGAIN_N requests" \
  "$AGAIN_RPS" "$AGAIN_P50" "$AGAIN_P99" "$(x "$AGAIN_RPS")" "$AGAIN_CPU" "$AGAIN_ERR" "$AGAIN_LOAD"
printf '| %-58s | %8s | %8s | %8s | %7s | %10s | %6s | %5s |\n' "nginx: a search page ($(stat -c %s "$BENCH_TMP/www/search.html") bytes) as a file" \
  "$NGINX_RPS" "$NGINX_P50" "$NGINX_P99" "1.000" "-" "$NGINX_ERR" "-"
echo
echo "target (issue 14): search >= 500 queries/s over $ARTICLES articles with varied queries:" \
  "$(awk -v r="$MIX_RPS" 'BEGIN { print (r >= 500) ? "met by the mix (b)" : "NOT met by the mix (b)" }');" \
  "first-time queries $(awk -v p="$P50_ALL" -v q="$P99_ALL" 'BEGIN { print (p < 10 && q < 50) ? "within" : "NOT within" }') p50 < 10 ms, p99 < 50 ms"
