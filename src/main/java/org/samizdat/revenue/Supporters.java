package org.samizdat.revenue;

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
import org.samizdat.revenue.SubscriptionRepository.OwnedGift;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

  private final SupporterRepository supporters;
  private final SubscriptionRepository subscriptions;
  private final MonthlyCryptoReminderRepository cryptoReminders;
  private final SupporterLinks links;
  private final FormLimits limits;
  private final RevenueMail mail;
  private final PaymentProviders providers;
  private final Funding funding;
  private final Clock clock;
  private final TransactionTemplate transaction;

  Supporters(
      SupporterRepository supporters,
      SubscriptionRepository subscriptions,
      MonthlyCryptoReminderRepository cryptoReminders,
      SupporterLinks links,
      FormLimits limits,
      RevenueMail mail,
      PaymentProviders providers,
      Funding funding,
      Clock clock,
      PlatformTransactionManager transactions) {
    this.transaction = new TransactionTemplate(transactions);
    this.supporters = supporters;
    this.subscriptions = subscriptions;
    this.cryptoReminders = cryptoReminders;
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
    return new SupporterGiving(
        email,
        supporters.gifts(id),
        supporters.recurring(id),
        cryptoReminders.forAddress(email).stream()
            .map(r -> new SupporterGiving.CryptoReminder(r.id(), r.amount(), r.nextOn()))
            .toList());
  }

  /**
   * Cancels at the provider first, then here, then confirms by e-mail. The provider is called
   * outside any transaction: a slow provider (its client waits up to 20 s, and retries) must not
   * hold a database connection and a row lock while it answers.
   */
  public void cancel(String session, long subscriptionId, String language) {
    long supporter = transaction.execute(status -> supporter(session));
    OwnedGift sub = transaction.execute(status -> owned(supporter, subscriptionId));
    if (sub.cancelled()) {
      return;
    }
    provider(sub).cancelSubscription(sub.providerSubscriptionId());
    transaction.executeWithoutResult(
        status -> {
          OwnedGift now = owned(supporter, subscriptionId);
          if (now.cancelled()) {
            return; // a second click, or the provider's webhook, got here first: already said
          }
          subscriptions.markCancelled(sub.id(), clock.instant());
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
    OwnedGift sub = transaction.execute(status -> owned(supporter, subscriptionId));
    if (sub.cancelled()) {
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
          subscriptions.changeAmount(sub.id(), amount);
          mail.amountChanged(contact(supporter).email(), language, amount, sub.frequency());
        });
  }

  private OwnedGift owned(long supporter, long subscriptionId) {
    return subscriptions
        .ownedForUpdate(supporter, subscriptionId)
        .orElseThrow(
            () -> new InputRejected("subscription", "That recurring gift is not one of yours."));
  }

  private PaymentProvider provider(OwnedGift sub) {
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
    boolean stopped = cryptoReminders.deleteFor(reminder, email);
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
    data.put("exported_at", clock.instant().toString());
    data.putAll(supporters.everythingHeldAbout(id));
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(data);
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
    List<OwnedGift> running =
        transaction.execute(
            status -> subscriptions.running(id).stream().map(sub -> owned(id, sub)).toList());
    for (OwnedGift sub : running) {
      provider(sub).cancelSubscription(sub.providerSubscriptionId());
    }
    transaction.executeWithoutResult(
        status -> {
          String email = supporters.emailForUpdate(id).orElseThrow(SupporterSessionExpired::new);
          int cancelled = supporters.erase(id, email, clock.instant());
          mail.withdrawAll(email);
          log.info(
              "A supporter erased their data ({} recurring gift(s) cancelled); their ledger entries stay, anonymous",
              cancelled);
        });
  }

  private long supporter(String session) {
    return links.session(session).orElseThrow(SupporterSessionExpired::new);
  }

  private SupporterRepository.Contact contact(long supporter) {
    return supporters.contact(supporter).orElseThrow(SupporterSessionExpired::new);
  }

  private Optional<Long> supporterId(String email) {
    return supporters.idOf(email);
  }
}
