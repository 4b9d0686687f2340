#!/usr/bin/env bash
# Stripe webhooks per second, each payment recorded exactly once: the app with the Stripe rail on
# (a live-mode key), pointed at a stand-in Stripe API (StripeWebhookLoad.java serve) that answers
# each payment's balance transaction; N distinct checkout.session.completed events in Stripe's own
# format, signed as Stripe signs (checked by stripe-java's Webhook.constructEvent), each a $25 gift
# with the payer's address (a supporter and a receipt), plus a share of retries (same event id)
# fired concurrently at /webhooks/stripe; then the ledger must hold exactly N entries.
# Target: >= 500/s. Reference in the same run: the same deliveries with a wrong signature.
#
#   bench/stripe-webhooks.sh
#
# Settings (environment): as bench/btcpay-webhooks.sh, and BENCH_STRIPE_ACCOUNT_CURRENCY (usd): the
# stand-in account's default currency. The gifts are in dollars: with usd the app needs no balance
# read-back (a charge in the account's currency settles in it); with another, say eur, it reads
# every payment's balance transaction back from the stand-in.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

webhook_setup StripeWebhookLoad
ACCOUNT_CURRENCY=${BENCH_STRIPE_ACCOUNT_CURRENCY:-usd}

SECRET="whsec_bench$(date +%s)"
start_stand_in StripeWebhookLoad "$ACCOUNT_CURRENCY"
start_webhook_app stripe "--samizdat.revenue.stripe.secret-key=sk_live_bench" \
  "--samizdat.revenue.stripe.webhook-secret=$SECRET" \
  "--samizdat.revenue.stripe.api-base=http://127.0.0.1:$STAND_IN_PORT"

load() { bench_java StripeWebhookLoad "$URL" "$SECRET" "$@"; }

RUN="r$(date +%s)"
rail_checkouts StripeWebhookLoad "$RUN"
webhook_runs "$RUN"
# the payment intent is pi_ and the checkout id's hex digits
rail_counts stripe pi_

if [ "$ACCOUNT_CURRENCY" = usd ]; then
  what="dollar gifts to a dollar account (no balance read-back)"
else
  what="dollar gifts to a $ACCOUNT_CURRENCY account, each payment's balance read back from the stand-in"
fi
webhook_report "Samizdat Stripe webhooks: live-mode checkout.session.completed events, $what"
