package org.samizdat.platform.mail;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The mail_outbox table. */
@Repository
class OutboxRepository {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<LinkedHashMap<String, String>> HEADERS =
      new TypeReference<>() {};

  /** Enough of an SMTP error to diagnose it; a whole stack of nested exceptions is not. */
  private static final int MAX_ERROR = 2000;

  private final JdbcClient jdbc;

  OutboxRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * A mail as stored, with what the sender needs to know about earlier attempts. Kept raw so that
   * one row that no longer reads as a {@link Mail} fails on its own instead of blocking the queue.
   */
  record QueuedMail(
      UUID id,
      String recipient,
      String subject,
      String text,
      String html,
      String headersJson,
      Instant createdAt,
      int attempts) {

    /**
     * @throws IllegalArgumentException if the row does not make a valid mail (it never will)
     */
    Mail toMail() {
      Map<String, String> headers;
      try {
        headers = headersJson == null ? Map.of() : JSON.readValue(headersJson, HEADERS);
      } catch (JacksonException e) {
        throw new IllegalArgumentException(
            "The stored headers are not a JSON object of strings: " + e.getOriginalMessage(), e);
      }
      return new Mail(recipient, subject, text, html, headers);
    }
  }

  /**
   * @return false when a mail with this id is already there (nothing changes then)
   */
  boolean insert(UUID id, Mail mail, Instant now) {
    return jdbc.sql(
                """
            INSERT INTO mail_outbox (id, recipient, subject, text_body, html_body, headers, created_at, next_attempt_at)
            VALUES (:id, :recipient, :subject, :text, :html, CAST(:headers AS jsonb), :now, :now)
            ON CONFLICT (id) DO NOTHING
            """)
            .param("id", id)
            .param("recipient", mail.to())
            .param("subject", mail.subject())
            .param("text", mail.text())
            .param("html", mail.html())
            .param("headers", JSON.writeValueAsString(mail.headers()))
            .param("now", Timestamp.from(now))
            .update()
        == 1;
  }

  /**
   * Locks up to {@code limit} due mails for the caller's transaction. Rows another node holds are
   * skipped, not waited for, so any number of nodes share the queue without sending a mail twice.
   */
  List<QueuedMail> claimDue(Instant now, int limit) {
    return jdbc.sql(
            """
            SELECT id, recipient, subject, text_body, html_body, headers::text AS headers, created_at, attempts
            FROM mail_outbox
            WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= :now
            ORDER BY next_attempt_at, created_at
            LIMIT :limit
            FOR UPDATE SKIP LOCKED
            """)
        .param("now", Timestamp.from(now))
        .param("limit", limit)
        .query(
            (rs, n) ->
                new QueuedMail(
                    rs.getObject("id", UUID.class),
                    rs.getString("recipient"),
                    rs.getString("subject"),
                    rs.getString("text_body"),
                    rs.getString("html_body"),
                    rs.getString("headers"),
                    rs.getTimestamp("created_at").toInstant(),
                    rs.getInt("attempts")))
        .list();
  }

  void markSent(UUID id, Instant now) {
    jdbc.sql("UPDATE mail_outbox SET sent_at = :now WHERE id = :id")
        .param("id", id)
        .param("now", Timestamp.from(now))
        .update();
  }

  void markForRetry(UUID id, int attempts, Instant nextAttemptAt, String error) {
    jdbc.sql(
            "UPDATE mail_outbox SET attempts = :attempts, next_attempt_at = :next, last_error = :error WHERE id = :id")
        .param("id", id)
        .param("attempts", attempts)
        .param("next", Timestamp.from(nextAttemptAt))
        .param("error", truncate(error))
        .update();
  }

  void markFailed(UUID id, int attempts, Instant now, String error) {
    jdbc.sql(
            "UPDATE mail_outbox SET attempts = :attempts, failed_at = :now, last_error = :error WHERE id = :id")
        .param("id", id)
        .param("attempts", attempts)
        .param("now", Timestamp.from(now))
        .param("error", truncate(error))
        .update();
  }

  private static String truncate(String error) {
    return error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR) + "…";
  }
}
