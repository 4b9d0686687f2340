#!/usr/bin/env bash
# PayPal webhooks per second, each capture recorded exactly once: the app with the PayPal rail on,
# pointed at a stand-in PayPal REST API (PaypalWebhookLoad.java serve) that signs as PayPal does
# (SHA256withRSA, a key and self-signed certificate made here with keytool) and serves its
# certificate; GET /v2/checkout/orders/{id} gives the payer's address. N distinct
# PAYMENT.CAPTURE.COMPLETED notifications, each verified, its order read back and recorded as a $25
# gift with a supporter and a receipt, plus a share of retries (same id), fired concurrently at
# /webhooks/paypal; then the ledger must hold exactly N entries. Target: >= 500/s.
# Reference in the same run: the same deliveries with a wrong signature (HTTP and the signature
# check, no database work).
#
#   bench/paypal-webhooks.sh
#
# Settings (environment): as bench/btcpay-webhooks.sh, and BENCH_PAYPAL_VERIFY: "certificate"
# (default: PAYPAL-CERT-URL is the stand-in's, so the app checks each signature against the
# certificate it fetched once) or "postback" (PAYPAL-CERT-URL is PayPal's own host, which the app
# does not fetch from a stand-in, so it asks the stand-in's verify-webhook-signature API each time,
# as for a certificate it cannot check itself).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

webhook_setup PaypalWebhookLoad

KEYSTORE="$BENCH_TMP/paypal-webhook-key.p12"
"${JAVA%/java}/keytool" -genkeypair -alias paypal -keyalg RSA -keysize 2048 -validity 30 \
  -dname "CN=messageverificationcerts.paypal.com, O=Samizdat bench" -storetype PKCS12 \
  -keystore "$KEYSTORE" -storepass bench-key -keypass bench-key >/dev/null 2>&1 \
  || die "keytool could not make the stand-in's signing key"
WEBHOOK_ID=8PT597110X687430LBENCH
start_stand_in PaypalWebhookLoad "$KEYSTORE" "$WEBHOOK_ID"
case "${BENCH_PAYPAL_VERIFY:-certificate}" in
  certificate) export PAYPAL_CERT_URL="http://127.0.0.1:$STAND_IN_PORT/v1/notifications/certs/CERT-BENCH" ;;
  postback) export PAYPAL_CERT_URL="https://api.paypal.com/v1/notifications/certs/CERT-360caa42" ;;
  *) die "BENCH_PAYPAL_VERIFY is certificate or postback, not ${BENCH_PAYPAL_VERIFY}" ;;
esac
log "PAYPAL-CERT-URL: $PAYPAL_CERT_URL (${BENCH_PAYPAL_VERIFY:-certificate})"
start_webhook_app paypal "--samizdat.revenue.paypal.client-id=bench-client" \
  "--samizdat.revenue.paypal.client-secret=bench-secret" "--samizdat.revenue.paypal.webhook-id=$WEBHOOK_ID" \
  "--samizdat.revenue.paypal.api-base=http://127.0.0.1:$STAND_IN_PORT"

load() { bench_java PaypalWebhookLoad "$URL" "$KEYSTORE" "$WEBHOOK_ID" "$@"; }

RUN="r$(date +%s)"
rail_checkouts PaypalWebhookLoad "$RUN"
webhook_runs "$RUN"
# the capture id is CAP and the checkout id's hex digits
rail_counts paypal CAP

webhook_report "Samizdat PayPal webhooks: PAYMENT.CAPTURE.COMPLETED notifications, each signature checked (${BENCH_PAYPAL_VERIFY:-certificate}) and its order read from a stand-in PayPal API"
