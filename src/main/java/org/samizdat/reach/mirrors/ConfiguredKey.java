package org.samizdat.reach.mirrors;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Reads an Ed25519 private key given by configuration (a PKCS#8 PEM file or the same text in an
 * environment variable) and refuses, with a line an operator can act on, a file others may read or
 * anything that is not such a key.
 */
final class ConfiguredKey {

  static final String MAKE_ONE =
      "make one with: openssl genpkey -algorithm ed25519 -out mirrors-key.pem && chmod 600"
          + " mirrors-key.pem";

  private static final Set<PosixFilePermission> OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE);

  private ConfiguredKey() {}

  /**
   * The key pair from a file or a value, whichever is set; null when neither is.
   *
   * @param variable the environment variable's name without {@code _FILE}, for messages
   */
  static KeyPair read(String file, String value, String variable) {
    if (!file.isBlank()) {
      Path path = Path.of(file.strip());
      return parse(readFile(path, variable + "_FILE"), variable + "_FILE " + path);
    }
    if (!value.isBlank()) {
      return parse(value, variable);
    }
    return null;
  }

  static String readFile(Path path, String variable) {
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException(variable + " " + path + ": no such file (" + MAKE_ONE + ")");
    }
    PosixFileAttributeView posix = Files.getFileAttributeView(path, PosixFileAttributeView.class);
    if (posix != null) {
      Set<PosixFilePermission> permissions;
      try {
        permissions = posix.readAttributes().permissions();
      } catch (IOException e) {
        throw new IllegalStateException(
            variable + " " + path + ": cannot read its permissions (" + e.getMessage() + ")", e);
      }
      if (!Collections.disjoint(permissions, OTHERS)) {
        throw new IllegalStateException(
            variable
                + " "
                + path
                + ": group or others may read it (mode "
                + PosixFilePermissions.toString(permissions)
                + "); the key that signs the mirror list must be readable only by the app's user:"
                + " chmod 600 "
                + path);
      }
    }
    try {
      return Files.readString(path, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalStateException(
          variable + " " + path + ": cannot read it (" + e.getMessage() + ")", e);
    }
  }

  /** A PKCS#8 PEM ({@code BEGIN PRIVATE KEY}) or its base64 body, Ed25519. */
  static KeyPair parse(String text, String source) {
    String body = text.strip();
    if (body.contains("-----BEGIN")) {
      if (!body.contains("-----BEGIN PRIVATE KEY-----")
          || !body.contains("-----END PRIVATE KEY-----")) {
        throw malformed(source, "not a PKCS#8 PEM (BEGIN PRIVATE KEY)");
      }
      body =
          body.substring(
              body.indexOf("-----BEGIN PRIVATE KEY-----") + "-----BEGIN PRIVATE KEY-----".length(),
              body.indexOf("-----END PRIVATE KEY-----"));
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(body.replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw malformed(source, "not base64");
    }
    PrivateKey privateKey;
    try {
      privateKey =
          KeyFactory.getInstance(SigningKey.ALGORITHM)
              .generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw malformed(source, "not an Ed25519 private key");
    }
    if (!(privateKey instanceof EdECPrivateKey edec) || edec.getBytes().isEmpty()) {
      throw malformed(source, "not an Ed25519 private key");
    }
    return withPublicHalf(edec.getBytes().get());
  }

  /**
   * The JDK derives an Ed25519 public key only while generating a pair: generate it from the very
   * seed we hold, then prove the pair signs and verifies.
   */
  static KeyPair withPublicHalf(byte[] seed) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(SigningKey.ALGORITHM);
      generator.initialize(NamedParameterSpec.ED25519, new FixedSeed(seed));
      KeyPair pair = generator.generateKeyPair();
      byte[] made = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
      byte[] probe = "samizdat".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(SigningKey.ALGORITHM);
      signer.initSign(pair.getPrivate());
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(SigningKey.ALGORITHM);
      verifier.initVerify(pair.getPublic());
      verifier.update(probe);
      if (!Arrays.equals(made, seed) || !verifier.verify(signature)) {
        throw new IllegalStateException("Could not derive the Ed25519 public key");
      }
      return pair;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Could not derive the Ed25519 public key", e);
    }
  }

  private static IllegalStateException malformed(String source, String what) {
    return new IllegalStateException(
        source
            + ": "
            + what
            + "; expected an Ed25519 private key in PKCS#8 PEM ("
            + MAKE_ONE
            + ")");
  }

  /** Hands the generator exactly the seed, once. */
  private static final class FixedSeed extends SecureRandom {
    private final byte[] seed;

    FixedSeed(byte[] seed) {
      this.seed = seed.clone();
    }

    @Override
    public void nextBytes(byte[] bytes) {
      if (bytes.length != seed.length) {
        throw new IllegalStateException("Unexpected request for " + bytes.length + " bytes");
      }
      System.arraycopy(seed, 0, bytes, 0, bytes.length);
    }
  }
}
