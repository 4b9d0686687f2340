#!/usr/bin/env bash
# BTCPay Server webhooks per second, each invoice recorded exactly once: the app with the BTCPay
# rail on, pointed at a stand-in Greenfield API (BtcpayWebhookLoad.java serve) that answers every
# invoice as Settled; N distinct InvoiceSettled events plus a share of redeliveries (new
# deliveryId, isRedelivery) fired concurrently at /webhooks/btcpay, each verified, read back from
# the stand-in and recorded; then the ledger must hold exactly N entries. Target: >= 500/s.
# Reference in the same run: the same deliveries with a wrong signature (HTTP and signature
# check only, no BTCPay call, no database work).
#
#   bench/btcpay-webhooks.sh
#
# Settings (environment): BENCH_EVENTS (5000), BENCH_WARMUP_EVENTS (8000: the JIT compiler is
# still busy after a few thousand, and a newsroom's server runs for days), BENCH_DUPLICATES (0.2: repeats per event),
# BENCH_CONCURRENCY (16), BENCH_JVM_FLAGS (see lib.sh), BENCH_APP_ARGS (extra --property=value
# for the app), BENCH_KEEP=1.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

EVENTS=${BENCH_EVENTS:-5000}
WARMUP_EVENTS=${BENCH_WARMUP_EVENTS:-8000}
DUPLICATES=${BENCH_DUPLICATES:-0.2}
CONCURRENCY=${BENCH_CONCURRENCY:-16}
read -r -a APP_ARGS <<<"${BENCH_APP_ARGS:-}"

need_packages curl:curl psql:postgresql-client
pick_java
ensure_jar
bench_tmp
LOAD_BEFORE=$(load_line)

STORE=BenchStore
SECRET="bench-webhook-secret-$(date +%s)"
STAND_IN_PORT=$(free_port)
"$JAVA" "$BENCH_DIR/BtcpayWebhookLoad.java" serve "$STAND_IN_PORT" "$STORE" >"$BENCH_TMP/stand-in.log" 2>&1 &
BENCH_PIDS+=("$!")
for _ in $(seq 1 120); do
  grep -q serving "$BENCH_TMP/stand-in.log" 2>/dev/null && break
  sleep 0.25
done
grep -q serving "$BENCH_TMP/stand-in.log" || die "the stand-in BTCPay API did not start: $(cat "$BENCH_TMP/stand-in.log")"

PORT=$(free_port)
URL="http://127.0.0.1:$PORT/webhooks/btcpay"
start_app app "$PORT" -- "--samizdat.revenue.btcpay.url=http://127.0.0.1:$STAND_IN_PORT" \
  "--samizdat.revenue.btcpay.store-id=$STORE" "--samizdat.revenue.btcpay.api-key=bench-key" \
  "--samizdat.revenue.btcpay.webhook-secret=$SECRET" "${APP_ARGS[@]}"
wait_http "http://127.0.0.1:$PORT/" "$APP_PID_app"
PG_PORT=$(embedded_pg_port "$BENCH_TMP/app/data")
sql() { psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -At -v ON_ERROR_STOP=1 -c "$1"; }

load() { "$JAVA" "$BENCH_DIR/BtcpayWebhookLoad.java" "$URL" "$SECRET" "$STORE" "$@"; }
field() { sed -n "s/^RESULT.* $1=\([0-9.]*\).*/\1/p" "$2"; }
# the checkouts readers opened before paying: one per invoice of a run
checkouts() {
  "$JAVA" "$BENCH_DIR/BtcpayWebhookLoad.java" checkouts "$1" "$2" "$3" \
    | psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 \
        -c "COPY checkout (id, provider, frequency, amount_minor, currency, language, status, created_at) FROM STDIN WITH (FORMAT csv)"
}

RUN="r$(date +%s)"
checkouts "${RUN}w" "$WARMUP_EVENTS" 2026-01-01T00:00:00Z
checkouts "$RUN" "$EVENTS" 2026-01-02T00:00:00Z
log "warm-up: $WARMUP_EVENTS events"
load "${RUN}w" "$WARMUP_EVENTS" 0.1 "$CONCURRENCY" >"$BENCH_TMP/warm.txt"
PG_PID=$(head -1 "$BENCH_TMP/app/data/postgres/postmaster.pid")
log "run: $EVENTS events + $DUPLICATES repeats each, $CONCURRENCY at a time"
c0=$(cpu_ticks "$APP_PID_app" "$PG_PID")
load "$RUN" "$EVENTS" "$DUPLICATES" "$CONCURRENCY" | tee "$BENCH_TMP/run.txt" >&2
c1=$(cpu_ticks "$APP_PID_app" "$PG_PID")
log "reference: the same deliveries, wrongly signed"
load "${RUN}x" "$EVENTS" "$DUPLICATES" "$CONCURRENCY" bad-signature | tee "$BENCH_TMP/ref.txt" >&2
c2=$(cpu_ticks "$APP_PID_app" "$PG_PID")

# the run's own invoices: the ids of the checkouts made for it (created "2026-01-02")
RUN_INVOICES="SELECT replace(id::text, '-', '') FROM checkout WHERE provider = 'btcpay' AND created_at = '2026-01-02T00:00:00Z'"
read -r ENTRIES DISTINCT <<<"$(sql "SELECT count(*), count(DISTINCT provider_payment_id) FROM ledger_entry
  WHERE provider = 'btcpay' AND kind = 'PAYMENT' AND provider_payment_id IN ($RUN_INVOICES)" | tr '|' ' ')"
