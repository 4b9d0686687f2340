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
    boolean ru = "ru".equals(language);
    Locale locale = Locale.forLanguageTag(ru ? "ru" : "en");
    String amountText = amount.format(locale) + " " + per(frequency, ru);
    String subject =
        ru
            ? "Квитанция: спасибо за поддержку " + newsroom
            : "Your receipt: thank you for supporting " + newsroom;
    String body =
        ru
            ? """
          Спасибо! Мы получили ваш %s: %s.
          Дата: %s

          Эти деньги оплачивают независимую журналистику без рекламы. Ваше имя нигде не публикуется.

          Посмотреть, изменить или отменить поддержку: %s
          """
                .formatted(
                    renewal ? "очередной взнос" : "взнос",
                    amountText,
                    DateTimeFormatter.ISO_LOCAL_DATE.format(date),
                    settings.link(language, "/support/manage"))
            : """
          Thank you! We received your %s: %s.
          Date: %s

          It pays for independent journalism without advertising. Your name is never published.

          To see, change or cancel your support: %s
          """
                .formatted(
                    renewal ? "renewed gift" : "gift",
                    amountText,
                    DateTimeFormatter.ISO_LOCAL_DATE.format(date),
                    settings.link(language, "/support/manage"));
    send(
        "receipt",
        UUID.nameUUIDFromBytes(("receipt:" + ledgerEntryId).getBytes(StandardCharsets.UTF_8)),
        to,
        subject,
        body + signature(ru));
  }

  void manageLink(String to, String language, String token) {
    boolean ru = "ru".equals(language);
    String link = settings.link(language, "/support/manage/" + token);
    long minutes = settings.manageLinkLifetime().toMinutes();
    String subject =
        ru
            ? "Ссылка для управления поддержкой " + newsroom
            : "Your link to manage your support for " + newsroom;
    String body =
        ru
            ? "Вот ссылка, по которой видны все ваши взносы с этим адресом и можно изменить или отменить ежемесячную поддержку. Она сработает один раз в течение "
                + minutes
                + " мин.\n\n"
                + link
                + "\n\nЕсли вы не запрашивали ссылку, просто удалите это письмо.\n"
            : "Here is your link to see everything you gave with this address, and to change or cancel a recurring gift. It works once, within "
                + minutes
                + " minutes.\n\n"
                + link
                + "\n\nIf you did not ask for it, just delete this e-mail.\n";
    send("manage-link", to, subject, body + signature(ru));
  }

  void cancelled(String to, String language, Money amount, Frequency frequency) {
    boolean ru = "ru".equals(language);
    Locale locale = Locale.forLanguageTag(ru ? "ru" : "en");
    String subject = ru ? "Ваша регулярная поддержка отменена" : "Your recurring gift is cancelled";
    String body =
        ru
            ? "Мы отменили вашу поддержку "
                + amount.format(locale)
                + " "
                + per(frequency, ru)
                + ". Больше списаний не будет. Спасибо за всё, что вы уже сделали.\n"
            : "We cancelled your gift of "
                + amount.format(locale)
                + " "
                + per(frequency, ru)
                + ". You will not be charged again. Thank you for everything you gave.\n";
    send("gift-cancelled", to, subject, body + signature(ru));
  }

  void amountChanged(String to, String language, Money amount, Frequency frequency) {
    boolean ru = "ru".equals(language);
    Locale locale = Locale.forLanguageTag(ru ? "ru" : "en");
    String subject = ru ? "Сумма вашей поддержки изменена" : "Your recurring gift is changed";
    String body =
        ru
            ? "Со следующего платежа ваша поддержка составит "
                + amount.format(locale)
                + " "
                + per(frequency, ru)
                + ".\n"
            : "From your next payment on, your gift will be "
                + amount.format(locale)
                + " "
                + per(frequency, ru)
                + ".\n";
    send("gift-changed", to, subject, body + signature(ru));
  }

  void reminderConfirmed(String to, String language, LocalDate on, String deleteToken) {
    boolean ru = "ru".equals(language);
    String link = settings.link(language, "/support/remind/" + deleteToken);
    String subject = ru ? "Мы напомним вам " + on : "We will remind you on " + on;
    String body =
        ru
            ? "Мы пришлём одно письмо "
                + on
                + " и после этого удалим ваш адрес. Передумали? Удалите напоминание сейчас: "
                + link
                + "\n"
            : "We will send you one e-mail on "
                + on
                + " and then delete your address. Changed your mind? Delete the reminder now: "
                + link
                + "\n";
    send("reminder-confirmed", to, subject, body + signature(ru));
  }

  void reminder(String to, String language) {
    boolean ru = "ru".equals(language);
    String subject =
        ru ? "Напоминание: поддержите " + newsroom : "A reminder to support " + newsroom;
    String body =
        ru
            ? "Вы просили напомнить. Наша работа держится на читателях: "
                + settings.link(language, "/support")
                + "\n\nЭто единственное письмо: ваш адрес уже удалён.\n"
            : "You asked us to remind you. Our work is paid for by readers: "
                + settings.link(language, "/support")
                + "\n\nThis is the only e-mail: your address is already deleted.\n";
    send("reminder", to, subject, body + signature(ru));
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
            text + signature(language == Language.RU),
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
            text + signature(language == Language.RU),
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

  private String signature(boolean ru) {
    return "\n— " + newsroom + (ru ? "\n" : "\n");
  }

  private static String per(Frequency f, boolean ru) {
    return switch (f) {
      case ONCE -> ru ? "(разово)" : "(one-time)";
      case MONTHLY -> ru ? "в месяц" : "a month";
      case ANNUAL -> ru ? "в год" : "a year";
    };
  }
}
