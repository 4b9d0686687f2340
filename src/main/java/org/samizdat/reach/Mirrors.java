package org.samizdat.reach;

import java.util.List;
import org.samizdat.platform.InputRejected;

/**
 * The site's mirrors and onion address: kept by editors, checked every few minutes, published for
 * readers on the about page, in {@code Onion-Location} and as a signed {@code /mirrors.json}.
 */
public interface Mirrors {

  /** The current list, from memory: cheap enough for every request. */
  MirrorList current();

  /**
   * Replaces the list and the onion address, and drops the cached pages that show them.
   *
   * @param mirrorUrls base addresses, http or https, without query or fragment; blanks are ignored
   * @param onionAddress a v3 onion address, with or without {@code http://}; blank for none
   * @throws InputRejected naming the field ({@code mirrors} or {@code onion}) and what to fix;
   *     nothing is stored
   */
  void replace(List<String> mirrorUrls, String onionAddress);

  /** Checks every mirror now instead of at the next scheduled run, and stores what it found. */
  MirrorList checkNow();

  /** The key that verifies {@code /mirrors.json.sig}: base64 of its X.509 SubjectPublicKeyInfo. */
  String publicKeyBase64();

  /** The same key as PEM, what {@code openssl} reads. */
  String publicKeyPem();

  /** The signing key's public half, its fingerprint, where it lives, and a rotation under way. */
  SigningKeyStatus signingKey();

  /**
   * Starts a rotation of a key kept in the database: the list announces a new key for the overlap
   * (SAMIZDAT_MIRROR_SIGNING_KEY_OVERLAP), signed by the current one; then the new key signs.
   *
   * @throws InputRejected ({@code rotation}) when keys come from configuration or a rotation is
   *     already under way
   */
  void startSigningKeyRotation();

  /** Shell commands that fetch the list and verify its signature with curl, base64 and openssl. */
  String verifyCommands();
}
