package org.samizdat.platform.mail;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
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
      String kind,
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
  boolean insert(UUID id, String kind, int priority, Mail mail, Instant now) {
    return jdbc.sql(
                """
            INSERT INTO mail_outbox (id, kind, priority, recipient, subject, text_body, html_body, headers, created_at,
                                     next_attempt_at)
            VALUES (:id, :kind, :priority, :recipient, :subject, :text, :html, CAST(:headers AS jsonb), :now, :now)
            ON CONFLICT (id) DO NOTHING
            """)
            .param("id", id)
            .param("kind", kind)
            .param("priority", priority)
            .param("recipient", mail.to())
            .param("subject", mail.subject())
            .param("text", mail.text())
            .param("html", mail.html())
            // most mails (every receipt) have no extra headers: no serializer for "{}"
            .param(
                "headers",
                mail.headers().isEmpty() ? "{}" : JSON.writeValueAsString(mail.headers()))
            .param("now", Timestamp.from(now))
            .update()
        == 1;
  }

  /**
   * Locks up to {@code limit} due mails for the caller's transaction. Rows another node holds are
   * skipped, not waited for, so any number of nodes share the queue without sending a mail twice.
   * Transactional mail (priority 0) goes before bulk mail (1), so a receipt never waits behind a
   * newsletter.
   */
  List<QueuedMail> claimDue(Instant now, int limit) {
    return jdbc.sql(
            """
            SELECT id, kind, recipient, subject, text_body, html_body, headers::text AS headers, created_at, attempts
            FROM mail_outbox
            WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= :now
            ORDER BY priority, next_attempt_at, created_at
            LIMIT :limit
            FOR UPDATE SKIP LOCKED
            """)
        .param("now", Timestamp.from(now))
        .param("limit", limit)
        .query(
            (rs, n) ->
                new QueuedMail(
                    rs.getObject("id", UUID.class),
                    rs.getString("kind"),
                    rs.getString("recipient"),
                    rs.getString("subject"),
                    rs.getString("text_body"),
                    rs.getString("html_body"),
                    rs.getString("headers"),
                    rs.getTimestamp("created_at").toInstant(),
                    rs.getInt("attempts")))
        .list();
  }

  /** Marks a mail sent and erases everything in it: only its id, kind and times stay. */
  void markSent(UUID id, Instant now) {
    jdbc.sql(
            """
            UPDATE mail_outbox SET sent_at = :now, last_error = NULL,
                   recipient = NULL, subject = NULL, text_body = NULL, html_body = NULL, headers = NULL
            WHERE id = :id
            """)
        .param("id", id)
        .param("now", Timestamp.from(now))
        .update();
  }

  /**
   * Deletes what is still queued for an address, of the given kinds (an unsubscribe withdraws the
   * digest waiting for it); returns how many mails.
   */
  int withdraw(String address, Collection<String> kinds) {
    if (address == null || address.isBlank() || kinds.isEmpty()) {
      return 0;
    }
    return jdbc.sql(
            """
            DELETE FROM mail_outbox
            WHERE lower(recipient) = lower(:to) AND kind IN (:kinds) AND sent_at IS NULL AND failed_at IS NULL
            """)
        .param("to", address.trim())
        .param("kinds", List.copyOf(kinds))
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

  /** Gives a mail up after its last attempt and erases everything in it but the error. */
  void markFailed(UUID id, int attempts, Instant now, String error) {
    jdbc.sql(
            """
            UPDATE mail_outbox SET attempts = :attempts, failed_at = :now, last_error = :error,
                   recipient = NULL, subject = NULL, text_body = NULL, html_body = NULL, headers = NULL
            WHERE id = :id
            """)
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
