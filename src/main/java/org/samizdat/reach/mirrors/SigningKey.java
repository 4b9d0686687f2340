package org.samizdat.reach.mirrors;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The Ed25519 key pair that signs the mirror list. Made on first use and kept in PostgreSQL, so
 * every node signs with the same key and a restart keeps it: readers' apps pin the public key.
 * Ed25519 signatures are deterministic, so every node signs the same bytes identically. The private
 * key is never logged or shown.
 */
@Component
class SigningKey {

  static final String ALGORITHM = "Ed25519";

  private final JdbcClient jdbc;
  private final Clock clock;
  private volatile KeyPair keys;

  SigningKey(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** A detached signature over exactly these bytes, base64 (64 bytes, so 88 characters). */
  String sign(byte[] message) {
    try {
      Signature signature = Signature.getInstance(ALGORITHM);
      signature.initSign(keys().getPrivate());
      signature.update(message);
      return Base64.getEncoder().encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Could not sign the mirror list with Ed25519", e);
    }
  }

  PublicKey publicKey() {
    return keys().getPublic();
  }

  /** Base64 of the X.509 SubjectPublicKeyInfo (DER), what {@code /mirrors.pub} serves. */
  String publicKeyBase64() {
    return Base64.getEncoder().encodeToString(publicKey().getEncoded());
  }

  /** The same key as PEM, what {@code openssl} reads. */
  String publicKeyPem() {
    String body =
        Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(publicKey().getEncoded());
    return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
  }

  private KeyPair keys() {
    KeyPair k = keys;
    if (k == null) {
      synchronized (this) {
        if (keys == null) {
          keys = loadOrCreate();
        }
        k = keys;
      }
    }
    return k;
  }

  private KeyPair loadOrCreate() {
    try {
      // Nodes starting together may each make a pair; the first insert wins and all read it back.
      KeyPair fresh = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
      jdbc.sql(
              """
              INSERT INTO mirror_signing_key (id, public_key, private_key, created_at)
              VALUES (1, :public, :private, :now) ON CONFLICT (id) DO NOTHING""")
          .param("public", fresh.getPublic().getEncoded())
          .param("private", fresh.getPrivate().getEncoded())
          .param("now", Timestamp.from(clock.instant()))
          .update();
      StoredKey stored =
          jdbc.sql("SELECT public_key, private_key FROM mirror_signing_key WHERE id = 1")
              .query(
                  (rs, n) -> new StoredKey(rs.getBytes("public_key"), rs.getBytes("private_key")))
              .single();
      KeyFactory factory = KeyFactory.getInstance(ALGORITHM);
      PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(stored.publicKey()));
      PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(stored.privateKey()));
      return new KeyPair(publicKey, privateKey);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "Could not load or make the Ed25519 key that signs the mirror list", e);
    }
  }

  private record StoredKey(byte[] publicKey, byte[] privateKey) {}
}
