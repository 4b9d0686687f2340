package org.samizdat.revenue;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.samizdat.platform.Money;
import org.samizdat.platform.i18n.Language;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Supporters: found or added by the payments they make, and where their mail goes; and what a
 * supporter's own pages read: their gifts and recurring gifts, the copy of everything held about
 * them, and its erasure. Cancelling or changing a recurring gift is {@link
 * SubscriptionRepository}'s, the ledger's side (payments, events) {@link LedgerRepository}'s.
 */
@Repository
class SupporterRepository {

  private final JdbcClient jdbc;

  SupporterRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Adds a supporter unless one with this address exists; one that does is left as it is. */
  void addIfAbsent(String email, String language, Instant now) {
    jdbc.sql(
            """
            INSERT INTO supporter (email, language, created_at) VALUES (:email, :language, :now)
            ON CONFLICT (lower(email)) DO NOTHING
            """)
        .param("email", email)
        .param("language", language)
        .param("now", Timestamp.from(now))
        .update();
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

  Optional<Long> idOf(String email) {
    return jdbc.sql("SELECT id FROM supporter WHERE lower(email) = lower(:email)")
        .param("email", email.trim())
        .query(Long.class)
        .optional();
  }

  List<SupporterGiving.Gift> gifts(long supporter) {
    return jdbc.sql(
            """
            SELECT occurred_at, kind, frequency, amount_minor, currency FROM ledger_entry
            WHERE supporter_id = :id AND kind IN ('PAYMENT', 'RENEWAL', 'REFUND') ORDER BY occurred_at DESC, id DESC
            """)
        .param("id", supporter)
        .query(
            (rs, n) ->
                new SupporterGiving.Gift(
                    rs.getTimestamp(1).toInstant(),
                    rs.getString(2),
                    Frequency.valueOf(rs.getString(3)),
                    Money.of(rs.getLong(4), rs.getString(5))))
        .list();
  }

  List<SupporterGiving.Recurring> recurring(long supporter) {
    return jdbc.sql(
            """
            SELECT id, frequency, amount_minor, currency, status, started_at, cancelled_at FROM subscription
            WHERE supporter_id = :id ORDER BY started_at DESC
            """)
        .param("id", supporter)
        .query(
            (rs, n) ->
                new SupporterGiving.Recurring(
                    rs.getLong(1),
                    Frequency.valueOf(rs.getString(2)),
                    Money.of(rs.getLong(3), rs.getString(4)),
                    rs.getString(5),
                    rs.getTimestamp(6).toInstant(),
                    rs.getTimestamp(7) == null ? null : rs.getTimestamp(7).toInstant()))
        .list();
  }

  /**
   * Everything held about a supporter, in the order of the copy they download: their address and
   * language, every ledger entry, every recurring gift, and any reminder asked for with the
   * address. Rows as their columns name them.
   */
  Map<String, Object> everythingHeldAbout(long supporter) {
    Map<String, Object> data = new LinkedHashMap<>();
    Map<String, Object> person =
        jdbc.sql(
                "SELECT email, language, created_at AS first_gift_recorded_at FROM supporter"
                    + " WHERE id = :id")
            .param("id", supporter)
            .query(SupporterRepository::exported)
            .single();
    data.put("supporter", person);
    data.put(
        "ledger",
        jdbc.sql(
                """
                SELECT kind, frequency, amount_minor, currency, provider, provider_payment_id, occurred_at
                FROM ledger_entry WHERE supporter_id = :id ORDER BY occurred_at, id
                """)
            .param("id", supporter)
            .query(SupporterRepository::exported)
            .list());
    data.put(
        "recurring_gifts",
        jdbc.sql(
                """
                SELECT provider, provider_subscription_id, frequency, amount_minor, currency, status, started_at,
                       cancelled_at
                FROM subscription WHERE supporter_id = :id ORDER BY started_at
                """)
            .param("id", supporter)
            .query(SupporterRepository::exported)
            .list());
    data.put(
        "reminders",
        jdbc.sql(
                """
                SELECT remind_on, language, created_at AS asked_at FROM reminder
                WHERE lower(email) = lower(:email) ORDER BY remind_on
                """)
            .param("email", person.get("email"))
            .query(SupporterRepository::exported)
            .list());
    data.put(
        "monthly_crypto_reminders",
        jdbc.sql(
                """
                SELECT amount_minor, currency, language, next_on AS next_email_on, created_at AS asked_at
                FROM monthly_crypto_reminder
                WHERE lower(email) = lower(:email) ORDER BY created_at
                """)
            .param("email", person.get("email"))
            .query(SupporterRepository::exported)
            .list());
    return data;
  }

  /**
   * One row of the copy, as its columns name it (in their order): times as ISO-8601 instants, dates
   * as ISO dates, everything else as the database gives it.
   */
  private static Map<String, Object> exported(ResultSet rs, int n) throws SQLException {
    ResultSetMetaData columns = rs.getMetaData();
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 1; i <= columns.getColumnCount(); i++) {
      Object value = rs.getObject(i);
      if (value instanceof Timestamp t) {
        value = t.toInstant().toString();
      } else if (value instanceof java.sql.Date d) {
        value = d.toLocalDate().toString();
      }
      row.put(columns.getColumnLabel(i), value);
    }
    return row;
  }

  /** The supporter's address, their row locked until the transaction ends; empty when erased. */
  Optional<String> emailForUpdate(long supporter) {
    return jdbc.sql("SELECT email FROM supporter WHERE id = :id FOR UPDATE")
        .param("id", supporter)
        .query(String.class)
        .optional();
  }

  /**
   * Erases a supporter: recurring gifts still running are marked cancelled, the address, language,
   * reminders and the supporter's row go (its links and sessions with it, ON DELETE CASCADE); the
   * ledger entries and recurring gifts stay with no link to a person.
   *
   * @return how many recurring gifts were marked cancelled
   */
  int erase(long supporter, String email, Instant now) {
    int cancelled =
        jdbc.sql(
                """
                UPDATE subscription SET status = 'CANCELLED', cancelled_at = coalesce(cancelled_at, :now),
                       status_changed_at = :now
                WHERE supporter_id = :id AND status <> 'CANCELLED'
                """)
            .param("id", supporter)
            .param("now", Timestamp.from(now))
            .update();
    jdbc.sql("UPDATE subscription SET supporter_id = NULL WHERE supporter_id = :id")
        .param("id", supporter)
        .update();
    jdbc.sql("UPDATE ledger_entry SET supporter_id = NULL WHERE supporter_id = :id")
        .param("id", supporter)
        .update();
    jdbc.sql("DELETE FROM reminder WHERE lower(email) = lower(:email)")
        .param("email", email)
        .update();
    jdbc.sql("DELETE FROM monthly_crypto_reminder WHERE lower(email) = lower(:email)")
        .param("email", email)
        .update();
    jdbc.sql("DELETE FROM supporter WHERE id = :id").param("id", supporter).update();
    return cancelled;
  }
}
