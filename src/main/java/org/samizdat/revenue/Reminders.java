package org.samizdat.revenue;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.samizdat.platform.InputRejected;
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
 * "Remind me later" by e-mail, for readers who ask for it: exactly one e-mail on the date they
 * pick, after which the address is deleted; they can delete it sooner from the confirmation. (The
 * ordinary "remind me later" lives only in the reader's browser and never reaches us.)
 */
@Service
public class Reminders {

  private static final Logger log = LoggerFactory.getLogger(Reminders.class);

  private final ReminderRepository reminders;
  private final RevenueMail mail;
  private final FormLimits limits;
  private final Clock clock;
  private final ZoneId zone;

  Reminders(
      ReminderRepository reminders,
      RevenueMail mail,
      FormLimits limits,
      Clock clock,
      PlatformSettings platform) {
    this.limits = limits;
    this.reminders = reminders;
    this.mail = mail;
    this.clock = clock;
    this.zone = platform.timeZone();
  }

  /**
   * @return the new reminder's id, or null when the address already has one pending
   */
  @Transactional
  public UUID create(String email, String date, String language) {
    String e = email == null ? "" : email.trim();
    if (!Mail.isAddress(e)) {
      throw new InputRejected("email", "Enter an e-mail address like name@example.org.");
    }
    LocalDate on;
    try {
      on = LocalDate.parse(date == null ? "" : date.trim());
    } catch (DateTimeParseException ex) {
      throw new InputRejected("date", "Choose a date as YYYY-MM-DD, for example 2027-01-15.");
    }
    LocalDate today = LocalDate.now(clock.withZone(zone));
    if (!on.isAfter(today) || on.isAfter(today.plusYears(1))) {
      throw new InputRejected("date", "Choose a date between tomorrow and one year from now.");
    }
    limits.recipient("reminder", e);
    // One pending reminder per address. A second request changes nothing and mails nothing, and
    // is answered like the first, so the form cannot tell anyone whether an address has one.
    boolean pending = reminders.pendingFor(e);
    if (pending) {
      return null;
    }
    UUID id = UUID.randomUUID();
    reminders.insert(
        new ReminderRepository.Reminder(
            id, e, Language.fromCode(language).orElse(Language.EN).code(), on),
        clock.instant());
    mail.reminderConfirmed(e, language, on, id.toString());
    return id;
  }

  /** Deletes a reminder; true if there was one. */
  @Transactional
  public boolean delete(UUID id) {
    return reminders.delete(id);
  }

  @Transactional(readOnly = true)
  public boolean exists(UUID id) {
    return reminders.exists(id);
  }

  /**
   * Sends every reminder that is due and deletes it in the same transaction: one e-mail each, on
   * any number of nodes.
   */
  @Scheduled(fixedDelayString = "${samizdat.revenue.reminder-poll:5m}", initialDelayString = "20s")
  @Transactional
  public int sendDue() {
    var due = reminders.takeDue(LocalDate.now(clock.withZone(zone)));
    for (ReminderRepository.Reminder d : due) {
      mail.reminder(d.email(), d.language());
    }
    if (!due.isEmpty()) {
      log.info("Sent {} support reminder(s) and deleted the addresses", due.size());
    }
    return due.size();
  }
}
