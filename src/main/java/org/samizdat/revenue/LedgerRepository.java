package org.samizdat.revenue;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import org.samizdat.platform.Money;
import org.samizdat.platform.i18n.Language;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Supporters, subscriptions, the ledger and provider events: the tables money flows through. The
 * checkouts are {@link CheckoutRepository}'s, the payments flagged for review {@link
 * PaymentReviewRepository}'s.
 */
@Repository
class LedgerRepository {

  private final JdbcClient jdbc;
  private final ApplicationEventPublisher events;

  LedgerRepository(JdbcClient jdbc, ApplicationEventPublisher events) {
    this.jdbc = jdbc;
    this.events = events;
  }

  /**
   * What recording a provider event found: whether it was new (false: a repeated delivery), and
   * whether events about the same subscription or payment wait, UNMATCHED, to be applied after it.
   */
  record Recorded(boolean fresh, boolean othersWaiting) {}

  /**
   * Records a provider event once, and looks in the same statement for events that wait for it (a
   * renewal that arrived before its checkout): one round trip instead of two for every payment,
   * where nearly always none waits. The waiting events' rows are locked later, only when there are
   * any ({@link #unmatched}).
   */
  Recorded recordEventOnce(
      String provider,
      String eventId,
      String type,
      String subscriptionRef,
      String paymentRef,
      String json,
      Instant now) {
    return jdbc.sql(
            """
            WITH fresh AS (
              INSERT INTO provider_event (provider, event_id, type, status, subscription_ref, payment_ref, event_json,
                                          received_at, processed_at)
              VALUES (:provider, :id, :type, 'PROCESSED', :sub, :payment, :json, :now, :now)
              ON CONFLICT (provider, event_id) DO NOTHING
              RETURNING 1
            )
            SELECT EXISTS (SELECT 1 FROM fresh),
                   (CAST(:sub AS text) IS NOT NULL OR CAST(:payment AS text) IS NOT NULL)
                   AND EXISTS (SELECT 1 FROM provider_event
                               WHERE provider = :provider AND status = 'UNMATCHED'
                                 AND (subscription_ref = :sub OR payment_ref = :payment))
            """)
        .param("provider", provider)
        .param("id", eventId)
        .param("type", type)
        .param("sub", subscriptionRef, java.sql.Types.VARCHAR)
        .param("payment", paymentRef, java.sql.Types.VARCHAR)
        .param("json", json)
        .param("now", Timestamp.from(now))
        .query((rs, n) -> new Recorded(rs.getBoolean(1), rs.getBoolean(2)))
        .single();
  }

  void markEvent(String provider, String eventId, String status, String detail, Instant now) {
    jdbc.sql(
            "UPDATE provider_event SET status = :status, detail = :detail, processed_at = :now WHERE provider = :provider AND event_id = :id")
        .param("provider", provider)
        .param("id", eventId)
        .param("status", status)
        .param("detail", detail)
        .param("now", Timestamp.from(now))
        .update();
  }

  record StoredEvent(String eventId, String type, String json) {}

  java.util.List<StoredEvent> unmatched(
      String provider, String subscriptionRef, String paymentRef) {
    return jdbc.sql(
            """
            SELECT event_id, type, event_json FROM provider_event
            WHERE provider = :provider AND status = 'UNMATCHED'
              AND (subscription_ref = :sub OR payment_ref = :payment)
            ORDER BY received_at
            FOR UPDATE
            """)
        .param("provider", provider)
        .param("sub", subscriptionRef)
        .param("payment", paymentRef)
        .query((rs, n) -> new StoredEvent(rs.getString(1), rs.getString(2), rs.getString(3)))
        .list();
  }

  record WaitingEvent(String provider, StoredEvent stored) {}

  java.util.List<WaitingEvent> allUnmatched(int limit) {
    return jdbc.sql(
            """
            SELECT provider, event_id, type, event_json FROM provider_event WHERE status = 'UNMATCHED'
            ORDER BY received_at LIMIT :limit FOR UPDATE SKIP LOCKED
            """)
        .param("limit", limit)
        .query(
            (rs, n) ->
                new WaitingEvent(
                    rs.getString(1),
                    new StoredEvent(rs.getString(2), rs.getString(3), rs.getString(4))))
        .list();
  }

