package org.samizdat.revenue;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.samizdat.platform.Money;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The checkouts readers open: one row each, from the moment a reader chooses to give until the
 * provider's webhook closes it, or completes it ({@link LedgerRepository#insertEntry} does that in
 * the statement that records the payment).
 */
@Repository
class CheckoutRepository {

  /** A checkout as a reader opens it, before any provider is called. */
  record NewCheckout(
      UUID id,
      String provider,
      Frequency frequency,
      Money amount,
      String language,
      boolean anonymous,
      String reference) {}

  private final JdbcClient jdbc;

  CheckoutRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(NewCheckout checkout, Instant now) {
    jdbc.sql(
            """
            INSERT INTO checkout (id, provider, frequency, amount_minor, currency, language, status, created_at,
                                  anonymous, reference)
            VALUES (:id, :provider, :frequency, :amount, :currency, :language, 'STARTED', :now, :anonymous, :reference)
            """)
        .param("anonymous", checkout.anonymous())
        .param("reference", checkout.reference())
        .param("id", checkout.id())
        .param("provider", checkout.provider())
        .param("frequency", checkout.frequency().name())
        .param("amount", checkout.amount().minor())
        .param("currency", checkout.amount().currencyCode())
        .param("language", checkout.language())
        .param("now", Timestamp.from(now))
        .update();
  }

  /** Demo content only: a checkout of the demo's, in English, started at {@code at}. */
  void insertDemo(UUID id, Frequency frequency, Money amount, Instant at) {
    jdbc.sql(
            """
            INSERT INTO checkout (id, provider, frequency, amount_minor, currency, language, status, created_at)
            VALUES (:id, 'demo', :frequency, :amount, :currency, 'en', 'STARTED', :at)
            """)
        .param("id", id)
        .param("frequency", frequency.name())
        .param("amount", amount.minor())
        .param("currency", amount.currencyCode())
        .param("at", Timestamp.from(at))
        .update();
  }

  /** Deletes a checkout the provider never opened; one that has moved on stays. */
  void deleteStarted(UUID id) {
    jdbc.sql("DELETE FROM checkout WHERE id = :id AND status = 'STARTED'").param("id", id).update();
  }

  void setProviderSession(UUID id, String providerSessionId) {
    jdbc.sql("UPDATE checkout SET provider_session_id = :session WHERE id = :id")
        .param("session", providerSessionId)
        .param("id", id)
        .update();
  }

  Optional<CheckoutDetails> find(UUID id) {
    return jdbc.sql(
            """
            SELECT id, provider, frequency, amount_minor, currency, language, status, anonymous, reference, completed_at
            FROM checkout WHERE id = :id
            """)
        .param("id", id)
        .query(
            (rs, n) ->
                new CheckoutDetails(
                    rs.getObject("id", UUID.class),
                    rs.getString("provider"),
                    Frequency.valueOf(rs.getString("frequency")),
                    Money.of(rs.getLong("amount_minor"), rs.getString("currency")),
                    rs.getString("language"),
                    rs.getString("status"),
                    rs.getBoolean("anonymous"),
                    rs.getString("reference"),
                    rs.getTimestamp("completed_at") == null
                        ? null
                        : rs.getTimestamp("completed_at").toInstant()))
        .optional();
  }

  /** A checkout as the payment events about it need it. */
  record CheckoutRow(String language, boolean anonymous, String status, Money amount) {}

  /**
   * The checkout a payment belongs to; with {@code lock}, held until the transaction ends, so
   * events about one payment are applied one after another.
   */
  Optional<CheckoutRow> checkoutRow(UUID checkoutId, boolean lock) {
    return jdbc.sql(
            "SELECT language, anonymous, status, amount_minor, currency FROM checkout WHERE id = :id"
                + (lock ? " FOR UPDATE" : ""))
        .param("id", checkoutId)
        .query(
            (rs, n) ->
                new CheckoutRow(
                    rs.getString(1),
                    rs.getBoolean(2),
                    rs.getString(3),
                    Money.of(rs.getLong(4), rs.getString(5))))
        .optional();
  }

  void closeCheckout(UUID checkoutId, Instant now) {
    jdbc.sql(
            "UPDATE checkout SET status = 'CLOSED', completed_at = :now WHERE id = :id AND status = 'STARTED'")
        .param("id", checkoutId)
        .param("now", Timestamp.from(now))
        .update();
  }
}
