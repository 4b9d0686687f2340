package org.samizdat.reach.newsletter;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.samizdat.platform.security.AppSecrets;
import org.springframework.stereotype.Component;

/**
 * The two kinds of link a subscriber gets. A confirmation link carries 32 random bytes of which
 * only a SHA-256 hash is stored, so the database alone cannot confirm anyone. An unsubscribe link
 * must appear in every issue, so it is not stored at all: it is the subscriber's id with a MAC (key
 * kept in the database, the same on every node), and stops working when the row is deleted.
 */
@Component
class NewsletterTokens {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODE = Base64.getUrlDecoder();

  /** 32 bytes in unpadded base64url. */
  private static final int TOKEN_LENGTH = 43;

  private static final int MAC_BYTES = 16;

  private final AppSecrets secrets;

  NewsletterTokens(AppSecrets secrets) {
    this.secrets = secrets;
  }

  /** A fresh confirmation token and the hash to store for it. */
  record Confirmation(String token, byte[] hash) {}

  static Confirmation newConfirmation() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return new Confirmation(ENCODE.encodeToString(bytes), sha256(bytes));
  }

  /** The stored hash a confirmation token stands for, or empty if it cannot be one of ours. */
  static Optional<byte[]> confirmationHash(String token) {
    return decode(token).map(NewsletterTokens::sha256);
  }

  String unsubscribe(UUID subscriber) {
    byte[] id = bytes(subscriber);
    byte[] all = Arrays.copyOf(id, 32);
    System.arraycopy(mac(id), 0, all, 16, MAC_BYTES);
    return ENCODE.encodeToString(all);
  }

  /**
   * The subscriber an unsubscribe token was made for, if we made it (whether or not they are still
   * subscribed).
   */
  Optional<UUID> unsubscriber(String token) {
    return decode(token)
        .flatMap(
            all -> {
              byte[] id = Arrays.copyOf(all, 16);
              byte[] given = Arrays.copyOfRange(all, 16, 32);
              if (!MessageDigest.isEqual(Arrays.copyOf(mac(id), MAC_BYTES), given)) {
                return Optional.empty();
              }
              ByteBuffer b = ByteBuffer.wrap(id);
              return Optional.of(new UUID(b.getLong(), b.getLong()));
            });
  }

  private static Optional<byte[]> decode(String token) {
    if (token == null || token.length() != TOKEN_LENGTH) {
      return Optional.empty();
    }
    try {
      return Optional.of(DECODE.decode(token));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static byte[] bytes(UUID id) {
    return ByteBuffer.allocate(16)
        .putLong(id.getMostSignificantBits())
        .putLong(id.getLeastSignificantBits())
        .array();
  }

  private byte[] mac(byte[] id) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(
          new SecretKeySpec(
              secrets.get("newsletter-unsubscribe").getBytes(StandardCharsets.UTF_8),
              "HmacSHA256"));
      return mac.doFinal(id);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
