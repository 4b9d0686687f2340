import java.io.FileInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.zip.CRC32;

/**
 * PayPal webhooks under load, in three roles:
 *
 * <pre>
 * java -cp classes PaypalWebhookLoad serve PORT KEYSTORE WEBHOOK_ID        a stand-in PayPal REST API
 * java -cp classes PaypalWebhookLoad checkouts RUN_ID EVENTS CREATED_AT    CSV rows of the checkouts paid
 * java -cp classes PaypalWebhookLoad URL KEYSTORE WEBHOOK_ID RUN_ID EVENTS DUPLICATE_SHARE CONCURRENCY [bad-signature]
 * </pre>
 *
 * KEYSTORE is a PKCS12 file (password "bench-key", alias "paypal") holding the stand-in's webhook
 * signing key and its self-signed certificate (CN=messageverificationcerts.paypal.com), made with
 * keytool; the load signs with the key, the stand-in serves the certificate. The environment
 * variable PAYPAL_CERT_URL is the PAYPAL-CERT-URL the load sends: the stand-in's own (the app
 * checks the signature itself) or PayPal's (the app asks the stand-in's verification API).
 *
 * <p>compiled with its helper: {@code javac -d classes PaypalWebhookLoad.java WebhookFire.java}.
 *
 * <p>The load fires {@code PAYMENT.CAPTURE.COMPLETED} notifications in PayPal's format at
 * /webhooks/paypal from a few concurrent connections: every event once, plus a share delivered
 * again with the same id (as PayPal retries), shuffled so that some repeats race their original
 * ({@link WebhookFire}). Each carries the PAYPAL-* transmission headers; PayPal signs {@code
 * transmission_id|transmission_time|webhook_id|crc32(body)} with its certificate's key
 * (SHA256withRSA), and so does the load with the stand-in's key; the stand-in serves the
 * certificate at {@code GET /v1/notifications/certs/CERT-BENCH}, and its {@code POST
 * /v1/notifications/verify-webhook-signature} answers SUCCESS only when the signature checks
 * (FAILURE for the forged reference). The app also reads each capture's order back ({@code GET
 * /v2/checkout/orders/{id}}) for the payer's address, and gets its token from {@code POST
 * /v1/oauth2/token}, as from PayPal.
 */
public class PaypalWebhookLoad {

  public static void main(String[] args) throws Exception {
    if (args[0].equals("serve")) {
      serve(Integer.parseInt(args[1]), args[2], args[3]);
      return;
    }
    if (args[0].equals("checkouts")) {
      WebhookFire.printCheckouts("paypal", args[1], Integer.parseInt(args[2]), args[3]);
      return;
    }
    String url = args[0];
    String keystore = args[1];
    String certUrl = System.getenv("PAYPAL_CERT_URL");
    ThreadLocal<Signature> signers = signers(keystore);
    String webhookId = args[2];
    String run = args[3];
    int events = Integer.parseInt(args[4]);
    double duplicateShare = Double.parseDouble(args[5]);
    int concurrency = Integer.parseInt(args[6]);
    boolean badSignature = args.length > 7 && args[7].equals("bad-signature");
    // PayPal signs on its own machines: every transmission (an event's first delivery and its
    // repeat) is signed before the clock starts, so RSA signing does not take the app's cores
    String time = Instant.now().toString();
    String[][] signatures = new String[2][events];
    java.util.stream.IntStream.range(0, events)
        .parallel()
        .forEach(
            i -> {
              for (int again = 0; again < 2; again++) {
                signatures[again][i] =
                    sign(
                        signers.get(),
                        transmission(run, i, again == 1),
                        time,
                        webhookId,
                        payload(run, i));
              }
            });
    WebhookFire.fire(
        events,
        duplicateShare,
        concurrency,
        keystore,
        badSignature,
        (i, again, k, mac) -> {
          String body = payload(run, i);
          String transmissionId = transmission(run, i, again);
          String signature = signatures[again ? 1 : 0][i];
          if (badSignature) {
            signature = WebhookFire.forged(signature);
          }
          return WebhookFire.post(
              url,
              body,
              "Content-Type",
              "application/json",
              "User-Agent",
              "PayPal/AUHD-214.0-58327370",
              "PAYPAL-AUTH-ALGO",
              "SHA256withRSA",
              "PAYPAL-CERT-URL",
              certUrl,
              "PAYPAL-TRANSMISSION-ID",
              transmissionId,
              "PAYPAL-TRANSMISSION-SIG",
              signature,
              "PAYPAL-TRANSMISSION-TIME",
              time);
        });
  }

