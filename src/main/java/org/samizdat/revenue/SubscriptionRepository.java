package org.samizdat.revenue;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.samizdat.platform.Money;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Recurring gifts: started, renewed and ended by the providers' events, cancelled or changed by
 * their supporter on their own page.
 */
@Repository
class SubscriptionRepository {

  /** A recurring gift of the supporter's, its row locked for the transaction. */
  record OwnedGift(
      long id,
      long supporterId,
      String provider,
      String providerSubscriptionId,
      Frequency frequency,
      Money amount,
      String status) {

    boolean cancelled() {
      return "CANCELLED".equals(status);
    }
  }

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

  /** The recurring gift, if it is this supporter's, locked until the transaction ends. */
  Optional<OwnedGift> ownedForUpdate(long supporter, long subscriptionId) {
    return jdbc.sql(
            """
            SELECT s.id, s.supporter_id, s.provider, s.provider_subscription_id, s.frequency, s.amount_minor, s.currency, s.status
            FROM subscription s
            WHERE s.id = :id AND s.supporter_id = :supporter
            FOR UPDATE OF s
            """)
        .param("id", subscriptionId)
        .param("supporter", supporter)
        .query(
            (rs, n) ->
                new OwnedGift(
                    rs.getLong(1),
                    rs.getLong(2),
                    rs.getString(3),
                    rs.getString(4),
                    Frequency.valueOf(rs.getString(5)),
                    Money.of(rs.getLong(6), rs.getString(7)),
                    rs.getString(8)))
        .optional();
  }

  /** The supporter's recurring gifts not cancelled yet. */
  List<Long> running(long supporter) {
    return jdbc.sql(
            "SELECT id FROM subscription WHERE supporter_id = :id AND status <> 'CANCELLED'")
        .param("id", supporter)
        .query(Long.class)
        .list();
  }

  void markCancelled(long subscriptionId, Instant now) {
    jdbc.sql(
            """
            UPDATE subscription SET status = 'CANCELLED', cancelled_at = :now, status_changed_at = :now WHERE id = :id
            """)
        .param("id", subscriptionId)
        .param("now", Timestamp.from(now))
        .update();
  }

  void changeAmount(long subscriptionId, Money amount) {
    jdbc.sql("UPDATE subscription SET amount_minor = :amount WHERE id = :id")
        .param("id", subscriptionId)
        .param("amount", amount.minor())
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
