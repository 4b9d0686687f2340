package org.samizdat.revenue;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.samizdat.platform.Money;
import org.samizdat.revenue.PaymentReviews.Review;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Payments flagged for a person to look at, with what the ledger holds for each. */
@Repository
class PaymentReviewRepository {

  private final JdbcClient jdbc;

  PaymentReviewRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
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

  /**
   * A payment to flag.
   *
   * @param expected what the checkout asked for, or null if unknown
   * @param received all that had arrived on the payment
   */
  record NewReview(
      String provider,
      String paymentId,
      UUID checkoutId,
      String reason,
      Money expected,
      Money received) {}

  /**
   * Flags a payment; one flagged already for the same reason and amount received stays as it is.
   */
  void add(NewReview review, Instant now) {
    Money expected = review.expected();
    jdbc.sql(
            """
            INSERT INTO payment_review (provider, provider_payment_id, checkout_id, reason, expected_minor,
                                        expected_currency, received_minor, currency, created_at)
            VALUES (:provider, :payment, :checkout, :reason, :expected, :expectedCurrency, :received, :currency, :now)
            ON CONFLICT DO NOTHING
            """)
        .param("provider", review.provider())
        .param("payment", review.paymentId())
        .param("checkout", review.checkoutId())
        .param("reason", review.reason())
        .param("expected", expected == null ? null : expected.minor())
        .param("expectedCurrency", expected == null ? null : expected.currencyCode())
        .param("received", review.received().minor())
        .param("currency", review.received().currencyCode())
        .param("now", Timestamp.from(now))
        .update();
  }

  List<Review> open(int limit) {
    return jdbc.sql(SELECT + " WHERE r.resolved_at IS NULL ORDER BY r.created_at, r.id LIMIT :l")
        .param("l", limit)
        .query(PaymentReviewRepository::row)
        .list();
  }

  List<Review> reviewed(int limit) {
    return jdbc.sql(
            SELECT + " WHERE r.resolved_at IS NOT NULL ORDER BY r.resolved_at DESC, r.id LIMIT :l")
        .param("l", limit)
        .query(PaymentReviewRepository::row)
        .list();
  }

  long openCount() {
    return jdbc.sql("SELECT count(*) FROM payment_review WHERE resolved_at IS NULL")
        .query(Long.class)
        .single();
  }

  Optional<Review> find(long id) {
    return jdbc.sql(SELECT + " WHERE r.id = :id")
        .param("id", id)
        .query(PaymentReviewRepository::row)
        .optional();
  }

  /** False when there is no such review or it was marked already. */
  boolean markReviewed(long id, String by, String note, Instant now) {
    return jdbc.sql(
                """
                UPDATE payment_review SET resolved_at = :now, resolved_by = :by, resolution_note = :note
                WHERE id = :id AND resolved_at IS NULL
                """)
            .param("now", Timestamp.from(now))
            .param("by", by)
            .param("note", note)
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
