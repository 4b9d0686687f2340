package org.samizdat.publishing;

import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.samizdat.platform.i18n.Language;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * How often each article is read, kept only as a number per article per day: nothing about who read
 * it. Views are added up in memory and written in one batch every few seconds, so a story that
 * breaks costs no database write per reader.
 */
@Service
public class Readership {

  private static final Logger log = LoggerFactory.getLogger(Readership.class);

  private final JdbcClient jdbc;
  private final Clock clock;
  // One counter per article read since start, never removed (a few bytes per article): taking
  // the count with getAndSet(0) on a counter that stays in the map loses no concurrent view.
  private final Map<Long, AtomicLong> pending = new ConcurrentHashMap<>();

  Readership(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  public void recordView(long articleId) {
    pending.computeIfAbsent(articleId, id -> new AtomicLong()).incrementAndGet();
  }

  public record MostRead(long articleId, String headline, Language language, long views) {}

  /**
   * The most read live articles of the last {@code days} days, up to {@code limit} per language,
   * English first, each language's most read first.
   */
  public List<MostRead> mostRead(int days, int limit) {
    flush();
    return jdbc.sql(
            """
            SELECT article_id, headline, language, views FROM (
              SELECT v.article_id, a.headline, a.language, sum(v.views) AS views,
                     row_number() OVER (PARTITION BY a.language
                                        ORDER BY sum(v.views) DESC, v.article_id DESC) AS place
              FROM article_daily_views v JOIN article a ON a.id = v.article_id
              WHERE v.day > :since AND a.status = 'PUBLISHED' AND a.deleted_at IS NULL
              GROUP BY v.article_id, a.headline, a.language
            ) ranked
            WHERE place <= :limit
            ORDER BY language, place
            """)
        .param("since", Date.valueOf(today().minusDays(days)))
        .param("limit", limit)
        .query(
            (rs, n) ->
                new MostRead(
                    rs.getLong(1),
                    rs.getString(2),
                    Language.fromCode(rs.getString(3)).orElseThrow(),
                    rs.getLong(4)))
        .list();
  }

  public long views(long articleId) {
    flush();
    return jdbc.sql(
            "SELECT coalesce(sum(views), 0) FROM article_daily_views WHERE article_id = :id")
        .param("id", articleId)
        .query(Long.class)
        .single();
  }

  @Scheduled(fixedDelayString = "${samizdat.publishing.views-flush:5s}")
  public synchronized void flush() {
    if (pending.isEmpty()) {
      return;
    }
    LocalDate day = today();
    for (Map.Entry<Long, AtomicLong> counter : pending.entrySet()) {
      long id = counter.getKey();
      long n = counter.getValue().getAndSet(0);
      if (n == 0) {
        continue;
      }
      try {
        jdbc.sql(
                """
                INSERT INTO article_daily_views (article_id, day, views) VALUES (:id, :day, :n)
                ON CONFLICT (article_id, day) DO UPDATE SET views = article_daily_views.views + EXCLUDED.views
                """)
            .param("id", id)
            .param("day", Date.valueOf(day))
            .param("n", n)
            .update();
      } catch (RuntimeException e) {
        // the database is away: keep the count for the next flush rather than lose it
        counter.getValue().addAndGet(n);
        log.warn("Could not save page-view counts ({}); will retry", e.getMessage());
        return;
      }
    }
  }

  private LocalDate today() {
    return LocalDate.now(clock.withZone(ZoneOffset.UTC));
  }
}
