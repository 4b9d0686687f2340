package org.samizdat.revenue;

import java.sql.Date;
import java.sql.Timestamp;
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
import org.springframework.jdbc.core.simple.JdbcClient;
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

  private final JdbcClient jdbc;
  private final RevenueMail mail;
  private final FormLimits limits;
  private final Clock clock;
  private final ZoneId zone;

  MonthlyCryptoReminders(
      JdbcClient jdbc,
      RevenueMail mail,
      FormLimits limits,
      Clock clock,
      PlatformSettings platform) {
    this.jdbc = jdbc;
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
    int inserted =
        jdbc.sql(
                """
                INSERT INTO monthly_crypto_reminder (id, email, language, provider, amount_minor, currency,
                                                     day_of_month, next_on, created_at)
                VALUES (:id, :email, :language, :provider, :amount, :currency, :day, :next, :now)
                ON CONFLICT DO NOTHING
                """)
            .param("id", id)
            .param("email", e)
            .param("language", language.code())
            .param("provider", provider)
            .param("amount", amount.minor())
            .param("currency", amount.currencyCode())
            .param("day", today.getDayOfMonth())
            .param("next", Date.valueOf(next(today, today.getDayOfMonth())))
            .param("now", Timestamp.from(clock.instant()))
            .update();
    if (inserted == 0) {
      return Optional.empty();
    }
    mail.monthlyCryptoConfirmed(e, language, amount, id);
    return Optional.of(id);
  }

  @Transactional(readOnly = true)
  public Optional<Reminder> find(UUID id) {
    return jdbc.sql(
            """
            SELECT id, language, provider, amount_minor, currency, next_on FROM monthly_crypto_reminder
            WHERE id = :id
            """)
        .param("id", id)
        .query(
            (rs, n) ->
                new Reminder(
                    rs.getObject(1, UUID.class),
                    Language.valueOf(rs.getString(2).toUpperCase(java.util.Locale.ROOT)),
                    rs.getString(3),
                    Money.of(rs.getLong(4), rs.getString(5)),
                    rs.getDate(6).toLocalDate()))
        .optional();
  }

  /** The reminders of an address ("Manage my support" shows them). */
  @Transactional(readOnly = true)
  public List<Reminder> forAddress(String email) {
    return jdbc.sql(
            """
            SELECT id, language, provider, amount_minor, currency, next_on FROM monthly_crypto_reminder
            WHERE lower(email) = lower(:email) ORDER BY created_at
            """)
        .param("email", email == null ? "" : email.trim())
        .query(
            (rs, n) ->
                new Reminder(
                    rs.getObject(1, UUID.class),
                    Language.valueOf(rs.getString(2).toUpperCase(java.util.Locale.ROOT)),
                    rs.getString(3),
                    Money.of(rs.getLong(4), rs.getString(5)),
                    rs.getDate(6).toLocalDate()))
        .list();
  }

  /** Stops a reminder and forgets its address; true if there was one. */
  @Transactional
  public boolean delete(UUID id) {
    String email =
        jdbc.sql("DELETE FROM monthly_crypto_reminder WHERE id = :id RETURNING email")
            .param("id", id)
            .query(String.class)
            .optional()
            .orElse(null);
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
    record Due(UUID id, String email, Language language, Money amount, int day, LocalDate on) {}
    LocalDate today = LocalDate.now(clock.withZone(zone));
    List<Due> due =
        jdbc.sql(
                """
                SELECT id, email, language, amount_minor, currency, day_of_month, next_on
                FROM monthly_crypto_reminder WHERE next_on <= :today
                ORDER BY next_on LIMIT 500 FOR UPDATE SKIP LOCKED
                """)
            .param("today", Date.valueOf(today))
            .query(
                (rs, n) ->
                    new Due(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        Language.valueOf(rs.getString(3).toUpperCase(java.util.Locale.ROOT)),
                        Money.of(rs.getLong(4), rs.getString(5)),
                        rs.getInt(6),
                        rs.getDate(7).toLocalDate()))
            .list();
    for (Due d : due) {
      LocalDate next = next(d.on(), d.day());
      while (!next.isAfter(today)) {
        next = next(next, d.day());
      }
      jdbc.sql("UPDATE monthly_crypto_reminder SET next_on = :next WHERE id = :id")
          .param("next", Date.valueOf(next))
          .param("id", d.id())
          .update();
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
