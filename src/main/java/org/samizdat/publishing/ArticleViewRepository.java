package org.samizdat.publishing;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.samizdat.platform.i18n.Language;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** How often each article was read, one row per article per day (UTC). */
@Repository
class ArticleViewRepository {

  private final JdbcClient jdbc;

  ArticleViewRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * The most read live articles over the days after {@code since}, up to {@code limit} per
   * language, English first, each language's most read first.
   */
  List<Readership.MostRead> mostRead(LocalDate since, int limit) {
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
        .param("since", Date.valueOf(since))
        .param("limit", limit)
        .query(
            (rs, n) ->
                new Readership.MostRead(
                    rs.getLong(1),
                    rs.getString(2),
                    Language.fromCode(rs.getString(3)).orElseThrow(),
                    rs.getLong(4)))
        .list();
  }

  long total(long articleId) {
    return jdbc.sql(
            "SELECT coalesce(sum(views), 0) FROM article_daily_views WHERE article_id = :id")
        .param("id", articleId)
        .query(Long.class)
        .single();
  }

  /** Adds {@code views} to the article's count of that day. */
  void add(long articleId, LocalDate day, long views) {
    jdbc.sql(
            """
            INSERT INTO article_daily_views (article_id, day, views) VALUES (:id, :day, :n)
            ON CONFLICT (article_id, day) DO UPDATE SET views = article_daily_views.views + EXCLUDED.views
            """)
        .param("id", articleId)
        .param("day", Date.valueOf(day))
        .param("n", views)
        .update();
  }
}
