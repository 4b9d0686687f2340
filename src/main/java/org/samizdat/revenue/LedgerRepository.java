package org.samizdat.revenue;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.samizdat.platform.Money;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The ledger: every payment, renewal, failed renewal and refund, as an entry that is never changed.
 * The events they come from are {@link ProviderEventRepository}'s, supporters {@link
 * SupporterRepository}'s, recurring gifts {@link SubscriptionRepository}'s, checkouts {@link
 * CheckoutRepository}'s and the payments flagged for review {@link PaymentReviewRepository}'s.
 */
@Repository
class LedgerRepository {

  private final JdbcClient jdbc;
  private final ApplicationEventPublisher events;

  LedgerRepository(JdbcClient jdbc, ApplicationEventPublisher events) {
    this.jdbc = jdbc;
    this.events = events;
  }

  /** Everything the ledger already holds as paid on one provider payment, in one currency. */
  long paidSoFar(String provider, String paymentId, String currency) {
    return jdbc.sql(
            """
            SELECT coalesce(sum(amount_minor), 0) FROM ledger_entry
            WHERE provider = :provider AND provider_payment_id = :payment AND kind = 'PAYMENT'
              AND currency = :currency
            """)
        .param("provider", provider)
        .param("payment", paymentId)
        .param("currency", currency)
        .query(Long.class)
        .single();
  }

  /**
   * Whom a ledger entry is from, and how often they give.
   *
   * @param supporterId null for an anonymous gift, or once the supporter erased themselves
   * @param subscriptionId the recurring gift the entry belongs to, or null
   */
  record Giver(Long supporterId, Long subscriptionId, Frequency frequency) {

    /** A one-time gift; {@code supporterId} is null for an anonymous one. */
    static Giver once(Long supporterId) {
      return new Giver(supporterId, null, Frequency.ONCE);
    }

    /** A one-time gift from a reader who left no address. */
    static Giver anonymous() {
      return once(null);
    }
  }

  /**
   * An entry for the ledger, as a provider event or an editor describes it: made by {@link
   * #payment}, {@link #renewal}, {@link #failedRenewal} or {@link #refund}, then {@link #settledAs}
   * and {@link #completing} where they apply.
   *
   * @param kind PAYMENT, RENEWAL, FAILED or REFUND
   * @param eventId the provider's event id (or one made up for an entry recorded by hand): the
   *     ledger holds one entry per event
   * @param paymentId the provider's id of the payment (or invoice) the money moved on
   * @param settled what reached the newsroom's account, when the provider said so; else null
   * @param completes the checkout this payment completes, or null
   */
  record NewLedgerEntry(
      String provider,
      String eventId,
      String kind,
      Giver giver,
      Money amount,
      String paymentId,
      Instant occurredAt,
      Money settled,
      UUID completes) {

    static NewLedgerEntry payment(
        String provider,
        String eventId,
        Giver giver,
        Money amount,
        String paymentId,
        Instant occurredAt) {
      return new NewLedgerEntry(
          provider, eventId, "PAYMENT", giver, amount, paymentId, occurredAt, null, null);
    }

    static NewLedgerEntry renewal(
        String provider,
        String eventId,
        Giver giver,
        Money amount,
        String paymentId,
        Instant occurredAt) {
      return new NewLedgerEntry(
          provider, eventId, "RENEWAL", giver, amount, paymentId, occurredAt, null, null);
    }

    /** A renewal the provider could not collect: no money moved. */
    static NewLedgerEntry failedRenewal(
        String provider,
        String eventId,
        Giver giver,
        Money amount,
        String invoiceId,
        Instant occurredAt) {
      return new NewLedgerEntry(
          provider, eventId, "FAILED", giver, amount, invoiceId, occurredAt, null, null);
    }

    /** Money given back: {@code amount} is negative, {@code paymentId} the payment's. */
    static NewLedgerEntry refund(
        String provider,
        String eventId,
        Giver giver,
        Money amount,
        String paymentId,
        Instant occurredAt) {
      return new NewLedgerEntry(
          provider, eventId, "REFUND", giver, amount, paymentId, occurredAt, null, null);
    }

    /** This entry, with what reached the newsroom's account; null when the provider did not say. */
    NewLedgerEntry settledAs(Money settled) {
      return new NewLedgerEntry(
          provider, eventId, kind, giver, amount, paymentId, occurredAt, settled, completes);
    }

    /** This entry, completing the checkout {@code checkoutId} (null: none). */
    NewLedgerEntry completing(UUID checkoutId) {
      return new NewLedgerEntry(
          provider, eventId, kind, giver, amount, paymentId, occurredAt, settled, checkoutId);
    }
  }

