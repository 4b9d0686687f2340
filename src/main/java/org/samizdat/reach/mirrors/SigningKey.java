package org.samizdat.reach.mirrors;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.samizdat.platform.InputRejected;
import org.samizdat.platform.cache.ClusterInvalidation;
import org.samizdat.reach.SigningKeyStatus;
import org.samizdat.reach.mirrors.SigningKeyRepository.Rotation;
import org.samizdat.reach.mirrors.SigningKeyRepository.StoredKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The Ed25519 key pair that signs the mirror list, and its rotation.
 *
 * <p>Given by configuration (SAMIZDAT_MIRROR_SIGNING_KEY[_FILE]) it never touches the database, so
 * no backup holds it; otherwise it is made on first use and kept in PostgreSQL, so every node signs
 * with the same key and a restart keeps it: readers' apps pin the public key. Ed25519 signatures
 * are deterministic, so every node signs the same bytes identically. Private keys are never logged
 * or shown.
 *
 * <p>A rotation (a next key given by SAMIZDAT_MIRROR_SIGNING_KEY_NEXT[_FILE], or one an admin
 * starts while keys live in the database) is a row with the next public key and the time it takes
 * over: until then the list announces the next key and is signed by the current one, so apps that
 * pinned the current key learn the next one from a list they trust; from then on the next key
 * signs.
 */
@Component
class SigningKey implements SmartInitializingSingleton {

  static final String ALGORITHM = "Ed25519";
  static final String VARIABLE = "SAMIZDAT_MIRROR_SIGNING_KEY";
  static final String NEXT_VARIABLE = "SAMIZDAT_MIRROR_SIGNING_KEY_NEXT";

  /** The DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it. */
  private static final int SPKI_PREFIX = 12;

  private static final Logger log = LoggerFactory.getLogger(SigningKey.class);

  private final SigningKeyRepository keys;
  private final Clock clock;
  private final SigningKeySettings settings;
  private final ClusterInvalidation invalidation;
  private final TransactionTemplate transaction;

  /** From configuration, read once at start-up; null when the key lives in the database. */
  private final KeyPair configured;

  private final KeyPair configuredNext;
  private volatile Instant handedOver;

  SigningKey(
      SigningKeyRepository keys,
      Clock clock,
      SigningKeySettings settings,
      ClusterInvalidation invalidation,
      TransactionTemplate transaction) {
    this.keys = keys;
    this.clock = clock;
    this.settings = settings;
    this.invalidation = invalidation;
    this.transaction = transaction;
    // A bad file or value stops the start here, with one line that says what to fix.
    KeyPair next;
    try {
      this.configured = ConfiguredKey.read(settings.file(), settings.value(), VARIABLE);
      next = ConfiguredKey.read(settings.nextFile(), settings.nextValue(), NEXT_VARIABLE);
    } catch (IllegalStateException e) {
      log.error("Not starting: {}", e.getMessage());
      throw e;
    }
    this.configuredNext =
        next != null && configured != null && same(next, configured.getPublic()) ? null : next;
  }

  /** The keys as they stand now; read the list's bytes and sign them with one state. */
  record State(KeyPair signing, KeyPair next, Instant handsOverAt) {

    /** A detached signature over exactly these bytes, base64 (64 bytes, so 88 characters). */
    String sign(byte[] message) {
      try {
        Signature signature = Signature.getInstance(ALGORITHM);
        signature.initSign(signing.getPrivate());
        signature.update(message);
        return Base64.getEncoder().encodeToString(signature.sign());
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("Could not sign the mirror list with Ed25519", e);
      }
    }

    String publicKeyBase64() {
      return base64(signing.getPublic());
    }

    String fingerprint() {
      return SigningKey.fingerprint(signing.getPublic());
    }

    String nextPublicKeyBase64() {
      return next == null ? null : base64(next.getPublic());
    }

    String nextFingerprint() {
      return next == null ? null : SigningKey.fingerprint(next.getPublic());
    }
  }

  @Override
  public void afterSingletonsInstantiated() {
    transaction.executeWithoutResult(tx -> arrange());
  }

  private void arrange() {
    if (configured != null) {
      int removed = keys.deleteStored();
      keys.deleteRotations(true);
      log.info(
          "The mirror list is signed with the key from {} (fingerprint {}); no signing key is kept"
              + " in the database{}",
          settings.file().isBlank() ? VARIABLE : VARIABLE + "_FILE " + settings.file().strip(),
          fingerprint(configured.getPublic()),
          removed > 0 ? " (the one it held is removed)" : "");
    } else {
      log.warn(
          "The key that signs /mirrors.json is kept in the database, so every backup holds it: put"
              + " it in a file readable only by this app's user and set {}_FILE ({}); to keep the"
              + " key readers pinned, rotate to it first with {}_FILE",
          VARIABLE,
          ConfiguredKey.MAKE_ONE,
          NEXT_VARIABLE);
    }
    if (configuredNext == null) {
      // A next key no longer configured: that rotation is over or called off.
      keys.deleteRotations(false);
      return;
    }
    Instant now = clock.instant();
    // The same next key keeps the overlap it started with; a different one starts a new overlap.
    keys.announceConfigured(
        configuredNext.getPublic().getEncoded(), now, now.plus(settings.overlap()));
    Rotation rotation = rotation().orElseThrow();
    log.info(
        "Rotating the key that signs /mirrors.json: the list announces the next key (fingerprint"
            + " {}) until {}, then that key signs; after that, move it to {}_FILE",
        fingerprint(configuredNext.getPublic()),
        rotation.handsOverAt(),
        VARIABLE);
  }