  /** A transmission's id: PayPal sends a repeat of an event as a new transmission. */
  static String transmission(String run, int event, boolean again) {
    return "bench-" + run + "-" + event + (again ? "-again" : "");
  }

  /** What PayPal signs for one transmission, signed with the stand-in's key: base64. */
  static String sign(
      Signature signer, String transmissionId, String time, String webhookId, String body) {
    try {
      signer.update(signed(transmissionId, time, webhookId, body));
      return Base64.getEncoder().encodeToString(signer.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] signed(String transmissionId, String time, String webhookId, String body) {
    CRC32 crc = new CRC32();
    crc.update(body.getBytes(StandardCharsets.UTF_8));
    return (transmissionId + "|" + time + "|" + webhookId + "|" + crc.getValue())
        .getBytes(StandardCharsets.UTF_8);
  }

  static KeyStore keystore(String path) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (FileInputStream in = new FileInputStream(path)) {
      store.load(in, "bench-key".toCharArray());
    }
    return store;
  }

  /** A signer per thread, each with the stand-in's private key. */
  static ThreadLocal<Signature> signers(String keystore) throws Exception {
    PrivateKey key = (PrivateKey) keystore(keystore).getKey("paypal", "bench-key".toCharArray());
    return ThreadLocal.withInitial(
        () -> {
          try {
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(key);
            return signer;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  static final String CREATED =
      Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();

  /** A PAYMENT.CAPTURE.COMPLETED notification as PayPal sends it (v1 webhook, capture resource). */
  static String payload(String run, int i) {
    String id = WebhookFire.hex(WebhookFire.checkoutId(run, i));
    return "{\"id\":\"WH-BENCH-"
        + run
        + "-"
        + i
        + "\",\"event_version\":\"1.0\",\"create_time\":\""
        + CREATED
        + "\",\"resource_type\":\"capture\",\"resource_version\":\"2.0\","
        + "\"event_type\":\"PAYMENT.CAPTURE.COMPLETED\",\"summary\":\"Payment completed for $ 25.0 USD\","
        + "\"resource\":{\"id\":\"CAP"
        + id
        + "\",\"status\":\"COMPLETED\",\"amount\":{\"currency_code\":\"USD\",\"value\":\"25.00\"},"
        + "\"final_capture\":true,\"seller_protection\":{\"status\":\"ELIGIBLE\"},"
        + "\"seller_receivable_breakdown\":{\"gross_amount\":{\"currency_code\":\"USD\",\"value\":\"25.00\"},"
        + "\"paypal_fee\":{\"currency_code\":\"USD\",\"value\":\"1.22\"},"
        + "\"net_amount\":{\"currency_code\":\"USD\",\"value\":\"23.78\"}},"
        + "\"custom_id\":\""
        + WebhookFire.checkoutId(run, i)
        + "\",\"supplementary_data\":{\"related_ids\":{\"order_id\":\"ORD"
        + id
        + "\"}},\"create_time\":\""
        + CREATED
        + "\",\"update_time\":\""
        + CREATED
        + "\",\"links\":[{\"href\":\"https://api.paypal.com/v2/payments/captures/CAP"
        + id
        + "\",\"rel\":\"self\",\"method\":\"GET\"}]},"
        + "\"links\":[{\"href\":\"https://api.paypal.com/v1/notifications/webhooks-events/WH-BENCH-"
        + run
        + "-"
        + i
        + "\",\"rel\":\"self\",\"method\":\"GET\"}]}";
  }

  /**
   * POST /v1/oauth2/token, POST /v1/notifications/verify-webhook-signature (SUCCESS when the
   * transmission's signature matches, else FAILURE), GET /v2/checkout/orders/{id} (the payer's
   * address and our checkout id, from the order id).
   */
  static void serve(int port, String keystore, String webhookId) throws Exception {
    Certificate certificate = keystore(keystore).getCertificate("paypal");
    String pem =
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.getEncoded())
            + "\n-----END CERTIFICATE-----\n";
    ThreadLocal<Signature> verifiers =
        ThreadLocal.withInitial(
            () -> {
              try {
                Signature verifier = Signature.getInstance("SHA256withRSA");
                verifier.initVerify(certificate.getPublicKey());
                return verifier;
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    WebhookFire.serve(
        port,
        "a stand-in PayPal API",
        (method, path, request) -> {
          if (method.equals("POST") && path.equals("/v1/oauth2/token")) {
            return new WebhookFire.Answer(
                200,
                "{\"scope\":\"https://uri.paypal.com/services/payments/payment\",\"access_token\":"
                    + "\"A21AABench\",\"token_type\":\"Bearer\",\"app_id\":\"APP-80W284485P519543T\","
                    + "\"expires_in\":32400,\"nonce\":\"bench\"}");
          }
          if (method.equals("GET") && path.equals("/v1/notifications/certs/CERT-BENCH")) {
            return new WebhookFire.Answer(200, pem);
          }
          if (method.equals("POST") && path.equals("/v1/notifications/verify-webhook-signature")) {
            String text = new String(request, StandardCharsets.UTF_8);
            String body = between(text, "\"webhook_event\":", text.length() - 1);
            boolean ok;
            try {
              Signature verifier = verifiers.get();
              verifier.update(
                  signed(
                      field(text, "transmission_id"),
                      field(text, "transmission_time"),
                      field(text, "webhook_id"),
                      body));
              ok =
                  webhookId.equals(field(text, "webhook_id"))
                      && verifier.verify(
                          Base64.getDecoder().decode(field(text, "transmission_sig")));
            } catch (Exception e) {
              ok = false;
            }
            return new WebhookFire.Answer(
                200, "{\"verification_status\":\"" + (ok ? "SUCCESS" : "FAILURE") + "\"}");
          }
          String prefix = "/v2/checkout/orders/ORD";
          if (method.equals("GET") && path.startsWith(prefix)) {
            String id = path.substring(prefix.length());
            return new WebhookFire.Answer(
                200,
                "{\"id\":\"ORD"
                    + id
                    + "\",\"intent\":\"CAPTURE\",\"status\":\"COMPLETED\",\"payment_source\":{\"paypal\":"
                    + "{\"email_address\":\"reader"
                    + id
                    + "@bench.test\",\"account_status\":\"VERIFIED\"}},\"purchase_units\":[{"
                    + "\"reference_id\":\"default\",\"custom_id\":\""
                    + WebhookFire.fromHex(id)
                    + "\",\"amount\":{\"currency_code\":\"USD\",\"value\":\"25.00\"}}],"
                    + "\"payer\":{\"email_address\":\"reader"
                    + id
                    + "@bench.test\"}}");
          }
          return new WebhookFire.Answer(
              404,
              "{\"name\":\"RESOURCE_NOT_FOUND\",\"message\":\"The specified resource does not exist.\"}");
        });
  }

  /** A string field's value in the verification request (the app writes it with Jackson). */
  static String field(String json, String name) {
    int at = json.indexOf("\"" + name + "\":\"");
    if (at < 0) {
      return "";
    }
    int start = at + name.length() + 4;
    return json.substring(start, json.indexOf('"', start));
  }

  private static String between(String text, String marker, int end) {
    int at = text.indexOf(marker);
    return at < 0 ? "" : text.substring(at + marker.length(), end);
  }
}
