package org.samizdat.revenue;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.samizdat.platform.Money;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Recurring gifts as the providers' events start, renew and end them. What a supporter changes on
 * their own page goes through {@link SupporterRepository}.
 */
@Repository
class SubscriptionRepository {

  private final JdbcClient jdbc;

  SubscriptionRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A recurring gift; {@code supporterId} is null once its supporter erased themselves. */
  record SubscriptionRow(
      long id,
      Long supporterId,
      Frequency frequency,
      Money amount,
      String status,
      Instant statusChangedAt) {

    /** Whom the gift's entries are from. */
    LedgerRepository.Giver giver() {
      return new LedgerRepository.Giver(supporterId, id, frequency);
    }
  }

  Optional<SubscriptionRow> forUpdate(String provider, String providerSubscriptionId) {
    return jdbc.sql(
            """
            SELECT id, supporter_id, frequency, amount_minor, currency, status, status_changed_at
            FROM subscription WHERE provider = :provider AND provider_subscription_id = :sub FOR UPDATE
            """)
        .param("provider", provider)
        .param("sub", providerSubscriptionId)
        .query(SubscriptionRepository::subscriptionRow)
        .optional();
  }

  long insert(
      long supporterId,
      String provider,
      String providerSubscriptionId,
      Frequency frequency,
      Money amount,
      Instant startedAt) {
    jdbc.sql(
            """
            INSERT INTO subscription (supporter_id, provider, provider_subscription_id, frequency, amount_minor,
                                      currency, status, started_at, status_changed_at)
            VALUES (:supporter, :provider, :sub, :frequency, :amount, :currency, 'ACTIVE', :at, :at)
            ON CONFLICT (provider, provider_subscription_id) DO NOTHING
            """)
        .param("supporter", supporterId)
        .param("provider", provider)
        .param("sub", providerSubscriptionId)
        .param("frequency", frequency.name())
        .param("amount", amount.minor())
        .param("currency", amount.currencyCode())
        .param("at", Timestamp.from(startedAt))
        .update();
    return forUpdate(provider, providerSubscriptionId).orElseThrow().id();
  }

  void update(long id, String status, Money amount, Instant changedAt) {
    jdbc.sql(
            """
            UPDATE subscription SET status = :status, amount_minor = :amount, status_changed_at = :at,
                   cancelled_at = CASE WHEN :status = 'CANCELLED' THEN coalesce(cancelled_at, :at) ELSE cancelled_at END
            WHERE id = :id
            """)
        .param("id", id)
        .param("status", status)
        .param("amount", amount.minor())
        .param("at", Timestamp.from(changedAt))
        .update();
  }

  private static SubscriptionRow subscriptionRow(ResultSet rs, int n) throws SQLException {
    long supporter = rs.getLong("supporter_id");
    Long supporterId = rs.wasNull() ? null : supporter;
    return new SubscriptionRow(
        rs.getLong("id"),
        supporterId,
        Frequency.valueOf(rs.getString("frequency")),
        Money.of(rs.getLong("amount_minor"), rs.getString("currency")),
        rs.getString("status"),
        rs.getTimestamp("status_changed_at").toInstant());
  }
}
