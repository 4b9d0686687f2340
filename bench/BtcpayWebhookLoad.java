import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;

/**
 * BTCPay Server webhooks under load, in three roles:
 *
 * <pre>
 * java -cp classes BtcpayWebhookLoad serve PORT STORE_ID      a stand-in Greenfield API: every invoice Settled, $25
 * java -cp classes BtcpayWebhookLoad checkouts RUN_ID EVENTS CREATED_AT  CSV rows of the checkouts the invoices belong to
 * java -cp classes BtcpayWebhookLoad URL SECRET STORE_ID RUN_ID EVENTS DUPLICATE_SHARE CONCURRENCY [bad-signature]
 * </pre>
 *
 * compiled with its helper: {@code javac -d classes BtcpayWebhookLoad.java WebhookFire.java} (on
 * Java 22 and later {@code java BtcpayWebhookLoad.java ...} works too).
 *
 * <p>The load fires InvoiceSettled events at /webhooks/btcpay from a few concurrent connections:
 * every invoice once, plus a share delivered again with a new deliveryId and isRedelivery true (as
 * BTCPay's redeliver button does), shuffled so that some repeats race their original ({@link
 * WebhookFire}). Signed as BTCPay signs: {@code BTCPay-Sig: sha256=hex(HMAC-SHA256(secret, body))}.
 * The app reads each invoice back from the stand-in API, as it would from BTCPay. Prints one line
 * "RESULT deliveries=.. events=.. seconds=.. ok=.. rejected=.. failed=.." and a latency summary.
 */
public class BtcpayWebhookLoad {

  public static void main(String[] args) throws Exception {
    if (args[0].equals("serve")) {
      serve(Integer.parseInt(args[1]), args[2]);
      return;
    }
    if (args[0].equals("checkouts")) {
      WebhookFire.printCheckouts("btcpay", args[1], Integer.parseInt(args[2]), args[3]);
      return;
    }
    String url = args[0];
    String secret = args[1];
    String store = args[2];
    String run = args[3];
    int events = Integer.parseInt(args[4]);
    double duplicateShare = Double.parseDouble(args[5]);
    int concurrency = Integer.parseInt(args[6]);
    boolean badSignature = args.length > 7 && args[7].equals("bad-signature");
    WebhookFire.fire(
        events,
        duplicateShare,
        concurrency,
        secret,
        badSignature,
        (i, again, k, mac) -> {
          String body = payload(run, store, i, again, k);
          String signature =
              HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
          if (badSignature) {
            signature = WebhookFire.forged(signature);
          }
          return WebhookFire.post(
              url, body, "Content-Type", "application/json", "BTCPay-Sig", "sha256=" + signature);
        });
  }

  static final long TIMESTAMP = Instant.now().getEpochSecond();

  /** The invoice id carries the checkout id, so the stand-in API needs no state. */
  static String invoiceId(String run, int i) {
    return WebhookFire.hex(WebhookFire.checkoutId(run, i));
  }

  /** An InvoiceSettled event as BTCPay's WebhookSender serializes it. */
  static String payload(String run, String store, int i, boolean redelivery, int k) {
    String delivery = "Bench" + run + "d" + k;
    return "{\"manuallyMarked\":false,\"overPaid\":false,\"deliveryId\":\""
        + delivery
        + "\",\"webhookId\":\"BenchHook\",\"originalDeliveryId\":\""
        + (redelivery ? "Bench" + run + "o" + i : delivery)
        + "\",\"isRedelivery\":"
        + redelivery
        + ",\"type\":\"InvoiceSettled\",\"timestamp\":"
        + TIMESTAMP
        + ",\"storeId\":\""
        + store
        + "\",\"invoiceId\":\""
        + invoiceId(run, i)
        + "\",\"metadata\":{\"orderId\":\""
        + WebhookFire.checkoutId(run, i)
        + "\"}}";
  }

  /** GET /api/v1/stores/{store}/invoices/{id}: Settled, $25, metadata.orderId from the id. */
  static void serve(int port, String store) throws Exception {
    String prefix = "/api/v1/stores/" + store + "/invoices/";
    WebhookFire.serve(
        port,
        "a stand-in BTCPay store " + store,
        (method, path, request) -> {
          if (!method.equals("GET")
              || !path.startsWith(prefix)
              || path.length() != prefix.length() + 32) {
            return new WebhookFire.Answer(
                404, "{\"code\":\"invoice-not-found\",\"message\":\"The invoice was not found\"}");
          }
          String id = path.substring(prefix.length());
          return new WebhookFire.Answer(
              200,
              "{\"id\":\""
                  + id
                  + "\",\"storeId\":\""
                  + store
                  + "\",\"amount\":\"25.00\",\"paidAmount\":\"25.00\",\"currency\":\"USD\","
                  + "\"type\":\"Standard\",\"checkoutLink\":\"http://127.0.0.1/i/"
                  + id
                  + "\",\"createdTime\":1592312018,\"expirationTime\":1592312918,"
                  + "\"monitoringExpiration\":1592398418,\"status\":\"Settled\","
                  + "\"additionalStatus\":\"None\",\"availableStatusesForManualMarking\":[],"
                  + "\"archived\":false,\"metadata\":{\"orderId\":\""
                  + WebhookFire.fromHex(id)
                  + "\"},\"checkout\":{}}");
        });
  }
}
