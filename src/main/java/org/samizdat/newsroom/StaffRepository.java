package org.samizdat.newsroom;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.samizdat.platform.OneLine;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class StaffRepository {

  private static final String COLUMNS =
      "id, email, display_name, role, author_id, enabled, created_at";
  private final JdbcClient jdbc;

  StaffRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  long count() {
    return jdbc.sql("SELECT count(*) FROM staff_user").query(Long.class).single();
  }

  List<StaffMember> all() {
    return jdbc.sql("SELECT " + COLUMNS + " FROM staff_user ORDER BY lower(email)")
        .query(StaffRepository::member)
        .list();
  }

  Optional<StaffMember> find(long id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM staff_user WHERE id = :id")
        .param("id", id)
        .query(StaffRepository::member)
        .optional();
  }

  Optional<StaffMember> findByEmail(String email) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM staff_user WHERE lower(email) = lower(:email)")
        .param("email", email.trim())
        .query(StaffRepository::member)
        .optional();
  }

  Optional<String> passwordHash(long id) {
    return jdbc.sql(
            "SELECT password_hash FROM staff_user WHERE id = :id AND password_hash IS NOT NULL")
        .param("id", id)
        .query(String.class)
        .optional();
  }

  boolean emailTaken(String email, long exceptId) {
    return jdbc.sql(
            "SELECT EXISTS (SELECT 1 FROM staff_user WHERE lower(email) = lower(:email) AND id <> :id)")
        .param("email", email.trim())
        .param("id", exceptId)
        .query(Boolean.class)
        .single();
  }

  /** An account to create; a null password hash means the member chooses one by link. */
  record NewMember(
      String email,
      String displayName,
      String passwordHash,
      StaffRole role,
      Long authorId,
      Instant createdAt) {}

  long insert(NewMember member) {
    return jdbc.sql(
            """
            INSERT INTO staff_user (email, display_name, password_hash, role, author_id, created_at)
            VALUES (:email, :name, :hash, :role, :author, :now) RETURNING id
            """)
        .param("email", member.email().trim())
        .param("name", OneLine.of(member.displayName()))
        .param("hash", member.passwordHash(), java.sql.Types.VARCHAR)
        .param("role", member.role().name())
        .param("author", member.authorId())
        .param("now", Timestamp.from(member.createdAt()))
        .query(Long.class)
        .single();
  }

  void update(long id, String displayName, StaffRole role, Long authorId, boolean enabled) {
    jdbc.sql(
            "UPDATE staff_user SET display_name = :name, role = :role, author_id = :author, enabled = :enabled WHERE id = :id")
        .param("id", id)
        .param("name", OneLine.of(displayName))
        .param("role", role.name())
        .param("author", authorId)
        .param("enabled", enabled)
        .update();
  }

  void setPassword(long id, String hash) {
    jdbc.sql("UPDATE staff_user SET password_hash = :hash WHERE id = :id")
        .param("id", id)
        .param("hash", hash)
        .update();
  }

  boolean anyoneWithPassword() {
    return jdbc.sql("SELECT EXISTS (SELECT 1 FROM staff_user WHERE password_hash IS NOT NULL)")
        .query(Boolean.class)
        .single();
  }

  boolean reviewMail(long id) {
    return jdbc.sql("SELECT review_mail FROM staff_user WHERE id = :id")
        .param("id", id)
        .query(Boolean.class)
        .optional()
        .orElse(false);
  }

  void setReviewMail(long id, boolean wanted) {
    jdbc.sql("UPDATE staff_user SET review_mail = :wanted WHERE id = :id")
        .param("id", id)
        .param("wanted", wanted)
        .update();
  }

  /** Enabled editors and admins who chose an e-mail for each draft ready for review. */
  List<StaffMember> reviewMailRecipients() {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM staff_user WHERE review_mail AND enabled AND role IN ('ADMIN', 'EDITOR')"
                + " ORDER BY id")
        .query(StaffRepository::member)
        .list();
  }

  long activeAdmins() {
    return jdbc.sql("SELECT count(*) FROM staff_user WHERE role = 'ADMIN' AND enabled")
        .query(Long.class)
        .single();
  }

  private static StaffMember member(ResultSet rs, int n) throws SQLException {
    long author = rs.getLong("author_id");
    Long authorId = rs.wasNull() ? null : author;
    return new StaffMember(
        rs.getLong("id"),
        rs.getString("email"),
        rs.getString("display_name"),
        StaffRole.valueOf(rs.getString("role")),
        authorId,
        rs.getBoolean("enabled"),
        rs.getTimestamp("created_at").toInstant());
  }
}
