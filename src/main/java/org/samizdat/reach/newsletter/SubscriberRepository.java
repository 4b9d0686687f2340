package org.samizdat.reach.newsletter;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.samizdat.platform.i18n.Language;
import org.samizdat.publishing.Page;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The newsletter_subscriber table, and the aggregate count of unsubscribes. */
@Repository
class SubscriberRepository {

  private static final String COLUMNS =
      "id, email, language, frequency, requested_at, confirmed_at, confirmation_sent_at";

  private final JdbcClient jdbc;

  SubscriberRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A subscriber as stored, confirmed or not. */
  record Row(
      UUID id,
      String email,
      Language language,
      DigestFrequency frequency,
      Instant requestedAt,
      Instant confirmedAt,
      Instant confirmationSentAt) {
    boolean confirmed() {
      return confirmedAt != null;
    }
  }

  /** Whom a confirmation link would subscribe, and to what (the choices it will apply). */
  record Pending(UUID id, Language language, DigestFrequency frequency, boolean alreadyConfirmed) {}

  /** Who gets an issue. */
  record Recipient(UUID id, String email) {}

  /**
   * Inserts a new, unconfirmed request; false if the address is already there (in any letter case).
   */
  boolean insert(
      UUID id,
      String email,
      Language language,
      DigestFrequency frequency,
      byte[] tokenHash,
      Instant now) {
    return jdbc.sql(
                """
            INSERT INTO newsletter_subscriber (id, email, language, frequency, requested_at, confirm_token_hash,
                                               confirmation_sent_at)
            VALUES (:id, :email, :language, :frequency, :now, :hash, :now)
            ON CONFLICT DO NOTHING
            """)
            .param("id", id)
            .param("email", email)
            .param("language", language.code())
            .param("frequency", frequency.name())
            .param("hash", tokenHash)
            .param("now", Timestamp.from(now))
            .update()
        == 1;
  }

