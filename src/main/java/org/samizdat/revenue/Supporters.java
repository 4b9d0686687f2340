package org.samizdat.revenue;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.samizdat.platform.InputRejected;
import org.samizdat.platform.Money;
import org.samizdat.platform.limits.FormLimits;
import org.samizdat.platform.mail.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * A reader's own view of their support, reached through a single-use link sent to their e-mail:
 * what they gave, changing or cancelling a recurring gift, a copy of everything held about them,
 * and erasing it.
 */
@Service
public class Supporters {

  private static final Logger log = LoggerFactory.getLogger(Supporters.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final JdbcClient jdbc;
  private final SupporterLinks links;
  private final FormLimits limits;
  private final RevenueMail mail;
  private final PaymentProviders providers;
  private final Funding funding;
  private final Clock clock;
  private final TransactionTemplate transaction;

  Supporters(
      JdbcClient jdbc,
      SupporterLinks links,
      FormLimits limits,
      RevenueMail mail,
      PaymentProviders providers,
      Funding funding,
      Clock clock,
      PlatformTransactionManager transactions) {
    this.transaction = new TransactionTemplate(transactions);
    this.jdbc = jdbc;
    this.links = links;
    this.limits = limits;
    this.mail = mail;
    this.providers = providers;
    this.funding = funding;
    this.clock = clock;
  }

  /**
   * Sends a manage link if this address gave anything. The answer to the reader is the same either
   * way, so the form cannot be used to learn who supports the newsroom.
   */
  @Transactional
  public void sendManageLink(String email, String language) {
    String e = email == null ? "" : email.trim();
    if (!Mail.isAddress(e)) {
      throw new InputRejected(
          "email", "Enter the e-mail address you gave with, like name@example.org.");
    }
    limits.recipient("manage-link", e); // known or not, so a refusal says nothing about who gave
    Optional<Long> supporter = supporterId(e);
    if (supporter.isPresent()) {
      mail.manageLink(e, language, links.issueLink(supporter.get()));
    }
  }

  /** Whether an e-mailed link would still open the reader's page (it is not used up by asking). */
  @Transactional(readOnly = true)
  public boolean linkValid(String linkToken) {
    return links.linkValid(linkToken);
  }

  /**
   * Uses up an e-mailed link and opens a short session: the returned id goes into the addresses of
   * the reader's pages. Empty when the link is unknown, used or expired.
   */
  @Transactional
  public Optional<String> openSession(String linkToken) {
    return links.redeem(linkToken);
  }

  /** Ends a session before its time ("done" on the reader's page). */
  @Transactional
  public void endSession(String session) {
    links.end(session);
  }

  /** Everything given by the supporter a session belongs to. */
  @Transactional(readOnly = true)
  public SupporterGiving giving(String session) {
    long id = supporter(session);
    String email = contact(id).email();
    List<SupporterGiving.Gift> gifts =
        jdbc.sql(
                """
            SELECT occurred_at, kind, frequency, amount_minor, currency FROM ledger_entry
            WHERE supporter_id = :id AND kind IN ('PAYMENT', 'RENEWAL', 'REFUND') ORDER BY occurred_at DESC, id DESC
            """)
            .param("id", id)
            .query(
                (rs, n) ->
                    new SupporterGiving.Gift(
                        rs.getTimestamp(1).toInstant(),
                        rs.getString(2),
                        Frequency.valueOf(rs.getString(3)),
                        Money.of(rs.getLong(4), rs.getString(5))))
            .list();
    List<SupporterGiving.Recurring> recurring =
        jdbc.sql(
                """
            SELECT id, frequency, amount_minor, currency, status, started_at, cancelled_at FROM subscription
            WHERE supporter_id = :id ORDER BY started_at DESC
            """)
            .param("id", id)
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
    List<SupporterGiving.CryptoReminder> cryptoReminders =
        jdbc.sql(
                """
                SELECT id, amount_minor, currency, next_on FROM monthly_crypto_reminder
                WHERE lower(email) = lower(:email) ORDER BY created_at
                """)
            .param("email", email)
            .query(
                (rs, n) ->
                    new SupporterGiving.CryptoReminder(
                        rs.getObject(1, java.util.UUID.class),
                        Money.of(rs.getLong(2), rs.getString(3)),
                        rs.getDate(4).toLocalDate()))
            .list();
    return new SupporterGiving(email, gifts, recurring, cryptoReminders);
  }

  /**
   * Cancels at the provider first, then here, then confirms by e-mail. The provider is called
   * outside any transaction: a slow provider (its client waits up to 20 s, and retries) must not
   * hold a database connection and a row lock while it answers.
   */
  public void cancel(String session, long subscriptionId, String language) {
    long supporter = transaction.execute(status -> supporter(session));
    Owned sub = transaction.execute(status -> owned(supporter, subscriptionId));
    if ("CANCELLED".equals(sub.status())) {
      return;
    }
    provider(sub).cancelSubscription(sub.providerSubscriptionId());
    transaction.executeWithoutResult(
        status -> {
          Owned now = owned(supporter, subscriptionId);
          if ("CANCELLED".equals(now.status())) {
            return; // a second click, or the provider's webhook, got here first: already said
          }
          jdbc.sql(
                  """
              UPDATE subscription SET status = 'CANCELLED', cancelled_at = :now, status_changed_at = :now WHERE id = :id
              """)
              .param("id", sub.id())
              .param("now", Timestamp.from(clock.instant()))
              .update();
          mail.cancelled(contact(supporter).email(), language, sub.amount(), sub.frequency());
          log.info("Recurring gift {} cancelled by its supporter", sub.id());
        });
  }

  /**
   * Changes the amount at the provider first (outside any transaction, as above), then here, then
   * confirms by e-mail.
   */
  public void changeAmount(
      String session, long subscriptionId, String amountText, String language) {
    long supporter = transaction.execute(status -> supporter(session));
    Owned sub = transaction.execute(status -> owned(supporter, subscriptionId));
    if ("CANCELLED".equals(sub.status())) {
      throw new InputRejected(
          "amount", "This gift is cancelled; start a new one from the support page.");
    }
    Money amount =
        funding.amount(
            amountText, sub.amount().currency(), sub.frequency(), Locale.forLanguageTag(language));
    provider(sub).changeSubscriptionAmount(sub.providerSubscriptionId(), amount, sub.frequency());
    transaction.executeWithoutResult(
        status -> {
          owned(supporter, subscriptionId); // locks the row while it changes
          jdbc.sql("UPDATE subscription SET amount_minor = :amount WHERE id = :id")
              .param("id", sub.id())
              .param("amount", amount.minor())
              .update();
          mail.amountChanged(contact(supporter).email(), language, amount, sub.frequency());
        });
  }

  private record Owned(
      long id,
      long supporterId,
      String provider,
      String providerSubscriptionId,
      Frequency frequency,
      Money amount,
      String status) {}

  private Owned owned(long supporter, long subscriptionId) {
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
                new Owned(
                    rs.getLong(1),
                    rs.getLong(2),
                    rs.getString(3),
                    rs.getString(4),
                    Frequency.valueOf(rs.getString(5)),
                    Money.of(rs.getLong(6), rs.getString(7)),
                    rs.getString(8)))
        .optional()
        .orElseThrow(
            () -> new InputRejected("subscription", "That recurring gift is not one of yours."));
  }