  /**
   * Records an entry at {@code now}. When it completes a checkout, marks that checkout COMPLETED
   * (from STARTED or CLOSED) in the same statement: one round trip less for every gift that came
   * through our checkout.
   */
  long insertEntry(NewLedgerEntry entry, Instant now) {
    if (!"FAILED".equals(entry.kind())) {
      // every way money enters the ledger passes here, so progress pages hear of each one
      events.publishEvent(new LedgerChanged(entry.kind(), entry.occurredAt()));
    }
    String insert =
        """
        INSERT INTO ledger_entry (provider, provider_event_id, kind, supporter_id, subscription_id, frequency,
                                  amount_minor, currency, provider_payment_id, occurred_at, recorded_at,
                                  settled_minor, settled_currency)
        VALUES (:provider, :event, :kind, :supporter, :subscription, :frequency, :amount, :currency, :payment,
                :occurred, :now, :settled, :settledCurrency)
        RETURNING id
        """;
    Money settled = entry.settled();
    String sql =
        entry.completes() == null
            ? insert
            : """
              WITH completed AS (
                UPDATE checkout SET status = 'COMPLETED', completed_at = :now
                WHERE id = :checkout AND status IN ('STARTED', 'CLOSED')
              )
              """
                + insert;
    JdbcClient.StatementSpec statement = jdbc.sql(sql);
    if (entry.completes() != null) {
      statement = statement.param("checkout", entry.completes());
    }
    return statement
        .param("provider", entry.provider())
        .param("event", entry.eventId())
        .param("kind", entry.kind())
        .param("supporter", entry.giver().supporterId())
        .param("subscription", entry.giver().subscriptionId())
        .param("frequency", entry.giver().frequency().name())
        .param("amount", entry.amount().minor())
        .param("currency", entry.amount().currencyCode())
        .param("payment", entry.paymentId())
        .param("occurred", Timestamp.from(entry.occurredAt()))
        .param("now", Timestamp.from(now))
        .param("settled", settled == null ? null : settled.minor(), java.sql.Types.BIGINT)
        .param(
            "settledCurrency",
            settled == null ? null : settled.currencyCode(),
            java.sql.Types.VARCHAR)
        .query(Long.class)
        .single();
  }

  /**
   * The ids of the refunds recorded against ledger entry {@code :id}: the provider's own (same
   * provider and payment id, as webhooks record them) and manual ones, which carry the payment's
   * id, or {@code ledger-entry-<id>} when the payment has none.
   */
  static final String REFUNDS_OF_ENTRY =
      """
      SELECT r.id FROM ledger_entry r JOIN ledger_entry p ON p.id = :id
      WHERE r.kind = 'REFUND' AND r.currency = p.currency
        AND ((p.provider_payment_id IS NOT NULL AND r.provider_payment_id = p.provider_payment_id
              AND r.provider IN (p.provider, 'manual'))
             OR r.provider_payment_id = 'ledger-entry-' || p.id)""";

  /** A ledger entry as a hand-recorded refund needs it. */
  record LedgerEntryRow(long id, String kind, Giver giver, Money amount, String paymentId) {}

  /** One entry, its row locked for the transaction. */
  Optional<LedgerEntryRow> entryForUpdate(long id) {
    return jdbc.sql(
            """
            SELECT id, kind, supporter_id, subscription_id, frequency, amount_minor, currency, provider_payment_id
            FROM ledger_entry WHERE id = :id FOR UPDATE
            """)
        .param("id", id)
        .query(
            (rs, n) -> {
              long supporter = rs.getLong("supporter_id");
              Long supporterId = rs.wasNull() ? null : supporter;
              long subscription = rs.getLong("subscription_id");
              Long subscriptionId = rs.wasNull() ? null : subscription;
              return new LedgerEntryRow(
                  rs.getLong("id"),
                  rs.getString("kind"),
                  new Giver(
                      supporterId, subscriptionId, Frequency.valueOf(rs.getString("frequency"))),
                  Money.of(rs.getLong("amount_minor"), rs.getString("currency")),
                  rs.getString("provider_payment_id"));
            })
        .optional();
  }

  /** What was refunded so far on ledger entry {@code id}, as a positive amount. */
  long refundedOn(long id) {
    return -jdbc.sql(
            "SELECT coalesce(sum(amount_minor), 0) FROM ledger_entry WHERE id IN ("
                + REFUNDS_OF_ENTRY
                + ")")
        .param("id", id)
        .query(Long.class)
        .single();
  }

