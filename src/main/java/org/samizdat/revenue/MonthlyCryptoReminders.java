package org.samizdat.revenue;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.samizdat.platform.InputRejected;
import org.samizdat.platform.Money;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.i18n.Language;
import org.samizdat.platform.limits.FormLimits;
import org.samizdat.platform.mail.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Monthly giving in crypto, which has no automatic debit: a reader who asks for it gets one e-mail
 * a month with a link to a fresh invoice for their amount. Optional, one address, deleted by the
 * link in every e-mail, from "Manage my support", or when the supporter erases themselves.
 */
@Service
public class MonthlyCryptoReminders {

  private static final Logger log = LoggerFactory.getLogger(MonthlyCryptoReminders.class);

  /** What a reminder holds; the id is the secret in its links. */
  public record Reminder(
      UUID id, Language language, String provider, Money amount, LocalDate nextOn) {}

  private final MonthlyCryptoReminderRepository reminders;
  private final RevenueMail mail;
  private final FormLimits limits;
  private final Clock clock;
  private final ZoneId zone;

  MonthlyCryptoReminders(
      MonthlyCryptoReminderRepository reminders,
      RevenueMail mail,
      FormLimits limits,
      Clock clock,
      PlatformSettings platform) {
    this.reminders = reminders;
    this.mail = mail;
    this.limits = limits;
    this.clock = clock;
    this.zone = platform.timeZone();
  }

  /** Whether a reader's input is an address we could write to; checked before any checkout. */
  public static void checkAddress(String email) {
    if (!Mail.isAddress(email == null ? "" : email.trim())) {
      throw new InputRejected("email", "Enter an e-mail address like name@example.org.");
    }
  }

  /**
   * Asks for a monthly e-mail, the first a month from today, and confirms it by e-mail with the
   * link to stop it.
   *
   * @return the new reminder's id, or empty when the address already has one (a second request
   *     changes nothing and mails nothing, and is answered like the first, so the form cannot tell
   *     anyone whether an address has one)
   */
  @Transactional
  public Optional<UUID> create(String email, String provider, Money amount, Language language) {
    checkAddress(email);
    String e = email.trim();
    limits.recipient("monthly-crypto-reminder", e);
    LocalDate today = LocalDate.now(clock.withZone(zone));
    UUID id = UUID.randomUUID();
    boolean inserted =
        reminders.insert(
            new MonthlyCryptoReminderRepository.NewReminder(
                id,
                e,
                language,
                provider,
                amount,
                today.getDayOfMonth(),
                next(today, today.getDayOfMonth())),
            clock.instant());
    if (!inserted) {
      return Optional.empty();
    }
    mail.monthlyCryptoConfirmed(e, language, amount, id);
    return Optional.of(id);
  }

  @Transactional(readOnly = true)
  public Optional<Reminder> find(UUID id) {
    return reminders.find(id);
  }

  /** The reminders of an address ("Manage my support" shows them). */
  @Transactional(readOnly = true)
  public List<Reminder> forAddress(String email) {
    return reminders.forAddress(email == null ? "" : email.trim());
  }

  /** Stops a reminder and forgets its address; true if there was one. */
  @Transactional
  public boolean delete(UUID id) {
    String email = reminders.delete(id).orElse(null);
    if (email == null) {
      return false;
    }
    mail.withdrawMonthlyCrypto(email);
    return true;
  }

  /**
   * Sends every reminder that is due, one e-mail each on any number of nodes, and moves it to the
   * same day next month (the last day in shorter months). After a pause (the app was down for
   * months) a reminder sends once, not once per month missed.
   */
  @Scheduled(fixedDelayString = "${samizdat.revenue.reminder-poll:5m}", initialDelayString = "25s")
  @Transactional
  public int sendDue() {
    LocalDate today = LocalDate.now(clock.withZone(zone));
    List<MonthlyCryptoReminderRepository.Due> due = reminders.due(today);
    for (MonthlyCryptoReminderRepository.Due d : due) {
      LocalDate next = next(d.on(), d.day());
      while (!next.isAfter(today)) {
        next = next(next, d.day());
      }
      reminders.moveTo(d.id(), next);
      mail.monthlyCrypto(d.email(), d.language(), d.amount(), d.id(), today);
    }
    if (!due.isEmpty()) {
      log.info("Sent {} monthly crypto reminder(s)", due.size());
    }
    return due.size();
  }

  /** The same day of the next month, or that month's last day when it is shorter. */
  static LocalDate next(LocalDate from, int dayOfMonth) {
    LocalDate month = from.withDayOfMonth(1).plusMonths(1);
    return month.withDayOfMonth(Math.min(dayOfMonth, month.lengthOfMonth()));
  }
}
