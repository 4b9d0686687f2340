package org.samizdat.reach;

import java.time.Instant;

/**
 * The key that signs {@code /mirrors.json}, as staff and readers may see it: public halves only. A
 * fingerprint is the SHA-256 of the raw 32-byte Ed25519 public key, in lowercase hex, in 16 groups
 * of four separated by spaces (what {@code openssl pkey -pubin -in mirrors.pem -outform DER | tail
 * -c 32 | sha256sum} prints, grouped).
 *
 * @param publicKeyBase64 base64 of the X.509 SubjectPublicKeyInfo, what {@code /mirrors.pub} serves
 * @param inDatabase true when the site made the key and keeps it in its database (and so in every
 *     backup); false when it comes from SAMIZDAT_MIRROR_SIGNING_KEY[_FILE]
 * @param nextPublicKeyBase64 during a rotation, the key that signs from {@code handsOverAt}; else
 *     null
 * @param handsOverAt when the next key starts signing; null outside a rotation
 */
public record SigningKeyStatus(
    String publicKeyBase64,
    String fingerprint,
    boolean inDatabase,
    String nextPublicKeyBase64,
    String nextFingerprint,
    Instant handsOverAt) {

  public boolean rotating() {
    return nextPublicKeyBase64 != null;
  }
}
