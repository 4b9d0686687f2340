package org.samizdat.revenue;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;
import org.samizdat.platform.Money;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.i18n.Language;
import org.samizdat.platform.i18n.Messages;
import org.samizdat.platform.mail.Mail;
import org.samizdat.platform.mail.MailOutbox;
import org.springframework.stereotype.Component;

/**
 * The e-mails reader revenue sends, in the reader's language. Each is put in the outbox in the same
 * transaction as the change it reports, so a receipt exists exactly when its payment does, and a
 * slow mail server never holds up a webhook.
 */
@Component
class RevenueMail {

  /** The outbox's kinds of this module's mails. */
  static final java.util.List<String> KINDS =
      java.util.List.of(
          "receipt",
          "manage-link",
          "gift-cancelled",
          "gift-changed",
          "reminder-confirmed",
          "reminder",
          "monthly-crypto-confirmed",
          "monthly-crypto");

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RevenueMail.class);

  private final MailOutbox outbox;
  private final RevenueSettings settings;
  private final String newsroom;

  RevenueMail(MailOutbox outbox, RevenueSettings settings, PlatformSettings platform) {
    this.outbox = outbox;
    this.settings = settings;
    this.newsroom = platform.name();
  }

  /**
   * Queues the receipt for a ledger entry once: a second call for the same entry (the event
   * registry republishing after a crash) changes nothing.
   */
  void receipt(
      long ledgerEntryId,
      String to,
      String language,
      Money amount,
      Frequency frequency,
      boolean renewal,
      LocalDate date) {
    Messages m = messages(language);
    String body =
        m.t(
            "mail.receipt.body",
            m.t(renewal ? "mail.receipt.renewedGift" : "mail.receipt.gift"),
            amountPer(m, amount, frequency),
            DateTimeFormatter.ISO_LOCAL_DATE.format(date),
            settings.link(language, "/support/manage"));
    send(
        "receipt",
        UUID.nameUUIDFromBytes(("receipt:" + ledgerEntryId).getBytes(StandardCharsets.UTF_8)),
        to,
        m.t("mail.receipt.subject", newsroom),
        body + signature());
  }

  void manageLink(String to, String language, String token) {
    Messages m = messages(language);
    String link = settings.link(language, "/support/manage/" + token);
    String minutes = String.valueOf(settings.manageLinkLifetime().toMinutes());
    send(
        "manage-link",
        to,
        m.t("mail.manageLink.subject", newsroom),
        m.t("mail.manageLink.body", minutes, link) + signature());
  }

  void cancelled(String to, String language, Money amount, Frequency frequency) {
    Messages m = messages(language);
    String body =
        m.t("mail.cancelled.body", amount.format(m.language().locale()), m.t(perKey(frequency)));
    send("gift-cancelled", to, m.t("mail.cancelled.subject"), body + signature());
  }

  void amountChanged(String to, String language, Money amount, Frequency frequency) {
    Messages m = messages(language);
    String body =
        m.t("mail.changed.body", amount.format(m.language().locale()), m.t(perKey(frequency)));
    send("gift-changed", to, m.t("mail.changed.subject"), body + signature());
  }

  void reminderConfirmed(String to, String language, LocalDate on, String deleteToken) {
    Messages m = messages(language);
    String link = settings.link(language, "/support/remind/" + deleteToken);
    String day = on.toString();
    send(
        "reminder-confirmed",
        to,
        m.t("mail.reminderConfirmed.subject", day),
        m.t("mail.reminderConfirmed.body", day, link) + signature());
  }

  void reminder(String to, String language) {
    Messages m = messages(language);
    send(
        "reminder",
        to,
        m.t("mail.reminder.subject", newsroom),
        m.t("mail.reminder.body", settings.link(language, "/support")) + signature());
  }

  /** A monthly crypto reminder was asked for: what it will do, and how to stop it. */
  void monthlyCryptoConfirmed(String to, Language language, Money amount, UUID reminder) {
    Messages m = Messages.of(language);
    String stop = settings.link(language.code(), "/support/monthly/" + reminder + "/stop");
    String text =
        m.t(
            "monthlyCrypto.confirmed.body",
            amount.format(language.locale()),
            settings.link(language.code(), "/support/monthly/" + reminder),
            stop);
    outbox.enqueueOnce(
        "monthly-crypto-confirmed",
        UUID.nameUUIDFromBytes(("confirmed:" + reminder).getBytes(StandardCharsets.UTF_8)),
        new Mail(
            to,
            m.t("monthlyCrypto.confirmed.subject"),
            text + signature(),
            null,
            unsubscribe(stop)));
  }

  /** This month's reminder: a link to a fresh invoice, and the way to stop it, in every mail. */
  void monthlyCrypto(String to, Language language, Money amount, UUID reminder, LocalDate month) {
    if (!Mail.isAddress(to)) {
      return;
    }
    Messages m = Messages.of(language);
    String stop = settings.link(language.code(), "/support/monthly/" + reminder + "/stop");
    String text =
        m.t(
            "monthlyCrypto.body",
            amount.format(language.locale()),
            newsroom,
            settings.link(language.code(), "/support/monthly/" + reminder),
            stop);
    outbox.enqueueOnce(
        "monthly-crypto",
        UUID.nameUUIDFromBytes((reminder + ":" + month).getBytes(StandardCharsets.UTF_8)),
        new Mail(
            to,
            m.t("monthlyCrypto.subject", newsroom),
            text + signature(),
            null,
            unsubscribe(stop)));
  }

  /** A stopped monthly reminder: nothing more about it goes out, not even what is queued. */
  void withdrawMonthlyCrypto(String to) {
    outbox.withdraw(to, java.util.List.of("monthly-crypto-confirmed", "monthly-crypto"));
  }

  /** One-click unsubscribe (RFC 8058): mail clients POST to the stop link. */
  private static java.util.Map<String, String> unsubscribe(String url) {
    return java.util.Map.of(
        "List-Unsubscribe", "<" + url + ">", "List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
  }

  /** Withdraws every mail of this module still queued for an address (its owner erased it). */
  void withdrawAll(String to) {
    outbox.withdraw(to, KINDS);
  }

  /**
   * Queues one mail. An address the outbox cannot send to (providers accept more than SMTP does) is
   * logged and skipped: a receipt must never stop a payment from being recorded.
   */
  private void send(String kind, String to, String subject, String text) {
    send(kind, UUID.randomUUID(), to, subject, text);
  }

  private void send(String kind, UUID id, String to, String subject, String text) {
    if (!Mail.isAddress(to)) {
      log.warn("Not sending a {}: the address given is not one mail can be sent to", kind);
      return;
    }
    if (to.toLowerCase(java.util.Locale.ROOT).endsWith(".invalid")) {
      return; // RFC 2606: never deliverable (the demo's fictional readers use it)
    }
    outbox.enqueueOnce(kind, id, new Mail(to, subject, text, null, java.util.Map.of()));
  }

  private String signature() {
    return "\n— " + newsroom + "\n";
  }

  /** The reader's language; anything but a language the site speaks reads English. */
  private static Messages messages(String language) {
    return Messages.of(Language.fromCode(language).orElse(Language.EN));
  }

  private static String amountPer(Messages m, Money amount, Frequency frequency) {
    return amount.format(m.language().locale()) + " " + m.t(perKey(frequency));
  }

  private static String perKey(Frequency f) {
    return "mail.per." + f.name().toLowerCase(Locale.ROOT);
  }
}