  private PaymentProvider provider(Owned sub) {
    return providers
        .get(sub.provider())
        .orElseThrow(
            () ->
                new InputRejected(
                    "provider",
                    "This gift was made through "
                        + sub.provider()
                        + ", which this site no longer uses; please write to us to change it."));
  }

  /**
   * Stops a monthly crypto reminder asked for with the supporter's address; false when there is no
   * such reminder for it.
   */
  @Transactional
  public boolean stopCryptoReminder(String session, java.util.UUID reminder) {
    String email = contact(supporter(session)).email();
    boolean stopped =
        jdbc.sql(
                    "DELETE FROM monthly_crypto_reminder WHERE id = :id AND lower(email) = lower(:email)")
                .param("id", reminder)
                .param("email", email)
                .update()
            == 1;
    if (stopped) {
      mail.withdrawMonthlyCrypto(email);
    }
    return stopped;
  }

  /**
   * Everything held about the supporter a session belongs to, as JSON: their address and language,
   * every ledger entry, every recurring gift, and any reminder asked for with the address.
   */
  @Transactional(readOnly = true)
  public String export(String session) {
    long id = supporter(session);
    Map<String, Object> data = new LinkedHashMap<>();
    Map<String, Object> person =
        jdbc.sql(
                "SELECT email, language, created_at AS first_gift_recorded_at FROM supporter"
                    + " WHERE id = :id")
            .param("id", id)
            .query(Supporters::exported)
            .single();
    data.put("exported_at", clock.instant().toString());
    data.put("supporter", person);
    data.put(
        "ledger",
        jdbc.sql(
                """
                SELECT kind, frequency, amount_minor, currency, provider, provider_payment_id, occurred_at
                FROM ledger_entry WHERE supporter_id = :id ORDER BY occurred_at, id
                """)
            .param("id", id)
            .query(Supporters::exported)
            .list());
    data.put(
        "recurring_gifts",
        jdbc.sql(
                """
                SELECT provider, provider_subscription_id, frequency, amount_minor, currency, status, started_at,
                       cancelled_at
                FROM subscription WHERE supporter_id = :id ORDER BY started_at
                """)
            .param("id", id)
            .query(Supporters::exported)
            .list());
    data.put(
        "reminders",
        jdbc.sql(
                """
                SELECT remind_on, language, created_at AS asked_at FROM reminder
                WHERE lower(email) = lower(:email) ORDER BY remind_on
                """)
            .param("email", person.get("email"))
            .query(Supporters::exported)
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
            .query(Supporters::exported)
            .list());
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(data);
  }

