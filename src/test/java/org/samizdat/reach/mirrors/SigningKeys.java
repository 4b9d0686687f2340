package org.samizdat.reach.mirrors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/** Keys and checks for the signing-key tests, computed here without the app's code. */
final class SigningKeys {

  private SigningKeys() {}

  static KeyPair fresh() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String pem(KeyPair pair) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'})
            .encodeToString(pair.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  /** A PEM file in target/ with the given mode, e.g. {@code rw-------}. */
  static Path file(KeyPair pair, String mode) {
    try {
      Path dir = Files.createDirectories(Path.of("target").toAbsolutePath());
      Path file = Files.createTempFile(dir, "mirror-key-", ".pem");
      Files.writeString(file, pem(pair), StandardCharsets.US_ASCII);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SHA-256 of the raw 32-byte key (the last 32 bytes of its SubjectPublicKeyInfo), grouped. */
  static String fingerprint(PublicKey key) throws Exception {
    byte[] spki = key.getEncoded();
    byte[] raw = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
    String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
    return hex.replaceAll("(.{4})(?!$)", "$1 ");
  }

  static boolean verifies(PublicKey key, byte[] message, String signatureBase64) throws Exception {
    Signature verifier = Signature.getInstance("Ed25519");
    verifier.initVerify(key);
    verifier.update(message);
    return verifier.verify(Base64.getDecoder().decode(signatureBase64.strip()));
  }

  static PublicKey publicKey(String base64) throws Exception {
    return KeyFactory.getInstance("Ed25519")
        .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64.strip())));
  }
}
