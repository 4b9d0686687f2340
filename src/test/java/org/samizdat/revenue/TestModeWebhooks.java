package org.samizdat.revenue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.samizdat.platform.security.AppSecrets;
import tools.jackson.databind.json.JsonMapper;

/** Builds and sends webhooks signed exactly as the test-mode provider signs them. */
public final class TestModeWebhooks {

  private final String secret;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();

  public TestModeWebhooks(AppSecrets secrets, int port) {
    this.secret = secrets.get("testmode-webhook");
    this.port = port;
  }

  public static String payload(PaymentEvent event) {
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("type", event.getClass().getSimpleName());
    envelope.put("event", event);
    return JsonMapper.builder().build().writeValueAsString(envelope);
  }

  public String signature(String payload, long timestamp, String key) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "t="
        + timestamp
        + ",v1="
        + HexFormat.of()
            .formatHex(mac.doFinal((timestamp + "." + payload).getBytes(StandardCharsets.UTF_8)));
  }

  public HttpResponse<String> send(String payload, String signatureHeader) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/testmode"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(payload));
    if (signatureHeader != null) {
      b.header("samizdat-testmode-signature", signatureHeader);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> send(PaymentEvent event) throws Exception {
    String payload = payload(event);
    return send(payload, signature(payload, System.currentTimeMillis() / 1000, secret));
  }

  public String sign(String payload) throws Exception {
    return signature(payload, System.currentTimeMillis() / 1000, secret);
  }
}
