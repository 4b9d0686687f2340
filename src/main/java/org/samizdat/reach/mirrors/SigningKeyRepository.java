package org.samizdat.reach.mirrors;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Where the mirror list's signing key lives when it is not given by configuration, and the rotation
 * under way (the next key, and when it takes over). Keys as their encoded bytes (X.509 public,
 * PKCS#8 private).
 */
@Repository
class SigningKeyRepository {

  /** A key pair as stored. */
  record StoredKey(byte[] publicKey, byte[] privateKey) {}

  /** The next key and when it signs; its private key is null when configuration holds it. */
  record Rotation(byte[] publicKey, byte[] privateKey, Instant handsOverAt) {}

  private final JdbcClient jdbc;

  SigningKeyRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Optional<StoredKey> stored() {
    return jdbc.sql("SELECT public_key, private_key FROM mirror_signing_key WHERE id = 1")
        .query((rs, n) -> new StoredKey(rs.getBytes("public_key"), rs.getBytes("private_key")))
        .optional();
  }

  /** Keeps this pair unless another node stored one first. */
  void storeIfNone(StoredKey key, Instant now) {
    jdbc.sql(
            """
            INSERT INTO mirror_signing_key (id, public_key, private_key, created_at)
            VALUES (1, :public, :private, :now) ON CONFLICT (id) DO NOTHING""")
        .param("public", key.publicKey())
        .param("private", key.privateKey())
        .param("now", Timestamp.from(now))
        .update();
  }

  /** Removes the stored key (configuration holds it now); how many rows went. */
  int deleteStored() {
    return jdbc.sql("DELETE FROM mirror_signing_key").update();
  }

  Optional<Rotation> rotation() {
    return jdbc.sql(
            """
            SELECT next_public_key, next_private_key, hands_over_at
              FROM mirror_signing_rotation WHERE id = 1""")
        .query(
            (rs, n) ->
                new Rotation(
                    rs.getBytes("next_public_key"),
                    rs.getBytes("next_private_key"),
                    rs.getTimestamp("hands_over_at").toInstant()))
        .optional();
  }

  /** Removes a rotation whose next key was kept in the database (true) or in configuration. */
  void deleteRotations(boolean keptInDatabase) {
    jdbc.sql(
            keptInDatabase
                ? "DELETE FROM mirror_signing_rotation WHERE next_private_key IS NOT NULL"
                : "DELETE FROM mirror_signing_rotation WHERE next_private_key IS NULL")
        .update();
  }

  /**
   * A next key given by configuration: the same key keeps the overlap it started with; a different
   * one starts a new overlap.
   */
  void announceConfigured(byte[] nextPublicKey, Instant now, Instant handsOverAt) {
    jdbc.sql(
            """
            INSERT INTO mirror_signing_rotation
              (id, next_public_key, next_private_key, started_at, hands_over_at)
            VALUES (1, :public, NULL, :now, :handsOver)
            ON CONFLICT (id) DO UPDATE
              SET next_public_key = EXCLUDED.next_public_key, next_private_key = NULL,
                  started_at = EXCLUDED.started_at, hands_over_at = EXCLUDED.hands_over_at
              WHERE mirror_signing_rotation.next_public_key <> EXCLUDED.next_public_key""")
        .param("public", nextPublicKey)
        .param("now", Timestamp.from(now))
        .param("handsOver", Timestamp.from(handsOverAt))
        .update();
  }

  /** A rotation to a new pair kept in the database. */
  void startRotation(StoredKey next, Instant now, Instant handsOverAt) {
    jdbc.sql(
            """
            INSERT INTO mirror_signing_rotation
              (id, next_public_key, next_private_key, started_at, hands_over_at)
            VALUES (1, :public, :private, :now, :handsOver)""")
        .param("public", next.publicKey())
        .param("private", next.privateKey())
        .param("now", Timestamp.from(now))
        .param("handsOver", Timestamp.from(handsOverAt))
        .update();
  }

  /**
   * The rotation's key becomes the stored key and the rotation ends.
   *
   * @return whether there was a stored key to replace
   */
  boolean handOver(Rotation rotation) {
    int moved =
        jdbc.sql(
                """
                UPDATE mirror_signing_key
                   SET public_key = :public, private_key = :private, created_at = :at
                 WHERE id = 1""")
            .param("public", rotation.publicKey())
            .param("private", rotation.privateKey())
            .param("at", Timestamp.from(rotation.handsOverAt()))
            .update();
    jdbc.sql("DELETE FROM mirror_signing_rotation WHERE next_public_key = :public")
        .param("public", rotation.publicKey())
        .update();
    return moved == 1;
  }
}