  /**
   * One row of the export, as its columns name it (in their order): times as ISO-8601 instants,
   * dates as ISO dates, everything else as the database gives it.
   */
  private static Map<String, Object> exported(java.sql.ResultSet rs, int n)
      throws java.sql.SQLException {
    java.sql.ResultSetMetaData columns = rs.getMetaData();
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

  /**
   * Erases the supporter a session belongs to. Recurring gifts still running are cancelled at their
   * provider first (outside any transaction, as in {@link #cancel}); if a provider cannot be
   * reached, nothing is erased. Then, in one transaction: the address, language, reminders and
   * queued mails go; the ledger entries and recurring gifts stay with no link to a person, so the
   * books still add up. No e-mail confirms it: that would keep the address until it was sent.
   */
  public void erase(String session) {
    long id = transaction.execute(status -> supporter(session));
    List<Owned> running =
        transaction.execute(
            status ->
                jdbc
                    .sql(
                        """
                        SELECT id FROM subscription WHERE supporter_id = :id AND status <> 'CANCELLED'
                        """)
                    .param("id", id)
                    .query(Long.class)
                    .list()
                    .stream()
                    .map(sub -> owned(id, sub))
                    .toList());
    for (Owned sub : running) {
      provider(sub).cancelSubscription(sub.providerSubscriptionId());
    }
    transaction.executeWithoutResult(
        status -> {
          String email =
              jdbc.sql("SELECT email FROM supporter WHERE id = :id FOR UPDATE")
                  .param("id", id)
                  .query(String.class)
                  .optional()
                  .orElseThrow(SupporterSessionExpired::new);
          Timestamp now = Timestamp.from(clock.instant());
          List<Long> cancelled =
              jdbc.sql(
                      """
                      UPDATE subscription SET status = 'CANCELLED', cancelled_at = coalesce(cancelled_at, :now),
                             status_changed_at = :now
                      WHERE supporter_id = :id AND status <> 'CANCELLED' RETURNING id
                      """)
                  .param("id", id)
                  .param("now", now)
                  .query(Long.class)
                  .list();
          jdbc.sql("UPDATE subscription SET supporter_id = NULL WHERE supporter_id = :id")
              .param("id", id)
              .update();
          jdbc.sql("UPDATE ledger_entry SET supporter_id = NULL WHERE supporter_id = :id")
              .param("id", id)
              .update();
          jdbc.sql("DELETE FROM reminder WHERE lower(email) = lower(:email)")
              .param("email", email)
              .update();
          jdbc.sql("DELETE FROM monthly_crypto_reminder WHERE lower(email) = lower(:email)")
              .param("email", email)
              .update();
          // its links and sessions go with it (ON DELETE CASCADE)
          jdbc.sql("DELETE FROM supporter WHERE id = :id").param("id", id).update();
          mail.withdrawAll(email);
          log.info(
              "A supporter erased their data ({} recurring gift(s) cancelled); their ledger entries stay, anonymous",
              cancelled.size());
        });
  }

  private long supporter(String session) {
    return links.session(session).orElseThrow(SupporterSessionExpired::new);
  }

  private LedgerRepository.Contact contact(long supporter) {
    return jdbc.sql("SELECT email, language FROM supporter WHERE id = :id")
        .param("id", supporter)
        .query((rs, n) -> new LedgerRepository.Contact(rs.getString(1), rs.getString(2)))
        .optional()
        .orElseThrow(SupporterSessionExpired::new);
  }

  private Optional<Long> supporterId(String email) {
    return jdbc.sql("SELECT id FROM supporter WHERE lower(email) = lower(:email)")
        .param("email", email.trim())
        .query(Long.class)
        .optional();
  }
}
