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

webhook_settings

need_packages curl:curl psql:postgresql-client
pick_java
ensure_jar
bench_tmp
compile_bench_java BtcpayWebhookLoad.java WebhookFire.java
LOAD_BEFORE=$(load_line)

STORE=BenchStore
SECRET="bench-webhook-secret-$(date +%s)"
STAND_IN_PORT=$(free_port)
# java itself in the background (not a function's subshell), so its pid is the one stopped on exit
"$JAVA" -cp "$BENCH_TMP/classes" BtcpayWebhookLoad serve "$STAND_IN_PORT" "$STORE" >"$BENCH_TMP/stand-in.log" 2>&1 &
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
# the embedded database asks for a password: the superuser's is in the data directory
export PGPASSWORD="$(sed -n 's/^postgres=//p' "$BENCH_TMP/app/data/database-passwords")"

load() { bench_java BtcpayWebhookLoad "$URL" "$SECRET" "$STORE" "$@"; }
# the checkouts readers opened before paying: one per invoice of a run
checkouts() {
  bench_java BtcpayWebhookLoad checkouts "$1" "$2" "$3" \
    | psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 \
        -c "COPY checkout (id, provider, frequency, amount_minor, currency, language, status, created_at) FROM STDIN WITH (FORMAT csv)"
}

RUN="r$(date +%s)"
checkouts "${RUN}w" "$WARMUP_EVENTS" 2026-01-01T00:00:00Z
checkouts "$RUN" "$EVENTS" 2026-01-02T00:00:00Z
webhook_runs "$RUN"

# the run's own invoices: the ids of the checkouts made for it (created "2026-01-02")
RUN_INVOICES="SELECT replace(id::text, '-', '') FROM checkout WHERE provider = 'btcpay' AND created_at = '2026-01-02T00:00:00Z'"
read -r ENTRIES DISTINCT <<<"$(sql "SELECT count(*), count(DISTINCT provider_payment_id) FROM ledger_entry
  WHERE provider = 'btcpay' AND kind = 'PAYMENT' AND provider_payment_id IN ($RUN_INVOICES)" | tr '|' ' ')"
RECORDED=$(sql "SELECT count(*) FROM provider_event WHERE provider = 'btcpay' AND status = 'PROCESSED'
  AND payment_ref IN ($RUN_INVOICES)")
# a forged delivery that got through would leave an event for an invoice no checkout has
FORGED=$(sql "SELECT count(*) FROM provider_event WHERE provider = 'btcpay'
  AND (payment_ref IS NULL OR payment_ref NOT IN (SELECT replace(id::text, '-', '') FROM checkout))")

webhook_report "Samizdat BTCPay webhooks: signed InvoiceSettled events, each invoice read back from a stand-in Greenfield API"
