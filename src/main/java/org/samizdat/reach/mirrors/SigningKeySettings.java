package org.samizdat.reach.mirrors;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the key that signs {@code /mirrors.json} lives. With neither {@code file} nor {@code value}
 * the site makes one and keeps it in the database (and so in every backup).
 *
 * @param file a PKCS#8 PEM file with the Ed25519 private key (SAMIZDAT_MIRROR_SIGNING_KEY_FILE);
 *     refused when group or others may read it
 * @param value the same PEM, or its base64 body, given directly (SAMIZDAT_MIRROR_SIGNING_KEY)
 * @param nextFile the key that takes over after the overlap (SAMIZDAT_MIRROR_SIGNING_KEY_NEXT_FILE)
 * @param nextValue likewise, given directly (SAMIZDAT_MIRROR_SIGNING_KEY_NEXT)
 * @param overlap how long the list announces the next key, signed by the current one, before the
 *     next key signs (SAMIZDAT_MIRROR_SIGNING_KEY_OVERLAP)
 * @param handoverPoll how often a node looks whether an overlap has ended
 */
@ConfigurationProperties("samizdat.reach.signing-key")
record SigningKeySettings(
    @DefaultValue("") String file,
    @DefaultValue("") String value,
    @DefaultValue("") String nextFile,
    @DefaultValue("") String nextValue,
    @DefaultValue("30d") Duration overlap,
    @DefaultValue("60s") Duration handoverPoll) {

  SigningKeySettings {
    if (overlap.isNegative()) {
      throw new IllegalArgumentException(
          "SAMIZDAT_MIRROR_SIGNING_KEY_OVERLAP must not be negative (e.g. 30d)");
    }
  }

  boolean configured() {
    return !file.isBlank() || !value.isBlank();
  }

  boolean nextConfigured() {
    return !nextFile.isBlank() || !nextValue.isBlank();
  }
}