  record PaidEntry(Giver giver, Money paid, long refundedSoFar, Money settled) {

    /** What part of the settled amount a refund of {@code minor} takes back, or null. */
    Money settledShare(long minor) {
      if (settled == null || paid.minor() == 0) {
        return null;
      }
      return new Money(
          Math.round((double) minor * settled.minor() / paid.minor()), settled.currency());
    }
  }

  /** The payment a refund returns, with what was already refunded on it. */
  Optional<PaidEntry> paidEntry(String provider, String paymentId) {
    return jdbc.sql(
            """
            SELECT p.supporter_id, p.subscription_id, p.frequency, p.amount_minor, p.currency,
                   p.settled_minor, p.settled_currency,
                   coalesce((SELECT -sum(r.amount_minor) FROM ledger_entry r
                             WHERE r.provider = p.provider AND r.provider_payment_id = p.provider_payment_id
                               AND r.kind = 'REFUND'), 0) AS refunded
            FROM ledger_entry p
            WHERE p.provider = :provider AND p.provider_payment_id = :payment AND p.kind IN ('PAYMENT', 'RENEWAL')
            ORDER BY p.id LIMIT 1
            """)
        .param("provider", provider)
        .param("payment", paymentId)
        .query(
            (rs, n) -> {
              long sub = rs.getLong("subscription_id");
              Long subscriptionId = rs.wasNull() ? null : sub;
              long supporter = rs.getLong("supporter_id");
              Long supporterId = rs.wasNull() ? null : supporter;
              return new PaidEntry(
                  new Giver(
                      supporterId, subscriptionId, Frequency.valueOf(rs.getString("frequency"))),
                  Money.of(rs.getLong("amount_minor"), rs.getString("currency")),
                  rs.getLong("refunded"),
                  rs.getString("settled_currency") == null
                      ? null
                      : Money.of(rs.getLong("settled_minor"), rs.getString("settled_currency")));
            })
        .optional();
  }

  /** One month's sums for a rail and currency; {@code bucket} 1 is the first month asked for. */
  record BucketSums(int bucket, LedgerMonths.Sums sums) {}

  /**
   * The ledger's sums per month, rail, currency and (for other currencies than the goal's) day in
   * the newsroom's time zone, between the first and the last of {@code bounds}: the starts of the
   * months, and the end of the last one.
   */
  List<BucketSums> monthSums(List<Instant> bounds, String goalCurrency, ZoneId zone) {
    // Month by month as Funding counts them: a gift in another currency counts as the goal's when
    // the provider settled it in the goal's currency, at what it settled; else at its day's rate.
    return jdbc.sql(
            """
            SELECT width_bucket(occurred_at, CAST(:bounds AS timestamptz[])) AS month, provider,
                   CASE WHEN currency = :currency OR settled_currency = :currency THEN :currency ELSE currency END AS cur,
                   CASE WHEN currency = :currency OR settled_currency = :currency THEN NULL
                        ELSE (occurred_at AT TIME ZONE :zone)::date END AS day,
                   coalesce(sum(CASE WHEN currency <> :currency AND settled_currency = :currency THEN settled_minor
                                     ELSE amount_minor END)
                            FILTER (WHERE frequency <> 'ANNUAL'), 0) AS direct,
                   coalesce(sum(CASE WHEN currency <> :currency AND settled_currency = :currency THEN settled_minor
                                     ELSE amount_minor END)
                            FILTER (WHERE frequency = 'ANNUAL'), 0) AS annual
            FROM ledger_entry
            WHERE kind IN ('PAYMENT', 'RENEWAL', 'REFUND')
              AND occurred_at >= :from AND occurred_at < :until
            GROUP BY 1, 2, 3, 4
            ORDER BY 1, 2, 3, 4
            """)
        .param(
            "bounds", "{" + String.join(",", bounds.stream().map(Instant::toString).toList()) + "}")
        .param("from", Timestamp.from(bounds.get(0)))
        .param("until", Timestamp.from(bounds.get(bounds.size() - 1)))
        .param("currency", goalCurrency)
        .param("zone", zone.getId())
        .query(
            (rs, n) ->
                new BucketSums(
                    rs.getInt("month"),
                    new LedgerMonths.Sums(
                        rs.getString("provider"),
                        Currency.getInstance(rs.getString("cur")),
                        rs.getDate("day") == null ? null : rs.getDate("day").toLocalDate(),
                        rs.getLong("direct"),
                        rs.getLong("annual"))))
        .list();
  }
}