  long supporterFor(String email, String language, Instant now) {
    // DO UPDATE (never DO NOTHING) so the row comes back either way: one round trip
    SupporterRow row =
        jdbc.sql(
                """
                INSERT INTO supporter (email, language, created_at) VALUES (:email, :language, :now)
                ON CONFLICT (lower(email)) DO UPDATE SET language = EXCLUDED.language
                RETURNING id, email, language
                """)
            .param("email", email.trim())
            .param("language", Language.fromCode(language).orElse(Language.EN).code())
            .param("now", Timestamp.from(now))
            .query((rs, n) -> new SupporterRow(rs.getLong(1), rs.getString(2), rs.getString(3)))
            .single();
    TransactionContacts.remember(row.id(), new Contact(row.email(), row.language()));
    return row.id();
  }

  private record SupporterRow(long id, String email, String language) {}

  record Contact(String email, String language) {}

  /**
   * Where a supporter's mail goes. A supporter written in this transaction is known already (the
   * receipt for the payment that just created or found them needs no second look-up).
   */
  Optional<Contact> contact(Long supporterId) {
    if (supporterId == null) {
      return Optional.empty(); // the supporter erased themselves: nobody to write to
    }
    Contact known = TransactionContacts.known(supporterId);
    if (known != null) {
      return Optional.of(known);
    }
    return jdbc.sql("SELECT email, language FROM supporter WHERE id = :id")
        .param("id", supporterId)
        .query((rs, n) -> new Contact(rs.getString(1), rs.getString(2)))
        .optional();
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

  /** A recurring gift; {@code supporterId} is null once its supporter erased themselves. */
  record SubscriptionRow(
      long id,
      Long supporterId,
      Frequency frequency,
      Money amount,
      String status,
      Instant statusChangedAt) {}

  Optional<SubscriptionRow> subscription(String provider, String providerSubscriptionId) {
    return jdbc.sql(
            """
            SELECT id, supporter_id, frequency, amount_minor, currency, status, status_changed_at
            FROM subscription WHERE provider = :provider AND provider_subscription_id = :sub FOR UPDATE
            """)
        .param("provider", provider)
        .param("sub", providerSubscriptionId)
        .query(LedgerRepository::subscriptionRow)
        .optional();
  }

  long insertSubscription(
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
    return subscription(provider, providerSubscriptionId).orElseThrow().id();
  }

  void updateSubscription(long id, String status, Money amount, Instant changedAt) {
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

  /**
   * An entry for the ledger, as a provider event or an editor describes it.
   *
   * @param kind PAYMENT, RENEWAL, FAILED or REFUND
   * @param supporterId null for an anonymous gift, or once the supporter erased themselves
   * @param subscriptionId the recurring gift the entry belongs to, or null
   * @param settled what reached the newsroom's account, when the provider said so; else null
   * @param completes the checkout this payment completes, or null
   */
  record NewLedgerEntry(
      String provider,
      String eventId,
      String kind,
      Long supporterId,
      Long subscriptionId,
      Frequency frequency,
      Money amount,
      String paymentId,
      Instant occurredAt,
      Money settled,
      java.util.UUID completes) {}

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
        .param("supporter", entry.supporterId())
        .param("subscription", entry.subscriptionId())
        .param("frequency", entry.frequency().name())
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
  record LedgerEntryRow(
      long id,
      String kind,
      Long supporterId,
      Long subscriptionId,
      Frequency frequency,
      Money amount,
      String paymentId) {}

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
                  supporterId,
                  subscriptionId,
                  Frequency.valueOf(rs.getString("frequency")),
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

  record PaidEntry(
      Long supporterId,
      Long subscriptionId,
      Frequency frequency,
      Money paid,
      long refundedSoFar,
      Money settled) {

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
                  supporterId,
                  subscriptionId,
                  Frequency.valueOf(rs.getString("frequency")),
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

  void addFunnel(String step, java.time.LocalDate day, long count) {
    jdbc.sql(
            """
            INSERT INTO appeal_funnel (day, step, count) VALUES (:day, :step, :count)
            ON CONFLICT (day, step) DO UPDATE SET count = appeal_funnel.count + EXCLUDED.count
            """)
        .param("day", java.sql.Date.valueOf(day))
        .param("step", step)
        .param("count", count)
        .update();
  }

  void countFunnel(String step, java.time.LocalDate day) {
    jdbc.sql(
            """
            INSERT INTO appeal_funnel (day, step, count) VALUES (:day, :step, 1)
            ON CONFLICT (day, step) DO UPDATE SET count = appeal_funnel.count + 1
            """)
        .param("day", java.sql.Date.valueOf(day))
        .param("step", step)
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