  /**
   * The row for an address, locked until the transaction ends, so two requests for it take turns.
   */
  Optional<Row> lockByEmail(String email) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM newsletter_subscriber WHERE lower(email) = lower(:email) FOR UPDATE")
        .param("email", email)
        .query(this::row)
        .optional();
  }

  /**
   * A new confirmation for an address already there. An unconfirmed request takes the new choices
   * at once; a confirmed subscriber keeps theirs until the new link is followed.
   */
  void requestAgain(
      UUID id,
      boolean confirmed,
      Language language,
      DigestFrequency frequency,
      byte[] tokenHash,
      Instant now) {
    jdbc.sql(
            confirmed
                ? """
              UPDATE newsletter_subscriber SET pending_language = :language, pending_frequency = :frequency,
                requested_at = :now, confirm_token_hash = :hash, confirmation_sent_at = :now
              WHERE id = :id
              """
                : """
              UPDATE newsletter_subscriber SET language = :language, frequency = :frequency,
                requested_at = :now, confirm_token_hash = :hash, confirmation_sent_at = :now
              WHERE id = :id
              """)
        .param("id", id)
        .param("language", language.code())
        .param("frequency", frequency.name())
        .param("hash", tokenHash)
        .param("now", Timestamp.from(now))
        .update();
  }

  Optional<Pending> pending(byte[] tokenHash, Instant requestedAfter) {
    return jdbc.sql(
            """
            SELECT id, coalesce(pending_language, language), coalesce(pending_frequency, frequency), confirmed_at IS NOT NULL
            FROM newsletter_subscriber WHERE confirm_token_hash = :hash AND requested_at > :after
            """)
        .param("hash", tokenHash)
        .param("after", Timestamp.from(requestedAfter))
        .query(
            (rs, n) ->
                new Pending(
                    rs.getObject(1, UUID.class),
                    language(rs.getString(2)),
                    DigestFrequency.valueOf(rs.getString(3)),
                    rs.getBoolean(4)))
        .optional();
  }

  /** Confirms the request a token belongs to, once: the token is cleared in the same statement. */
  Optional<Pending> confirm(byte[] tokenHash, Instant requestedAfter, Instant now) {
    return jdbc.sql(
            """
            UPDATE newsletter_subscriber s
            SET confirmed_at = coalesce(s.confirmed_at, :now),
                language = coalesce(s.pending_language, s.language),
                frequency = coalesce(s.pending_frequency, s.frequency),
                pending_language = NULL, pending_frequency = NULL, confirm_token_hash = NULL
            FROM (SELECT id, confirmed_at IS NOT NULL AS was_confirmed FROM newsletter_subscriber
                  WHERE confirm_token_hash = :hash AND requested_at > :after FOR UPDATE) old
            WHERE s.id = old.id
            RETURNING s.id, s.language, s.frequency, old.was_confirmed
            """)
        .param("hash", tokenHash)
        .param("after", Timestamp.from(requestedAfter))
        .param("now", Timestamp.from(now))
        .query(
            (rs, n) ->
                new Pending(
                    rs.getObject(1, UUID.class),
                    language(rs.getString(2)),
                    DigestFrequency.valueOf(rs.getString(3)),
                    rs.getBoolean(4)))
        .optional();
  }

  Optional<Row> find(UUID id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM newsletter_subscriber WHERE id = :id")
        .param("id", id)
        .query(this::row)
        .optional();
  }

  Optional<Row> findByEmail(String email) {
    return jdbc.sql(
            "SELECT " + COLUMNS + " FROM newsletter_subscriber WHERE lower(email) = lower(:email)")
        .param("email", email)
        .query(this::row)
        .optional();
  }

  boolean changeFrequency(UUID id, DigestFrequency frequency) {
    return jdbc.sql("UPDATE newsletter_subscriber SET frequency = :frequency WHERE id = :id")
            .param("id", id)
            .param("frequency", frequency.name())
            .update()
        == 1;
  }

  /** Deletes a subscriber; returns the address it had, so what is queued for it can go too. */
  Optional<String> delete(UUID id) {
    return jdbc.sql("DELETE FROM newsletter_subscriber WHERE id = :id RETURNING email")
        .param("id", id)
        .query(String.class)
        .optional();
  }

  /**
   * Deletes requests nobody confirmed in time, and forgets changes a subscriber asked for but never
   * confirmed. Returns the addresses of the requests deleted.
   */
  List<String> expire(Instant requestedBefore) {
    Timestamp before = Timestamp.from(requestedBefore);
    List<String> deleted =
        jdbc.sql(
                "DELETE FROM newsletter_subscriber WHERE confirmed_at IS NULL AND requested_at <= :before RETURNING email")
            .param("before", before)
            .query(String.class)
            .list();
    jdbc.sql(
            """
            UPDATE newsletter_subscriber SET confirm_token_hash = NULL, pending_language = NULL, pending_frequency = NULL
            WHERE confirmed_at IS NOT NULL AND confirm_token_hash IS NOT NULL AND requested_at <= :before
            """)
        .param("before", before)
        .update();
    return deleted;
  }

  void countUnsubscribe(LocalDate month) {
    jdbc.sql(
            """
            INSERT INTO newsletter_unsubscribed (month, count) VALUES (:month, 1)
            ON CONFLICT (month) DO UPDATE SET count = newsletter_unsubscribed.count + 1
            """)
        .param("month", Date.valueOf(month))
        .update();
  }

  List<Recipient> recipients(DigestFrequency frequency, Language language) {
    return jdbc.sql(
            """
            SELECT id, email FROM newsletter_subscriber
            WHERE confirmed_at IS NOT NULL AND frequency = :frequency AND language = :language
            ORDER BY confirmed_at, id
            """)
        .param("frequency", frequency.name())
        .param("language", language.code())
        .query((rs, n) -> new Recipient(rs.getObject(1, UUID.class), rs.getString(2)))
        .list();
  }

  Page<NewsletterAdmin.Subscriber> page(String query, int page, int pageSize) {
    String where = where(query);
    long total =
        jdbc.sql("SELECT count(*) FROM newsletter_subscriber" + where)
            .param("q", like(query))
            .query(Long.class)
            .single();
    int p = Math.max(1, page);
    List<NewsletterAdmin.Subscriber> items =
        jdbc.sql(
                "SELECT "
                    + COLUMNS
                    + " FROM newsletter_subscriber"
                    + where
                    + " ORDER BY coalesce(confirmed_at, requested_at) DESC, id LIMIT :limit OFFSET :offset")
            .param("q", like(query))
            .param("limit", pageSize)
            .param("offset", (long) (p - 1) * pageSize)
            .query((rs, n) -> subscriber(row(rs, n)))
            .list();
    return new Page<>(items, p, pageSize, total);
  }

  void export(String query, Consumer<NewsletterAdmin.Subscriber> each) {
    try (var rows =
        jdbc
            .sql(
                "SELECT "
                    + COLUMNS
                    + " FROM newsletter_subscriber"
                    + where(query)
                    + " ORDER BY coalesce(confirmed_at, requested_at), id")
            .param("q", like(query))
            .query((rs, n) -> subscriber(row(rs, n)))
            .stream()) {
      rows.forEach(each);
    }
  }

  record Count(String frequency, String language, boolean confirmed, long count) {}

  List<Count> counts() {
    return jdbc.sql(
            """
            SELECT frequency, language, confirmed_at IS NOT NULL, count(*) FROM newsletter_subscriber
            GROUP BY 1, 2, 3
            """)
        .query(
            (rs, n) -> new Count(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getLong(4)))
        .list();
  }

  long unsubscribedSince(LocalDate month) {
    return jdbc.sql(
            "SELECT coalesce(sum(count), 0) FROM newsletter_unsubscribed WHERE month >= :month")
        .param("month", Date.valueOf(month))
        .query(Long.class)
        .single();
  }

  private static String where(String query) {
    return query == null || query.isBlank() ? "" : " WHERE email ILIKE :q ESCAPE '\\'";
  }

  private static String like(String query) {
    String q = query == null ? "" : query.trim();
    return "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }

  private static NewsletterAdmin.Subscriber subscriber(Row r) {
    return new NewsletterAdmin.Subscriber(
        r.id(),
        r.email(),
        r.language(),
        r.frequency(),
        r.confirmed(),
        r.confirmed() ? r.confirmedAt() : r.requestedAt());
  }

  private Row row(ResultSet rs, int n) throws SQLException {
    return new Row(
        rs.getObject("id", UUID.class),
        rs.getString("email"),
        language(rs.getString("language")),
        DigestFrequency.valueOf(rs.getString("frequency")),
        instant(rs.getTimestamp("requested_at")),
        instant(rs.getTimestamp("confirmed_at")),
        instant(rs.getTimestamp("confirmation_sent_at")));
  }

  private static Language language(String code) {
    return Language.fromCode(code)
        .orElseThrow(() -> new IllegalStateException("Unknown language in the database: " + code));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