  /** The keys in force at the clock's instant. */
  State state() {
    KeyPair current = configured != null ? configured : loadOrCreate();
    Optional<Rotation> rotation = rotation();
    if (rotation.isEmpty()) {
      return new State(current, null, null);
    }
    Rotation r = rotation.get();
    KeyPair next = r.privateKey() == null ? configuredNext : pair(r.publicKey(), r.privateKey());
    if (next == null || !same(next, r.publicKey())) {
      return new State(current, null, null); // a stale row; the next start removes it
    }
    if (!clock.instant().isBefore(r.handsOverAt())) {
      return new State(next, null, null);
    }
    return new State(current, next, r.handsOverAt());
  }

  SigningKeyStatus status() {
    State s = state();
    return new SigningKeyStatus(
        s.publicKeyBase64(),
        s.fingerprint(),
        configured == null && s.signing() != configuredNext,
        s.nextPublicKeyBase64(),
        s.nextFingerprint(),
        s.handsOverAt());
  }

  /**
   * An admin's rotation while keys live in the database: a new pair, announced for the overlap,
   * then signing.
   */
  void startRotation() {
    if (configured != null || configuredNext != null) {
      throw new InputRejected(
          "rotation",
          "The signing keys are given by configuration: to rotate, set "
              + NEXT_VARIABLE
              + "_FILE to the new key and restart.");
    }
    if (rotation().isPresent()) {
      throw new InputRejected("rotation", "A rotation is already under way.");
    }
    loadOrCreate();
    try {
      KeyPair next = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
      Instant now = clock.instant();
      keys.startRotation(stored(next), now, now.plus(settings.overlap()));
      invalidation.evictOnCommit(List.of(MirrorListController.SURROGATE_KEY));
      log.info(
          "An admin started rotating the key that signs /mirrors.json: next key's fingerprint {},"
              + " signing from {}",
          fingerprint(next.getPublic()),
          now.plus(settings.overlap()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Could not make an Ed25519 key pair", e);
    }
  }

  /**
   * When an overlap has ended: a rotation kept in the database becomes the key, and the cached list
   * (which still announces the next key) is dropped on every node.
   */
  @Scheduled(
      fixedDelayString = "${samizdat.reach.signing-key.handover-poll:60s}",
      initialDelayString = "${samizdat.reach.signing-key.handover-poll:60s}")
  void handOverIfDue() {
    Optional<Rotation> rotation = rotation();
    if (rotation.isEmpty() || clock.instant().isBefore(rotation.get().handsOverAt())) {
      return;
    }
    Rotation r = rotation.get();
    if (r.privateKey() != null) {
      transaction.executeWithoutResult(
          tx -> {
            boolean moved = keys.handOver(r);
            if (moved) {
              log.info("The next key now signs /mirrors.json; the previous key is gone");
            }
          });
    } else if (r.handsOverAt().equals(handedOver)) {
      return;
    } else {
      log.info(
          "The next key (from {}_FILE) now signs /mirrors.json: move it to {}_FILE and unset {}"
              + "_FILE at the next restart",
          NEXT_VARIABLE,
          VARIABLE,
          NEXT_VARIABLE);
    }
    handedOver = r.handsOverAt();
    invalidation.evict(List.of(MirrorListController.SURROGATE_KEY));
  }

  /**
   * SHA-256 of the raw 32-byte public key: lowercase hex, 16 groups of four separated by spaces.
   */
  static String fingerprint(PublicKey key) {
    byte[] encoded = key.getEncoded();
    byte[] raw = Arrays.copyOfRange(encoded, SPKI_PREFIX, encoded.length);
    try {
      String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
      StringBuilder grouped = new StringBuilder();
      for (int i = 0; i < hex.length(); i += 4) {
        grouped.append(i == 0 ? "" : " ").append(hex, i, i + 4);
      }
      return grouped.toString();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String base64(PublicKey key) {
    return Base64.getEncoder().encodeToString(key.getEncoded());
  }

  /** A public key as PEM, what {@code openssl} reads. */
  static String pem(String publicKeyBase64) {
    String body =
        Base64.getMimeEncoder(64, new byte[] {'\n'})
            .encodeToString(Base64.getDecoder().decode(publicKeyBase64));
    return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
  }

  private static boolean same(KeyPair pair, PublicKey key) {
    return Arrays.equals(pair.getPublic().getEncoded(), key.getEncoded());
  }

  private static boolean same(KeyPair pair, byte[] encodedPublicKey) {
    return Arrays.equals(pair.getPublic().getEncoded(), encodedPublicKey);
  }

  private Optional<Rotation> rotation() {
    return keys.rotation();
  }

  private KeyPair loadOrCreate() {
    Optional<StoredKey> kept = stored();
    if (kept.isPresent()) {
      return pair(kept.get().publicKey(), kept.get().privateKey());
    }
    try {
      // Nodes starting together may each make a pair; the first insert wins and all read it back.
      KeyPair fresh = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
      keys.storeIfNone(stored(fresh), clock.instant());
      StoredKey stored = stored().orElseThrow();
      return pair(stored.publicKey(), stored.privateKey());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "Could not load or make the Ed25519 key that signs the mirror list", e);
    }
  }

  private Optional<StoredKey> stored() {
    return keys.stored();
  }

  private static StoredKey stored(KeyPair pair) {
    return new StoredKey(pair.getPublic().getEncoded(), pair.getPrivate().getEncoded());
  }

  private static KeyPair pair(byte[] publicKey, byte[] privateKey) {
    try {
      KeyFactory factory = KeyFactory.getInstance(ALGORITHM);
      PublicKey pub = factory.generatePublic(new X509EncodedKeySpec(publicKey));
      PrivateKey priv = factory.generatePrivate(new PKCS8EncodedKeySpec(privateKey));
      return new KeyPair(pub, priv);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Could not read the stored Ed25519 key pair", e);
    }
  }
}
