package org.samizdat.revenue;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.samizdat.platform.InputRejected;
import org.samizdat.platform.Money;
import org.samizdat.platform.mail.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** A reader's own view of their support, reached through a signed link sent to their e-mail. */
@Service
public class Supporters {

  private static final Logger log = LoggerFactory.getLogger(Supporters.class);

  private final JdbcClient jdbc;
  private final SupporterLinks links;
  private final RevenueMail mail;
  private final PaymentProviders providers;
  private final Funding funding;
  private final Clock clock;
  private final TransactionTemplate transaction;

  Supporters(
      JdbcClient jdbc,
      SupporterLinks links,
      RevenueMail mail,
      PaymentProviders providers,
      Funding funding,
      Clock clock,
      PlatformTransactionManager transactions) {
    this.transaction = new TransactionTemplate(transactions);
    this.jdbc = jdbc;
    this.links = links;
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
    if (supporterId(e).isPresent()) {
      mail.manageLink(e, language, links.issue(e));
    }
  }

  /** The address a manage link was issued for, if it is genuine and still valid. */
  public Optional<String> emailFor(String token) {
    return links.verify(token);
  }

  @Transactional(readOnly = true)
  public SupporterGiving giving(String email) {
    Long id = supporterId(email).orElse(null);
    if (id == null) {
      return new SupporterGiving(email, List.of(), List.of());
    }
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
    return new SupporterGiving(email, gifts, recurring);
  }

  /**
   * Cancels at the provider first, then here, then confirms by e-mail. The provider is called
   * outside any transaction: a slow provider (its client waits up to 20 s, and retries) must not
   * hold a database connection and a row lock while it answers.
   */
  public void cancel(String email, long subscriptionId, String language) {
    Owned sub = transaction.execute(status -> owned(email, subscriptionId));
    if ("CANCELLED".equals(sub.status())) {
      return;
    }
    provider(sub).cancelSubscription(sub.providerSubscriptionId());
    transaction.executeWithoutResult(
        status -> {
          Owned now = owned(email, subscriptionId);
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
          mail.cancelled(email, language, sub.amount(), sub.frequency());
          log.info("Recurring gift {} cancelled by its supporter", sub.id());
        });
  }

  /**
   * Changes the amount at the provider first (outside any transaction, as above), then here, then
   * confirms by e-mail.
   */
  public void changeAmount(String email, long subscriptionId, String amountText, String language) {
    Owned sub = transaction.execute(status -> owned(email, subscriptionId));
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
          owned(email, subscriptionId); // locks the row while it changes
          jdbc.sql("UPDATE subscription SET amount_minor = :amount WHERE id = :id")
              .param("id", sub.id())
              .param("amount", amount.minor())
              .update();
          mail.amountChanged(email, language, amount, sub.frequency());
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

  private Owned owned(String email, long subscriptionId) {
    return jdbc.sql(
            """
            SELECT s.id, s.supporter_id, s.provider, s.provider_subscription_id, s.frequency, s.amount_minor, s.currency, s.status
            FROM subscription s JOIN supporter p ON p.id = s.supporter_id
            WHERE s.id = :id AND lower(p.email) = lower(:email)
            FOR UPDATE OF s
            """)
        .param("id", subscriptionId)
        .param("email", email)
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

  private Optional<Long> supporterId(String email) {
    return jdbc.sql("SELECT id FROM supporter WHERE lower(email) = lower(:email)")
        .param("email", email.trim())
        .query(Long.class)
        .optional();
  }
}
