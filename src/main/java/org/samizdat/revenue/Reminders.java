package org.samizdat.revenue;

import java.sql.Date;
import java.sql.Timestamp;
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
import org.springframework.jdbc.core.simple.JdbcClient;
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

  private final JdbcClient jdbc;
  private final RevenueMail mail;
  private final FormLimits limits;
  private final Clock clock;
  private final ZoneId zone;

  Reminders(
      JdbcClient jdbc,
      RevenueMail mail,
      FormLimits limits,
      Clock clock,
      PlatformSettings platform) {
    this.limits = limits;
    this.jdbc = jdbc;
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
    boolean pending =
        jdbc.sql("SELECT EXISTS (SELECT 1 FROM reminder WHERE lower(email) = lower(:email))")
            .param("email", e)
            .query(Boolean.class)
            .single();
    if (pending) {
      return null;
    }
    UUID id = UUID.randomUUID();
    jdbc.sql(
            "INSERT INTO reminder (id, email, language, remind_on, created_at) VALUES (:id, :email, :lang, :on, :now)")
        .param("id", id)
        .param("email", e)
        .param("lang", Language.fromCode(language).orElse(Language.EN).code())
        .param("on", Date.valueOf(on))
        .param("now", Timestamp.from(clock.instant()))
        .update();
    mail.reminderConfirmed(e, language, on, id.toString());
    return id;
  }

  /** Deletes a reminder; true if there was one. */
  @Transactional
  public boolean delete(UUID id) {
    return jdbc.sql("DELETE FROM reminder WHERE id = :id").param("id", id).update() == 1;
  }

  @Transactional(readOnly = true)
  public boolean exists(UUID id) {
    return jdbc.sql("SELECT EXISTS (SELECT 1 FROM reminder WHERE id = :id)")
        .param("id", id)
        .query(Boolean.class)
        .single();
  }

  /**
   * Sends every reminder that is due and deletes it in the same transaction: one e-mail each, on
   * any number of nodes.
   */
  @Scheduled(fixedDelayString = "${samizdat.revenue.reminder-poll:5m}", initialDelayString = "20s")
  @Transactional
  public int sendDue() {
    record Due(UUID id, String email, String language) {}
    var due =
        jdbc.sql(
                """
            DELETE FROM reminder WHERE id IN (
              SELECT id FROM reminder WHERE remind_on <= :today ORDER BY remind_on LIMIT 500 FOR UPDATE SKIP LOCKED)
            RETURNING id, email, language
            """)
            .param("today", Date.valueOf(LocalDate.now(clock.withZone(zone))))
            .query(
                (rs, n) -> new Due(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)))
            .list();
    for (Due d : due) {
      mail.reminder(d.email(), d.language());
    }
    if (!due.isEmpty()) {
      log.info("Sent {} support reminder(s) and deleted the addresses", due.size());
    }
    return due.size();
  }
}
