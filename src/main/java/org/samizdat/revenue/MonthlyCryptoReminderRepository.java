package org.samizdat.revenue;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.samizdat.platform.Money;
import org.samizdat.platform.i18n.Language;
import org.samizdat.revenue.MonthlyCryptoReminders.Reminder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The monthly crypto reminders readers asked for: one per address, kept until stopped. */
@Repository
class MonthlyCryptoReminderRepository {

  /** A reminder to ask for: its address and what the monthly e-mail proposes, from which day. */
  record NewReminder(
      UUID id,
      String email,
      Language language,
      String provider,
      Money amount,
      int dayOfMonth,
      LocalDate nextOn) {}

  /** A reminder whose day has come, its row locked until the transaction ends. */
  record Due(UUID id, String email, Language language, Money amount, int day, LocalDate on) {}

  private static final String REMINDER_COLUMNS =
      "id, language, provider, amount_minor, currency, next_on";

  private final JdbcClient jdbc;

  MonthlyCryptoReminderRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** False when the address has one already. */
  boolean insert(NewReminder reminder, Instant now) {
    return jdbc.sql(
                """
                INSERT INTO monthly_crypto_reminder (id, email, language, provider, amount_minor, currency,
                                                     day_of_month, next_on, created_at)
                VALUES (:id, :email, :language, :provider, :amount, :currency, :day, :next, :now)
                ON CONFLICT DO NOTHING
                """)
            .param("id", reminder.id())
            .param("email", reminder.email())
            .param("language", reminder.language().code())
            .param("provider", reminder.provider())
            .param("amount", reminder.amount().minor())
            .param("currency", reminder.amount().currencyCode())
            .param("day", reminder.dayOfMonth())
            .param("next", Date.valueOf(reminder.nextOn()))
            .param("now", Timestamp.from(now))
            .update()
        == 1;
  }

  Optional<Reminder> find(UUID id) {
    return jdbc.sql("SELECT " + REMINDER_COLUMNS + " FROM monthly_crypto_reminder WHERE id = :id")
        .param("id", id)
        .query(MonthlyCryptoReminderRepository::reminder)
        .optional();
  }

  List<Reminder> forAddress(String email) {
    return jdbc.sql(
            "SELECT "
                + REMINDER_COLUMNS
                + " FROM monthly_crypto_reminder WHERE lower(email) = lower(:email) ORDER BY created_at")
        .param("email", email)
        .query(MonthlyCryptoReminderRepository::reminder)
        .list();
  }

  /** Deletes a reminder; the address it was for, or empty when there was none. */
  Optional<String> delete(UUID id) {
    return jdbc.sql("DELETE FROM monthly_crypto_reminder WHERE id = :id RETURNING email")
        .param("id", id)
        .query(String.class)
        .optional();
  }

  /** Deletes a reminder if it was asked for with this address; false when there is none. */
  boolean deleteFor(UUID id, String email) {
    return jdbc.sql(
                "DELETE FROM monthly_crypto_reminder WHERE id = :id AND lower(email) = lower(:email)")
            .param("id", id)
            .param("email", email)
            .update()
        == 1;
  }

  /** Up to 500 reminders due by this day; rows another node is sending are skipped. */
  List<Due> due(LocalDate today) {
    return jdbc.sql(
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
                    language(rs.getString(3)),
                    Money.of(rs.getLong(4), rs.getString(5)),
                    rs.getInt(6),
                    rs.getDate(7).toLocalDate()))
        .list();
  }

  void moveTo(UUID id, LocalDate next) {
    jdbc.sql("UPDATE monthly_crypto_reminder SET next_on = :next WHERE id = :id")
        .param("next", Date.valueOf(next))
        .param("id", id)
        .update();
  }

  private static Reminder reminder(ResultSet rs, int n) throws SQLException {
    return new Reminder(
        rs.getObject(1, UUID.class),
        language(rs.getString(2)),
        rs.getString(3),
        Money.of(rs.getLong(4), rs.getString(5)),
        rs.getDate(6).toLocalDate());
  }

  private static Language language(String code) {
    return Language.valueOf(code.toUpperCase(Locale.ROOT));
  }
}
