package org.samizdat.revenue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.samizdat.platform.security.AppSecrets;
import org.springframework.stereotype.Component;

/**
 * Signed, expiring links that let a reader see and manage what they gave with one e-mail address,
 * without an account or a cookie. The link carries the address and its expiry, signed with a key
 * kept in the database, so any node can check it.
 */
@Component
public class SupporterLinks {

  private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODE = Base64.getUrlDecoder();

  private final AppSecrets secrets;
  private final Clock clock;
  private final RevenueSettings settings;

  SupporterLinks(AppSecrets secrets, Clock clock, RevenueSettings settings) {
    this.secrets = secrets;
    this.clock = clock;
    this.settings = settings;
  }

  public String issue(String email) {
    long expires = clock.instant().plus(settings.manageLinkLifetime()).getEpochSecond();
    String body = email.trim().toLowerCase(java.util.Locale.ROOT) + "\n" + expires;
    return ENCODE.encodeToString(body.getBytes(StandardCharsets.UTF_8))
        + "."
        + ENCODE.encodeToString(mac(body));
  }

  /** The e-mail address a link was issued for, if the link is genuine and has not expired. */
  public Optional<String> verify(String token) {
    if (token == null || token.length() > 1000) {
      return Optional.empty();
    }
    int dot = token.indexOf('.');
    if (dot < 1) {
      return Optional.empty();
    }
    try {
      String body = new String(DECODE.decode(token.substring(0, dot)), StandardCharsets.UTF_8);
      byte[] signature = DECODE.decode(token.substring(dot + 1));
      if (!MessageDigest.isEqual(mac(body), signature)) {
        return Optional.empty();
      }
      int nl = body.lastIndexOf('\n');
      long expires = Long.parseLong(body.substring(nl + 1));
      if (clock.instant().getEpochSecond() > expires) {
        return Optional.empty();
      }
      return Optional.of(body.substring(0, nl));
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      return Optional.empty();
    }
  }

  private byte[] mac(String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(
          new SecretKeySpec(
              secrets.get("manage-link").getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
