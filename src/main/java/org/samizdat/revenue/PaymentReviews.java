package org.samizdat.revenue;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.samizdat.platform.InputRejected;
import org.samizdat.platform.Money;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Payments a person should look at: money that arrived after its invoice expired, less or more than
 * the checkout asked. The ledger already holds what arrived (it counts toward the goal); a review
 * is the newsroom's note that someone looked and decided what to do (refund the extra, write to the
 * reader, nothing).
 */
@Service
public class PaymentReviews {

  private static final int NOTE_MAX = 500;

  /**
   * One payment to look at. Amounts are in the gift's currency.
   *
   * @param expected what the checkout asked for, or null if unknown
   * @param received all that had arrived on the payment when it was flagged
   * @param recorded what the ledger holds for the payment now
   * @param ledgerEntryId the payment's first ledger entry, or null when nothing was recorded
   */
  public record Review(
      long id,
      String provider,
      String paymentId,
      UUID checkoutId,
      String reason,
      Money expected,
      Money received,
      Money recorded,
      Long ledgerEntryId,
      Instant flaggedAt,
      Instant reviewedAt,
      String reviewedBy,
      String note) {

    public boolean reviewed() {
      return reviewedAt != null;
    }

    /** Received minus expected: positive when paid over, negative when paid short. */
    public Money difference() {
      return expected == null || !expected.currency().equals(received.currency())
          ? null
          : received.minus(expected);
    }
  }

  private final JdbcClient jdbc;
  private final Clock clock;

  PaymentReviews(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  private static final String SELECT =
      """
      SELECT r.id, r.provider, r.provider_payment_id, r.checkout_id, r.reason, r.expected_minor,
             r.expected_currency, r.received_minor, r.currency, r.created_at, r.resolved_at,
             r.resolved_by, r.resolution_note,
             (SELECT coalesce(sum(e.amount_minor), 0) FROM ledger_entry e
               WHERE e.provider = r.provider AND e.provider_payment_id = r.provider_payment_id
                 AND e.kind = 'PAYMENT' AND e.currency = r.currency) AS recorded_minor,
             (SELECT min(e.id) FROM ledger_entry e
               WHERE e.provider = r.provider AND e.provider_payment_id = r.provider_payment_id)
               AS entry_id
      FROM payment_review r
      """;

  /** Payments nobody has marked reviewed yet, oldest first. */
  public List<Review> open(int limit) {
    return jdbc.sql(SELECT + " WHERE r.resolved_at IS NULL ORDER BY r.created_at, r.id LIMIT :l")
        .param("l", limit)
        .query(PaymentReviews::row)
        .list();
  }

  /** The latest reviewed ones, newest first. */
  public List<Review> reviewed(int limit) {
    return jdbc.sql(
            SELECT + " WHERE r.resolved_at IS NOT NULL ORDER BY r.resolved_at DESC, r.id LIMIT :l")
        .param("l", limit)
        .query(PaymentReviews::row)
        .list();
  }

  public long openCount() {
    return jdbc.sql("SELECT count(*) FROM payment_review WHERE resolved_at IS NULL")
        .query(Long.class)
        .single();
  }

  public Optional<Review> find(long id) {
    return jdbc.sql(SELECT + " WHERE r.id = :id")
        .param("id", id)
        .query(PaymentReviews::row)
        .optional();
  }

  /**
   * Marks a payment reviewed by someone, with what they decided. False when there is no such review
   * or it was already marked (the first person's mark stays).
   */
  @Transactional
  public boolean markReviewed(long id, String by, String note) {
    String text = note == null ? "" : note.strip();
    if (text.length() > NOTE_MAX) {
      throw new InputRejected("note", "Keep the note to " + NOTE_MAX + " characters.");
    }
    if (text.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\r' && c != '\t')) {
      throw new InputRejected("note", "Control characters are not allowed in the note.");
    }
    return jdbc.sql(
                """
                UPDATE payment_review SET resolved_at = :now, resolved_by = :by, resolution_note = :note
                WHERE id = :id AND resolved_at IS NULL
                """)
            .param("now", Timestamp.from(clock.instant()))
            .param("by", by)
            .param("note", text.isEmpty() ? null : text)
            .param("id", id)
            .update()
        == 1;
  }

  private static Review row(ResultSet rs, int n) throws SQLException {
    String currency = rs.getString("currency");
    long expectedMinor = rs.getLong("expected_minor");
    Money expected =
        rs.wasNull() || rs.getString("expected_currency") == null
            ? null
            : Money.of(expectedMinor, rs.getString("expected_currency"));
    long entry = rs.getLong("entry_id");
    Long entryId = rs.wasNull() ? null : entry;
    Timestamp resolved = rs.getTimestamp("resolved_at");
    return new Review(
        rs.getLong("id"),
        rs.getString("provider"),
        rs.getString("provider_payment_id"),
        rs.getObject("checkout_id", UUID.class),
        rs.getString("reason"),
        expected,
        Money.of(rs.getLong("received_minor"), currency),
        Money.of(rs.getLong("recorded_minor"), currency),
        entryId,
        rs.getTimestamp("created_at").toInstant(),
        resolved == null ? null : resolved.toInstant(),
        rs.getString("resolved_by"),
        rs.getString("resolution_note"));
  }
}
