#!/usr/bin/env bash
# Signed payment-provider events per second, each processed exactly once: the app in test
# mode, N distinct CheckoutCompleted events plus a share of repeats fired concurrently at
# /webhooks/testmode, then the ledger must hold exactly N entries for them. Target: >= 500/s.
# Reference in the same run: the same deliveries with a wrong signature (HTTP and signature
# check only, no database work).
#
#   bench/webhooks.sh
#
# Settings (environment): BENCH_EVENTS (5000), BENCH_WARMUP_EVENTS (8000: the JIT compiler is
# still busy after a few thousand, and a newsroom's server runs for days), BENCH_DUPLICATES (0.2: repeats per event),
# BENCH_CONCURRENCY (16), BENCH_JVM_FLAGS (see lib.sh), BENCH_APP_ARGS (extra --property=value
# for the app), BENCH_KEEP=1.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

webhook_setup WebhookLoad
start_webhook_app testmode

# The app creates its test-mode signing key on first use: one badly signed delivery does it.
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
  -H 'samizdat-testmode-signature: t=1,v1=00' --data '{}' "$URL")
[ "$code" = 400 ] || die "expected 400 for a badly signed webhook, got $code"
SECRET=$(sql "SELECT value FROM app_secret WHERE name = 'testmode-webhook'")
[ -n "$SECRET" ] || die "no test-mode webhook secret in app_secret"

load() { bench_java WebhookLoad "$URL" "$SECRET" "$@"; }

RUN="r$(date +%s)"
webhook_runs "$RUN"

read -r ENTRIES DISTINCT <<<"$(sql "SELECT count(*), count(DISTINCT provider_event_id) FROM ledger_entry
  WHERE provider = 'testmode' AND provider_event_id LIKE 'evt_bench_${RUN}\_%'" | tr '|' ' ')"
RECORDED=$(sql "SELECT count(*) FROM provider_event WHERE provider = 'testmode' AND event_id LIKE 'evt_bench_${RUN}\_%' AND status = 'PROCESSED'")
FORGED=$(sql "SELECT count(*) FROM provider_event WHERE event_id LIKE 'evt_bench_${RUN}x\_%'")

webhook_report "Samizdat webhooks: signed test-mode CheckoutCompleted events"
