package org.samizdat.revenue.stripe;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a webhook body the way Stripe does, for tests that play Stripe's part: the header is {@code
 * t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed with the endpoint secret>}.
 *
 * <p>Written from Stripe's documented scheme rather than with the SDK's own helper, so the tests
 * check the SDK's verification against an independent signer.
 */
public final class StripeSignatures {

  private StripeSignatures() {}

  /** The value of a {@code Stripe-Signature} header for this payload, secret and time. */
  public static String sign(String payload, String secret, long timestampSeconds) {
    return "t="
        + timestampSeconds
        + ",v1="
        + hmacSha256Hex(secret, timestampSeconds + "." + payload);
  }

  static String hmacSha256Hex(String secret, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
