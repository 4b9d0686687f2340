package org.samizdat.platform.security;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords as authenticator apps make them (RFC 6238: HMAC-SHA1, 30-second
 * steps, 6 digits), and the Base32 their secrets are written in.
 */
public final class Totp {

  public static final int STEP_SECONDS = 30;
  private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  private Totp() {}

  public static long step(Instant at) {
    return Math.floorDiv(at.getEpochSecond(), STEP_SECONDS);
  }

  /** The 6-digit code of a step. */
  public static String code(byte[] secret, long step) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(secret, "HmacSHA1"));
      byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
      int offset = h[h.length - 1] & 0x0f;
      int binary =
          ((h[offset] & 0x7f) << 24)
              | ((h[offset + 1] & 0xff) << 16)
              | ((h[offset + 2] & 0xff) << 8)
              | (h[offset + 3] & 0xff);
      return String.format(Locale.ROOT, "%06d", binary % 1_000_000);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The step whose code this is, allowing one step of clock drift either way; empty when it matches
   * none. Spaces in what was typed are ignored.
   */
  public static OptionalLong matchingStep(byte[] secret, String typed, Instant now) {
    String code = typed == null ? "" : typed.replaceAll("\\s", "");
    if (!code.matches("\\d{6}")) {
      return OptionalLong.empty();
    }
    long current = step(now);
    for (long s = current - 1; s <= current + 1; s++) {
      if (java.security.MessageDigest.isEqual(
          code(secret, s).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
          code.getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
        return OptionalLong.of(s);
      }
    }
    return OptionalLong.empty();
  }

  public static String base32(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(BASE32.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(BASE32.charAt((buffer << (5 - bits)) & 31));
    }
    return out.toString();
  }

  public static byte[] fromBase32(String text) {
    String s = text.replaceAll("[\\s=]", "").toUpperCase(Locale.ROOT);
    ByteBuffer out = ByteBuffer.allocate(s.length() * 5 / 8);
    int buffer = 0;
    int bits = 0;
    for (char c : s.toCharArray()) {
      int v = BASE32.indexOf(c);
      if (v < 0) {
        throw new IllegalArgumentException("Not Base32: " + c);
      }
      buffer = (buffer << 5) | v;
      bits += 5;
      if (bits >= 8) {
        out.put((byte) (buffer >> (bits - 8)));
        bits -= 8;
      }
    }
    return java.util.Arrays.copyOf(out.array(), out.position());
  }
}
