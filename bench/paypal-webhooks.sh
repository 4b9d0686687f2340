#!/usr/bin/env bash
# PayPal webhooks per second, each capture recorded exactly once: the app with the PayPal rail on,
# pointed at a stand-in PayPal REST API (PaypalWebhookLoad.java serve): its
# POST /v1/notifications/verify-webhook-signature answers SUCCESS for a transmission signed with the
# stand-in's secret (FAILURE otherwise), and GET /v2/checkout/orders/{id} gives the payer's address;
# N distinct PAYMENT.CAPTURE.COMPLETED notifications, each verified, its order read back and
# recorded as a $25 gift with a supporter and a receipt, plus a share of retries (same id), fired
# concurrently at /webhooks/paypal; then the ledger must hold exactly N entries. Target: >= 500/s.
# Reference in the same run: the same deliveries with a wrong signature (the stand-in answers
# FAILURE: HTTP and one verification call, no database work).
#
#   bench/paypal-webhooks.sh
#
# Settings (environment): as bench/btcpay-webhooks.sh.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

webhook_setup PaypalWebhookLoad

SECRET="bench-paypal-$(date +%s)"
WEBHOOK_ID=8PT597110X687430LBENCH
start_stand_in PaypalWebhookLoad "$SECRET" "$WEBHOOK_ID"
start_webhook_app paypal "--samizdat.revenue.paypal.client-id=bench-client" \
  "--samizdat.revenue.paypal.client-secret=bench-secret" "--samizdat.revenue.paypal.webhook-id=$WEBHOOK_ID" \
  "--samizdat.revenue.paypal.api-base=http://127.0.0.1:$STAND_IN_PORT"

load() { bench_java PaypalWebhookLoad "$URL" "$SECRET" "$WEBHOOK_ID" "$@"; }

RUN="r$(date +%s)"
rail_checkouts PaypalWebhookLoad "$RUN"
webhook_runs "$RUN"
# the capture id is CAP and the checkout id's hex digits
rail_counts paypal CAP

webhook_report "Samizdat PayPal webhooks: PAYMENT.CAPTURE.COMPLETED notifications, each verified by and its order read from a stand-in PayPal API"
