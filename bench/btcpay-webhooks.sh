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

webhook_setup BtcpayWebhookLoad

STORE=BenchStore
SECRET="bench-webhook-secret-$(date +%s)"
start_stand_in BtcpayWebhookLoad "$STORE"
start_webhook_app btcpay "--samizdat.revenue.btcpay.url=http://127.0.0.1:$STAND_IN_PORT" \
  "--samizdat.revenue.btcpay.store-id=$STORE" "--samizdat.revenue.btcpay.api-key=bench-key" \
  "--samizdat.revenue.btcpay.webhook-secret=$SECRET"

load() { bench_java BtcpayWebhookLoad "$URL" "$SECRET" "$STORE" "$@"; }

RUN="r$(date +%s)"
rail_checkouts BtcpayWebhookLoad "$RUN"
webhook_runs "$RUN"
# the invoice id is the checkout id's hex digits
rail_counts btcpay ""

webhook_report "Samizdat BTCPay webhooks: signed InvoiceSettled events, each invoice read back from a stand-in Greenfield API"
