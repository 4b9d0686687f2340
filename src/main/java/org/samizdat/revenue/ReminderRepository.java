package org.samizdat.revenue;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The e-mail reminders readers asked for, each kept only until it is sent or deleted. */
@Repository
class ReminderRepository {

  /** A reminder asked for: where it goes, in which language, on which day. */
  record Reminder(UUID id, String email, String language, LocalDate on) {}

  private final JdbcClient jdbc;

  ReminderRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  boolean pendingFor(String email) {
    return jdbc.sql("SELECT EXISTS (SELECT 1 FROM reminder WHERE lower(email) = lower(:email))")
        .param("email", email)
        .query(Boolean.class)
        .single();
  }

  void insert(Reminder reminder, Instant now) {
    jdbc.sql(
            "INSERT INTO reminder (id, email, language, remind_on, created_at) VALUES (:id, :email, :lang, :on, :now)")
        .param("id", reminder.id())
        .param("email", reminder.email())
        .param("lang", reminder.language())
        .param("on", Date.valueOf(reminder.on()))
        .param("now", Timestamp.from(now))
        .update();
  }

  boolean delete(UUID id) {
    return jdbc.sql("DELETE FROM reminder WHERE id = :id").param("id", id).update() == 1;
  }

  boolean exists(UUID id) {
    return jdbc.sql("SELECT EXISTS (SELECT 1 FROM reminder WHERE id = :id)")
        .param("id", id)
        .query(Boolean.class)
        .single();
  }

  /**
   * Takes up to 500 reminders due by this day, deleting them; rows another node is taking are
   * skipped, so each is sent once.
   */
  List<Reminder> takeDue(LocalDate today) {
    return jdbc.sql(
            """
            DELETE FROM reminder WHERE id IN (
              SELECT id FROM reminder WHERE remind_on <= :today ORDER BY remind_on LIMIT 500 FOR UPDATE SKIP LOCKED)
            RETURNING id, email, language, remind_on
            """)
        .param("today", Date.valueOf(today))
        .query(
            (rs, n) ->
                new Reminder(
                    rs.getObject(1, UUID.class),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getDate(4).toLocalDate()))
        .list();
  }
}
