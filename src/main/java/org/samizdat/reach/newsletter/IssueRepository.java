package org.samizdat.reach.newsletter;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.samizdat.platform.i18n.Language;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * newsletter_edition (the claim per frequency and language), newsletter_issue and the articles each
 * covered.
 */
@Repository
class IssueRepository {

  private final JdbcClient jdbc;

  IssueRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The claim row for an edition, made if a language was added after the migration. */
  void ensureEdition(DigestFrequency frequency, Language language) {
    jdbc.sql(
            "INSERT INTO newsletter_edition (frequency, language) VALUES (:f, :l) ON CONFLICT DO NOTHING")
        .param("f", frequency.name())
        .param("l", language.code())
        .update();
  }

  /** The edition's row as claimed by this transaction. */
  record Claim(LocalDate lastPeriod) {}

  /**
   * Locks the edition's row for the caller's transaction; empty if another node holds it (it is
   * sending this very issue), so that node's work is never done twice.
   */
  Optional<Claim> claim(DigestFrequency frequency, Language language) {
    return jdbc.sql(
            """
            SELECT last_period FROM newsletter_edition WHERE frequency = :f AND language = :l
            FOR UPDATE SKIP LOCKED
            """)
        .param("f", frequency.name())
        .param("l", language.code())
        .query(
            (rs, n) -> {
              Date d = rs.getDate(1);
              return new Claim(d == null ? null : d.toLocalDate());
            })
        .optional();
  }

  void markHandled(DigestFrequency frequency, Language language, LocalDate period) {
    jdbc.sql(
            "UPDATE newsletter_edition SET last_period = :p WHERE frequency = :f AND language = :l")
        .param("p", Date.valueOf(period))
        .param("f", frequency.name())
        .param("l", language.code())
        .update();
  }

  boolean exists(DigestFrequency frequency, Language language, LocalDate period) {
    return jdbc.sql(
            """
            SELECT EXISTS (SELECT 1 FROM newsletter_issue WHERE frequency = :f AND language = :l AND period = :p)
            """)
        .param("f", frequency.name())
        .param("l", language.code())
        .param("p", Date.valueOf(period))
        .query(Boolean.class)
        .single();
  }

  /** Where the last issue of this edition ended, if there was one. */
  Optional<Instant> lastCoveredUntil(DigestFrequency frequency, Language language) {
    return jdbc.sql(
            """
            SELECT covers_until FROM newsletter_issue WHERE frequency = :f AND language = :l
            ORDER BY covers_until DESC LIMIT 1
            """)
        .param("f", frequency.name())
        .param("l", language.code())
        .query((rs, n) -> rs.getTimestamp(1).toInstant())
        .optional();
  }

  /** Articles this edition already covered in issues that ended after the given time. */
  Set<Long> coveredSince(DigestFrequency frequency, Language language, Instant since) {
    return jdbc
        .sql(
            """
            SELECT a.article_id FROM newsletter_issue_article a JOIN newsletter_issue i ON i.id = a.issue_id
            WHERE i.frequency = :f AND i.language = :l AND i.covers_until >= :since
            """)
        .param("f", frequency.name())
        .param("l", language.code())
        .param("since", Timestamp.from(since))
        .query(Long.class)
        .list()
        .stream()
        .collect(Collectors.toSet());
  }

  /**
   * An issue being sent: which digest, the period it is for, the time its articles were published
   * in, how many articles it has, and when and by whom it was sent.
   */
  record NewIssue(
      DigestFrequency frequency,
      Language language,
      LocalDate period,
      Instant from,
      Instant until,
      int articles,
      Instant sentAt,
      String sentBy) {}

  /** Records the issue, with no recipients yet; returns its id. */
  long insert(NewIssue issue) {
    return jdbc.sql(
            """
            INSERT INTO newsletter_issue (frequency, language, period, covers_from, covers_until, articles, recipients,
                                          sent_at, sent_by)
            VALUES (:f, :l, :p, :from, :until, :articles, 0, :now, :by)
            RETURNING id
            """)
        .param("f", issue.frequency().name())
        .param("l", issue.language().code())
        .param("p", Date.valueOf(issue.period()))
        .param("from", Timestamp.from(issue.from()))
        .param("until", Timestamp.from(issue.until()))
        .param("articles", issue.articles())
        .param("now", Timestamp.from(issue.sentAt()))
        .param("by", issue.sentBy())
        .query(Long.class)
        .single();
  }

  void addArticles(long issueId, Collection<Long> articleIds) {
    for (long articleId : articleIds) {
      jdbc.sql(
              "INSERT INTO newsletter_issue_article (issue_id, article_id) VALUES (:i, :a) ON CONFLICT DO NOTHING")
          .param("i", issueId)
          .param("a", articleId)
          .update();
    }
  }

  void setRecipients(long issueId, int recipients) {
    jdbc.sql("UPDATE newsletter_issue SET recipients = :r WHERE id = :i")
        .param("r", recipients)
        .param("i", issueId)
        .update();
  }

  List<NewsletterAdmin.SentIssue> recent(int limit) {
    return jdbc.sql(
            """
            SELECT frequency, language, period, articles, recipients, sent_at, sent_by
            FROM newsletter_issue ORDER BY sent_at DESC, id DESC LIMIT :limit
            """)
        .param("limit", limit)
        .query(
            (rs, n) ->
                new NewsletterAdmin.SentIssue(
                    DigestFrequency.valueOf(rs.getString(1)),
                    Language.fromCode(rs.getString(2)).orElseThrow(),
                    rs.getDate(3).toLocalDate(),
                    rs.getInt(4),
                    rs.getInt(5),
                    rs.getTimestamp(6).toInstant(),
                    rs.getString(7)))
        .list();
  }
}