RECORDED=$(sql "SELECT count(*) FROM provider_event WHERE provider = 'btcpay' AND status = 'PROCESSED'
  AND payment_ref IN ($RUN_INVOICES)")
# a forged delivery that got through would leave an event for an invoice no checkout has
FORGED=$(sql "SELECT count(*) FROM provider_event WHERE provider = 'btcpay'
  AND (payment_ref IS NULL OR payment_ref NOT IN (SELECT replace(id::text, '-', '') FROM checkout))")

DELIVERIES=$(field deliveries "$BENCH_TMP/run.txt")
SECONDS_RUN=$(field seconds "$BENCH_TMP/run.txt")
OK=$(field ok "$BENCH_TMP/run.txt")
FAILED=$(( $(field failed "$BENCH_TMP/run.txt") + $(field rejected "$BENCH_TMP/run.txt") ))
REF_DELIVERIES=$(field deliveries "$BENCH_TMP/ref.txt")
REF_SECONDS=$(field seconds "$BENCH_TMP/ref.txt")
REF_REJECTED=$(field rejected "$BENCH_TMP/ref.txt")

EVENTS_PER_S=$(awk -v n="$EVENTS" -v s="$SECONDS_RUN" 'BEGIN { printf "%.0f", n / s }')
DELIVERIES_PER_S=$(awk -v n="$DELIVERIES" -v s="$SECONDS_RUN" 'BEGIN { printf "%.0f", n / s }')
REF_PER_S=$(awk -v n="$REF_DELIVERIES" -v s="$REF_SECONDS" 'BEGIN { printf "%.0f", n / s }')
RATIO=$(awk -v a="$DELIVERIES_PER_S" -v b="$REF_PER_S" 'BEGIN { printf "%.3f", a / b }')
# deliveries per CPU-second of the app and its PostgreSQL: does not depend on other load
PER_CPU=$(awk -v n="$DELIVERIES" -v t="$((c1 - c0))" -v hz="$TICKS_PER_S" 'BEGIN { printf "%.0f", n / (t / hz) }')
REF_PER_CPU=$(awk -v n="$REF_DELIVERIES" -v t="$((c2 - c1))" -v hz="$TICKS_PER_S" 'BEGIN { printf "%.0f", n / (t / hz) }')
CPU_RATIO=$(awk -v a="$PER_CPU" -v b="$REF_PER_CPU" 'BEGIN { printf "%.3f", a / b }')
EVENTS_PER_CPU=$(awk -v n="$EVENTS" -v t="$((c1 - c0))" -v hz="$TICKS_PER_S" 'BEGIN { printf "%.0f", n / (t / hz) }')

row() { printf '| %-44s | %10s | %8s | %7s | %7s | %11s | %7s |\n' "$@"; }
echo
echo "Samizdat BTCPay webhooks: signed InvoiceSettled events, each invoice read back from a stand-in Greenfield API, $CONCURRENCY concurrent connections, 127.0.0.1"
echo "machine: $(machine_line)"
echo "$LOAD_BEFORE; after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java: $JAVA_VERSION; JVM flags: $JVM_FLAGS${APP_ARGS[*]:+; app args: ${APP_ARGS[*]}}; database: embedded PostgreSQL (as the app starts it)"
echo
row "run" "deliveries" "seconds" "per s" "x ref" "per CPU-s" "x ref"
row "--------------------------------------------" "----------" "--------" "-------" "-------" "-----------" "-------"
row "$EVENTS events + repeats, processed once" "$DELIVERIES" "$SECONDS_RUN" "$DELIVERIES_PER_S" "$RATIO" "$PER_CPU" "$CPU_RATIO"
row "reference: same deliveries, wrong signature" "$REF_DELIVERIES" "$REF_SECONDS" "$REF_PER_S" "1" "$REF_PER_CPU" "1"
echo
echo "per CPU-s: deliveries per CPU-second used by the app's JVM and its PostgreSQL (/proc/PID/stat); it does not depend"
echo "  on other load on the machine. The load generator runs on the same cores."
echo "distinct events processed per second: $EVENTS_PER_S ($EVENTS events in $SECONDS_RUN s); per CPU-second: $EVENTS_PER_CPU"
echo "answers: $OK x 200, $FAILED other; reference: $REF_REJECTED x 400"
echo "ledger: $ENTRIES entries for $DISTINCT distinct events (expected exactly $EVENTS); provider_event PROCESSED: $RECORDED; forged events recorded: $FORGED"
echo
ONCE=NOT
[ "$ENTRIES" = "$EVENTS" ] && [ "$DISTINCT" = "$EVENTS" ] && [ "$RECORDED" = "$EVENTS" ] && [ "$FORGED" = 0 ] && [ "$FAILED" = 0 ] && ONCE=""
echo "exactly once: ${ONCE:+NOT }met"
if awk -v r="$EVENTS_PER_S" 'BEGIN { exit !(r >= 500) }'; then
  echo "target >= 500 events/s: met ($EVENTS_PER_S/s)"
else
  echo "target >= 500 events/s: NOT met ($EVENTS_PER_S/s)"
fi
[ -z "$ONCE" ] || exit 1
