import java.time.Instant;

/**
 * Stripe webhooks under load, in three roles:
 *
 * <pre>
 * java -cp classes StripeWebhookLoad serve PORT [CURRENCY]               a stand-in Stripe API
 * java -cp classes StripeWebhookLoad checkouts RUN_ID EVENTS CREATED_AT  CSV rows of the checkouts paid
 * java -cp classes StripeWebhookLoad URL SECRET RUN_ID EVENTS DUPLICATE_SHARE CONCURRENCY [bad-signature]
 * </pre>
 *
 * compiled with its helper: {@code javac -d classes StripeWebhookLoad.java WebhookFire.java}.
 *
 * <p>The load fires live-mode {@code checkout.session.completed} events, in Stripe's own event
 * format (API version 2025-03-31.basil), at /webhooks/stripe from a few concurrent connections:
 * every event once, plus a share delivered again with the same event id (as Stripe retries),
 * shuffled so that some repeats race their original ({@link WebhookFire}). Signed as Stripe signs:
 * {@code Stripe-Signature: t=<unix s>,v1=hex(HMAC-SHA256(whsec, t + "." + body))}; the app checks
 * it with stripe-java's {@code Webhook.constructEvent}. Each session is a $25 gift with the payer's
 * address (a supporter and a receipt), for a checkout opened before. The app asks the stand-in for
 * the account's default currency ({@code GET /v1/account}: CURRENCY, usd unless told) once, and,
 * when the gift is in another currency, for each payment's balance transaction ({@code GET
 * /v1/payment_intents/{id}}), as it asks Stripe.
 */
public class StripeWebhookLoad {

  public static void main(String[] args) throws Exception {
    if (args[0].equals("serve")) {
      serve(Integer.parseInt(args[1]), args.length > 2 ? args[2] : "usd");
      return;
    }
    if (args[0].equals("checkouts")) {
      WebhookFire.printCheckouts("stripe", args[1], Integer.parseInt(args[2]), args[3]);
      return;
    }
    String url = args[0];
    String secret = args[1];
    String run = args[2];
    int events = Integer.parseInt(args[3]);
    double duplicateShare = Double.parseDouble(args[4]);
    int concurrency = Integer.parseInt(args[5]);
    boolean badSignature = args.length > 6 && args[6].equals("bad-signature");
    WebhookFire.fire(
        events,
        duplicateShare,
        concurrency,
        secret,
        badSignature,
        (i, again, k, mac) -> {
          String body = payload(run, i);
          long t = Instant.now().getEpochSecond();
          String signature = WebhookFire.hmacHex(mac, t + "." + body);
          if (badSignature) {
            signature = WebhookFire.forged(signature);
          }
          return WebhookFire.post(
              url,
              body,
              "Content-Type",
              "application/json; charset=utf-8",
              "User-Agent",
              "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
              "Stripe-Signature",
              "t=" + t + ",v1=" + signature);
        });
  }

  static final long CREATED = Instant.now().getEpochSecond();

  /** A checkout.session.completed event as Stripe renders it (the fields a session carries). */
  static String payload(String run, int i) {
    String id = WebhookFire.hex(WebhookFire.checkoutId(run, i));
    return "{\"id\":\"evt_bench_"
        + run
        + "_"
        + i
        + "\",\"object\":\"event\",\"api_version\":\"2025-03-31.basil\",\"created\":"
        + CREATED
        + ",\"data\":{\"object\":{\"id\":\"cs_live_"
        + id
        + "\",\"object\":\"checkout.session\",\"amount_subtotal\":2500,\"amount_total\":2500,"
        + "\"cancel_url\":\"https://news.example/support\",\"client_reference_id\":\""
        + WebhookFire.checkoutId(run, i)
        + "\",\"created\":"
        + CREATED
        + ",\"currency\":\"usd\",\"customer\":\"cus_"
        + id
        + "\",\"customer_creation\":\"always\",\"customer_details\":{\"address\":null,\"email\":\"reader"
        + id
        + "@bench.test\",\"name\":null,\"phone\":null,\"tax_exempt\":\"none\",\"tax_ids\":[]},"
        + "\"customer_email\":null,\"expires_at\":"
        + (CREATED + 86400)
        + ",\"invoice\":null,\"livemode\":true,\"locale\":\"en\",\"metadata\":{\"checkout_id\":\""
        + WebhookFire.checkoutId(run, i)
        + "\",\"frequency\":\"once\"},\"mode\":\"payment\",\"payment_intent\":\"pi_"
        + id
        + "\",\"payment_method_types\":[\"card\"],\"payment_status\":\"paid\",\"status\":\"complete\","
        + "\"submit_type\":\"donate\",\"subscription\":null,\"success_url\":\"https://news.example/support/thanks\","
        + "\"total_details\":{\"amount_discount\":0,\"amount_shipping\":0,\"amount_tax\":0},"
        + "\"url\":null}},\"livemode\":true,\"pending_webhooks\":1,\"request\":{\"id\":null,"
        + "\"idempotency_key\":null},\"type\":\"checkout.session.completed\"}";
  }

  /**
   * GET /v1/payment_intents/{id} (expanded to latest_charge.balance_transaction): the gift settled
   * in its own currency, so the app counts it at its face value.
   */
  static void serve(int port, String accountCurrency) throws Exception {
    String prefix = "/v1/payment_intents/";
    WebhookFire.serve(
        port,
        "a stand-in Stripe API",
        (method, path, request) -> {
          if (method.equals("GET") && path.equals("/v1/account")) {
            return new WebhookFire.Answer(
                200,
                "{\"id\":\"acct_bench\",\"object\":\"account\",\"country\":\"US\","
                    + "\"default_currency\":\""
                    + accountCurrency
                    + "\",\"charges_enabled\":true}");
          }
          if (!method.equals("GET") || !path.startsWith(prefix)) {
            return new WebhookFire.Answer(
                404,
                "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"Unrecognized request URL\"}}");
          }
          String id = path.substring(prefix.length());
          return new WebhookFire.Answer(
              200,
              "{\"id\":\""
                  + id
                  + "\",\"object\":\"payment_intent\",\"amount\":2500,\"currency\":\"usd\",\"livemode\":true,"
                  + "\"status\":\"succeeded\",\"latest_charge\":{\"id\":\"ch_"
                  + id
                  + "\",\"object\":\"charge\",\"amount\":2500,\"currency\":\"usd\",\"paid\":true,"
                  + "\"balance_transaction\":{\"id\":\"txn_"
                  + id
                  + "\",\"object\":\"balance_transaction\",\"amount\":2500,\"currency\":\"usd\","
                  + "\"fee\":103,\"net\":2397,\"status\":\"available\",\"type\":\"charge\"}}}");
        });
  }
}
