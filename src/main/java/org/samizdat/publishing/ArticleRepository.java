package org.samizdat.publishing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.samizdat.platform.Keyset;
import org.samizdat.platform.i18n.Language;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ArticleRepository {

  private static final String SELECT =
      """
      SELECT a.id, a.language, a.slug, a.headline, a.standfirst, a.body_markdown, a.body_html,
             a.hero_caption, a.hero_credit, a.status, a.publish_at, a.published_at, a.created_at,
             a.updated_at, a.created_by, a.translation_id, a.deleted_at, a.version,
             s.id AS s_id, s.slug AS s_slug, s.name_en AS s_name_en, s.name_ru AS s_name_ru, s.position AS s_position,
             m.id AS m_id, m.key AS m_key, m.content_type AS m_content_type, m.width AS m_width,
             m.height AS m_height, m.widths AS m_widths, m.alt_text AS m_alt_text, m.webp AS m_webp
      FROM article a
      LEFT JOIN section s ON s.id = a.section_id
      LEFT JOIN media_image m ON m.id = a.hero_image_id
      """;

  /**
   * The same columns without the article text, for lists: a summary never shows the body, and
   * reading (and un-TOASTing) every listed article's Markdown and HTML made a front page or a "Read
   * more" block cost tens of times more than the rows it shows.
   */
  private static final String SUMMARY_SELECT =
      SELECT.replace(
          "a.body_markdown, a.body_html,", "NULL::text AS body_markdown, NULL::text AS body_html,");

  /** Summaries for lists, each with its authors' names in order: one query for a whole list. */
  private static final String LIST_SELECT =
      SUMMARY_SELECT.replace(
          "\nFROM article a\n",
          """

             , ARRAY(SELECT au.name FROM article_author aa JOIN author au ON au.id = aa.author_id
                     WHERE aa.article_id = a.id ORDER BY aa.position) AS author_names
      FROM article a
      """);

  static {
    if (!LIST_SELECT.contains("author_names")
        || !SUMMARY_SELECT.contains("NULL::text AS body_html")) {
      throw new IllegalStateException(
          "ArticleRepository's list queries no longer match its SELECT");
    }
  }

  private final JdbcClient jdbc;
  private final LiveListIndex lists;

  ArticleRepository(JdbcClient jdbc, LiveListIndex lists) {
    this.jdbc = jdbc;
    this.lists = lists;
  }

  Optional<Article> find(long id) {
    return jdbc.sql(SELECT + " WHERE a.id = :id")
        .param("id", id)
        .query(this::article)
        .optional()
        .map(this::withPeople);
  }

  /** The article's fields without its text, authors or tags: enough to name and link it. */
  Optional<Article> findHeader(long id) {
    return jdbc.sql(SUMMARY_SELECT + " WHERE a.id = :id")
        .param("id", id)
        .query(this::article)
        .optional();
  }

  Optional<Article> findForUpdate(long id) {
    jdbc.sql("SELECT id FROM article WHERE id = :id FOR UPDATE")
        .param("id", id)
        .query(Long.class)
        .optional();
    return find(id);
  }

  /** Articles (live or not) whose public address is this date and slug. */
  List<Article> findByDateAndSlug(LocalDate date, String slug, ZoneId zone) {
    return jdbc
        .sql(
            SELECT
                + """
             WHERE a.slug = :slug AND a.published_at IS NOT NULL
               AND (a.published_at AT TIME ZONE :zone)::date = :date
            ORDER BY (a.status = 'PUBLISHED' AND a.deleted_at IS NULL) DESC, a.language
            """)
        .param("slug", slug)
        .param("zone", zone.getId())
        .param("date", date)
        .query(this::article)
        .list()
        .stream()
        .map(this::withPeople)
        .toList();
  }

  Optional<Long> articleIdForOldSlug(String slug) {
    return jdbc.sql(
            "SELECT article_id FROM article_slug_history WHERE slug = :slug ORDER BY language LIMIT 1")
        .param("slug", slug)
        .query(Long.class)
        .optional();
  }

  void rememberOldSlug(Language language, String slug, long articleId) {
    jdbc.sql(
            """
            INSERT INTO article_slug_history (language, slug, article_id) VALUES (:lang, :slug, :id)
            ON CONFLICT (language, slug) DO UPDATE SET article_id = EXCLUDED.article_id
            """)
        .param("lang", language.code())
        .param("slug", slug)
        .param("id", articleId)
        .update();
  }

  boolean slugTaken(Language language, String slug, Long exceptId) {
    return jdbc.sql(
            """
            SELECT EXISTS (SELECT 1 FROM article WHERE language = :lang AND slug = :slug AND id <> :except)
                OR EXISTS (SELECT 1 FROM article_slug_history WHERE language = :lang AND slug = :slug AND article_id <> :except)
            """)
        .param("lang", language.code())
        .param("slug", slug)
        .param("except", exceptId == null ? -1L : exceptId)
        .query(Boolean.class)
        .single();
  }

  /** Another live article in any language already answers at this date path. */
  boolean pathTaken(String slug, Instant publishedAt, ZoneId zone, long exceptId) {
    return jdbc.sql(
            """
            SELECT EXISTS (SELECT 1 FROM article WHERE slug = :slug AND id <> :except AND published_at IS NOT NULL
                           AND (published_at AT TIME ZONE :zone)::date = (CAST(:at AS timestamptz) AT TIME ZONE :zone)::date)
            """)
        .param("slug", slug)
        .param("except", exceptId)
        .param("zone", zone.getId())
        .param("at", Timestamp.from(publishedAt))
        .query(Boolean.class)
        .single();
  }

  /** What an editor writes of an article, as its columns hold it ({@code html} already safe). */
  record Content(
      Language language,
      String slug,
      String headline,
      String standfirst,
      String markdown,
      String html,
      Long sectionId,
      Long heroImageId,
      String caption,
      String credit,
      Long translationId) {}

  long insert(Content content, Long createdBy, Instant now) {
    return withContent(
            jdbc.sql(
                """
            INSERT INTO article (language, slug, headline, standfirst, body_markdown, body_html, section_id,
                                 hero_image_id, hero_caption, hero_credit, status, created_at, updated_at,
                                 created_by, translation_id)
            VALUES (:lang, :slug, :headline, :standfirst, :markdown, :html, :section, :hero, :caption, :credit,
                    'DRAFT', :now, :now, :createdBy, :translation)
            RETURNING id
            """),
            content)
        .param("now", Timestamp.from(now))
        .param("createdBy", createdBy)
        .query(Long.class)
        .single();
  }

  /** Saves content only if nobody saved since {@code expectedVersion}; returns false otherwise. */
  boolean updateContent(long id, int expectedVersion, Content content, Instant now) {
    return withContent(
                jdbc.sql(
                    """
            UPDATE article SET language = :lang, slug = :slug, headline = :headline, standfirst = :standfirst,
                   body_markdown = :markdown, body_html = :html, section_id = :section, hero_image_id = :hero,
                   hero_caption = :caption, hero_credit = :credit, translation_id = :translation,
                   updated_at = :now, version = version + 1
            WHERE id = :id AND version = :version
            """),
                content)
            .param("id", id)
            .param("version", expectedVersion)
            .param("now", Timestamp.from(now))
            .update()
        == 1;
  }

  private static JdbcClient.StatementSpec withContent(JdbcClient.StatementSpec sql, Content c) {
    return sql.param("lang", c.language().code())
        .param("slug", c.slug())
        .param("headline", c.headline())
        .param("standfirst", c.standfirst())
        .param("markdown", c.markdown())
        .param("html", c.html())
        .param("section", c.sectionId())
        .param("hero", c.heroImageId())
        .param("caption", c.caption())
        .param("credit", c.credit())
        .param("translation", c.translationId());
  }

  void linkTranslation(long id, Long translationId) {
    if (translationId != null) {
      jdbc.sql("UPDATE article SET translation_id = :id WHERE id = :other")
          .param("id", id)
          .param("other", translationId)
          .update();
    }
  }

  void setStatus(
      long id, ArticleStatus status, Instant publishAt, Instant publishedAt, Instant now) {
    jdbc.sql(
            """
            UPDATE article SET status = :status, publish_at = :publishAt, published_at = :publishedAt,
                   updated_at = :now, version = version + 1
            WHERE id = :id
            """)
        .param("id", id)
        .param("status", status.name())
        .param("publishAt", ts(publishAt))
        .param("publishedAt", ts(publishedAt))
        .param("now", Timestamp.from(now))
        .update();
  }

  void setDeleted(long id, Instant deletedAt, Instant now) {
    jdbc.sql(
            "UPDATE article SET deleted_at = :deleted, updated_at = :now, version = version + 1 WHERE id = :id")
        .param("id", id)
        .param("deleted", ts(deletedAt))
        .param("now", Timestamp.from(now))
        .update();
  }

  /**
   * Claims every scheduled article that is due; a row claimed by another node is skipped, never
   * published twice.
   */
  List<Long> claimDue(Instant now) {
    return jdbc.sql(
            """
            SELECT id FROM article
            WHERE status = 'SCHEDULED' AND publish_at <= :now AND deleted_at IS NULL
            ORDER BY publish_at
            FOR UPDATE SKIP LOCKED
            """)
        .param("now", Timestamp.from(now))
        .query(Long.class)
        .list();
  }

  void replaceAuthors(long id, List<Long> authorIds) {
    jdbc.sql("DELETE FROM article_author WHERE article_id = :id").param("id", id).update();
    int position = 0;
    for (Long authorId : authorIds) {
      jdbc.sql(
              "INSERT INTO article_author (article_id, author_id, position) VALUES (:id, :author, :pos)")
          .param("id", id)
          .param("author", authorId)
          .param("pos", position++)
          .update();
    }
  }

  void replaceTags(long id, Collection<Tag> tags) {
    jdbc.sql("DELETE FROM article_tag WHERE article_id = :id").param("id", id).update();
    for (Tag tag : tags) {
      jdbc.sql(
              "INSERT INTO article_tag (article_id, tag_id) VALUES (:id, :tag) ON CONFLICT DO NOTHING")
          .param("id", id)
          .param("tag", tag.id())
          .update();
    }
  }

  /** Scheduled articles and scheduled updates due in [from, to), soonest first. */
  List<ScheduledItem> scheduled(Instant from, Instant to) {
    return jdbc.sql(
            """
            SELECT a.id, a.headline, a.language, a.publish_at AS at, false AS is_update
              FROM article a
             WHERE a.deleted_at IS NULL AND a.status = 'SCHEDULED'
               AND a.publish_at >= :from AND a.publish_at < :to
            UNION ALL
            SELECT a.id, p.headline, a.language, p.apply_at AS at, true AS is_update
              FROM article_pending_edit p JOIN article a ON a.id = p.article_id
             WHERE a.deleted_at IS NULL AND p.apply_at >= :from AND p.apply_at < :to
             ORDER BY at, id
            """)
        .param("from", java.sql.Timestamp.from(from))
        .param("to", java.sql.Timestamp.from(to))
        .query(
            (rs, n) ->
                new ScheduledItem(
                    rs.getLong("id"),
                    rs.getString("headline"),
                    rs.getString("language"),
                    rs.getTimestamp("at").toInstant(),
                    rs.getBoolean("is_update")))
        .list();
  }

  /** The newsroom list's order: published, else scheduled, else last edited (V140's index). */
  private static final String NEWSROOM_KEY = "coalesce(a.published_at, a.publish_at, a.updated_at)";

  /**
   * A page of summaries matching the filter, newest activity first, read from its neighbour's key
   * (no OFFSET), with the matches counted up to {@link Keyset#COUNT_CAP} + 1: two statements
   * however deep the page and however long the archive.
   */
  Keyset.Slice<ArticleSummary> newsroomList(ArticleFilter filter, Keyset position, ZoneId zone) {
    if (hasText(filter)) {
      return newsroomTextList(filter, position, zone);
    }
    Map<String, Object> params = new HashMap<>();
    String where = newsroomWhere(filter, params);
    long counted =
        jdbc.sql("SELECT count(*) FROM (SELECT 1 FROM article a" + where + " LIMIT :cap) x")
            .params(params)
            .param("cap", Keyset.COUNT_CAP + 1)
            .query(Long.class)
            .single();
    String seek = "";
    if (position.at() != null) {
      seek =
          " AND ("
              + NEWSROOM_KEY
              + ", a.id) "
              + (position.descending() ? "<" : ">")
              + " (:keyAt, :keyId)";
      params.put("keyAt", Timestamp.from(position.at()));
      params.put("keyId", position.id());
    }
    String order = position.descending() ? " DESC" : " ASC";
    params.put("limit", filter.pageSize() + 1);
    List<ArticleSummary> rows =
        jdbc.sql(
                LIST_SELECT
                    + where
                    + seek
                    + " ORDER BY "
                    + NEWSROOM_KEY
                    + order
                    + ", a.id"
                    + order
                    + " LIMIT :limit")
            .params(params)
            .query((rs, n) -> summary(rs, zone))
            .list();
    return position.slice(rows, filter.pageSize(), counted, ArticleRepository::key);
  }

  /**
   * The list of a text search: its matches (each with its key) gathered once, from each trigram
   * index, then counted and the page's ids taken from them in one statement; the page's rows by id
   * in a second. Two statements, like the list without text. Counting and paging the matches apart
   * read them twice, and the page then looked each one up again by id to sort them (4,168 for a
   * common word at 100,000 articles: 33 + 32 ms against 25 for both here).
   */
  private Keyset.Slice<ArticleSummary> newsroomTextList(
      ArticleFilter filter, Keyset position, ZoneId zone) {
    Map<String, Object> params = new HashMap<>();
    String order = position.descending() ? " DESC" : " ASC";
    String seek = "";
    if (position.at() != null) {
      seek = " WHERE (m.k, m.id) " + (position.descending() ? "<" : ">") + " (:keyAt, :keyId)";
      params.put("keyAt", Timestamp.from(position.at()));
      params.put("keyId", position.id());
    }
    params.put("cap", Keyset.COUNT_CAP + 1);
    params.put("limit", filter.pageSize() + 1);
    record Matches(long counted, Long[] ids) {}
    Matches matches =
        jdbc.sql(
                "WITH m AS MATERIALIZED ("
                    + textMatches(filter, params)
                    + ") SELECT (SELECT count(*) FROM (SELECT 1 FROM m LIMIT :cap) c) AS counted,"
                    + " ARRAY(SELECT m.id FROM m"
                    + seek
                    + " ORDER BY m.k"
                    + order
                    + ", m.id"
                    + order
                    + " LIMIT :limit) AS ids")
            .params(params)
            .query(
                (rs, n) ->
                    new Matches(rs.getLong("counted"), (Long[]) rs.getArray("ids").getArray()))
            .single();
    List<ArticleSummary> rows =
        jdbc.sql(
                LIST_SELECT
                    + " WHERE a.id = ANY(CAST(:ids AS bigint[])) ORDER BY "
                    + NEWSROOM_KEY
                    + order
                    + ", a.id"
                    + order)
            .param("ids", matches.ids())
            .query((rs, n) -> summary(rs, zone))
            .list();
    return position.slice(rows, filter.pageSize(), matches.counted(), ArticleRepository::key);
  }

  /**
   * Every article the filter finds by its text, as (id, k): its list key. With no other filter than
   * the bin, straight from the three trigram indexes (the rows they find are read anyway, to check
   * the match: their keys come with them; a generic plan of the statement reads them the same way);
   * else the filter's own WHERE, which gathers the matches' ids first.
   */
  private static String textMatches(ArticleFilter filter, Map<String, Object> params) {
    String select = "SELECT a.id, " + NEWSROOM_KEY + " AS k FROM article a";
    if (filter.status() != null
        || filter.sectionId() != null
        || filter.authorId() != null
        || filter.language() != null
        || filter.review() != null
        || filter.createdBy() != null) {
      return select + newsroomWhere(filter, params);
    }
    params.put("text", likePattern(filter.text()));
    String bin = filter.trash() ? " WHERE a.deleted_at IS NOT NULL" : " WHERE a.deleted_at IS NULL";
    return select
        + bin
        + " AND a.headline ILIKE :text ESCAPE '\\' UNION "
        + select
        + bin
        + " AND a.standfirst ILIKE :text ESCAPE '\\' UNION "
        + select
        + bin
        + " AND a.slug ILIKE :text ESCAPE '\\'";
  }

  private static boolean hasText(ArticleFilter filter) {
    return filter.text() != null && !filter.text().isBlank();
  }

  /** The text as an ILIKE pattern that finds it anywhere, literally (% and _ are not wildcards). */
  private static String likePattern(String text) {
    return "%" + text.trim().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }

  private static String key(ArticleSummary a) {
    return Keyset.token(
        a.publishedAt() != null
            ? a.publishedAt()
            : a.publishAt() != null ? a.publishAt() : a.updatedAt(),
        a.id());
  }

  /** A page of summaries matching the filter, newest activity first. */
  Page<ArticleSummary> search(ArticleFilter filter, ZoneId zone) {
    Map<String, Object> params = new HashMap<>();
    String where = newsroomWhere(filter, params);
    long total =
        jdbc.sql("SELECT count(*) FROM article a" + where)
            .params(params)
            .query(Long.class)
            .single();
    params.put("limit", filter.pageSize());
    params.put("offset", (filter.page() - 1) * filter.pageSize());
    List<ArticleSummary> rows =
        jdbc.sql(
                LIST_SELECT
                    + where
                    + " ORDER BY "
                    + NEWSROOM_KEY
                    + " DESC, a.id DESC LIMIT :limit OFFSET :offset")
            .params(params)
            .query((rs, n) -> summary(rs, zone))
            .list();
    return new Page<>(rows, filter.page(), filter.pageSize(), total);
  }

  /**
   * The filter as a WHERE clause. Text is found anywhere in the headline, standfirst or slug,
   * case-insensitively and literally (% and _ are not wildcards); the trigram indexes of V150 serve
   * these ILIKEs, one each.
   */
  private static String newsroomWhere(ArticleFilter filter, Map<String, Object> params) {
    StringBuilder where =
        new StringBuilder(
            filter.trash() ? " WHERE a.deleted_at IS NOT NULL" : " WHERE a.deleted_at IS NULL");
    if (filter.status() != null) {
      // written in, not a parameter (an enum's name, never typed text): PostgreSQL's generic plan
      // for the statement, which it keeps after five runs, can then use the partial indexes of
      // live articles (WHERE status = 'PUBLISHED'); with a parameter it read the whole archive
      // (125 ms for published + section + edition, against 12 ms)
      where.append(" AND a.status = '").append(filter.status().name()).append('\'');
    }
    if (filter.sectionId() != null) {
      where.append(" AND a.section_id = :section");
      params.put("section", filter.sectionId());
    }
    if (filter.authorId() != null) {
      where.append(
          " AND EXISTS (SELECT 1 FROM article_author x WHERE x.article_id = a.id AND x.author_id = :author)");
      params.put("author", filter.authorId());
    }
    if (filter.language() != null) {
      where.append(" AND a.language = :lang");
      params.put("lang", filter.language().code());
    }
    if (filter.review() != null) {
      where.append(
          " AND EXISTS (SELECT 1 FROM article_review r WHERE r.article_id = a.id AND r.state = :review)");
      params.put("review", filter.review().name());
    }
    if (filter.createdBy() != null) {
      where.append(" AND a.created_by = :createdBy");
      params.put("createdBy", filter.createdBy());
    }
    if (hasText(filter)) {
      // Each ILIKE from its own trigram index, the matches' ids gathered first: written as one OR,
      // the planner read the whole archive for a common word (4,000 matches of 100,000: 490 ms
      // against 62), and once PostgreSQL kept a generic plan for the statement, for a rare word
      // too.
      where.append(
          " AND a.id = ANY(ARRAY("
              + "SELECT t.id FROM article t WHERE t.headline ILIKE :text ESCAPE '\\'"
              + " UNION SELECT t.id FROM article t WHERE t.standfirst ILIKE :text ESCAPE '\\'"
              + " UNION SELECT t.id FROM article t WHERE t.slug ILIKE :text ESCAPE '\\'))");
      params.put("text", likePattern(filter.text()));
    }
    return where.toString();
  }

  /**
   * Live articles, newest first, optionally in one language, section, tag or by one author. A page
   * seeks to its first row through {@link LiveListIndex}: as cheap deep in the archive as on top.
   */
  Page<ArticleSummary> live(
      Language language,
      Long sectionId,
      Long tagId,
      Long authorId,
      int page,
      int pageSize,
      ZoneId zone) {
    StringBuilder where =
        new StringBuilder(" WHERE a.status = 'PUBLISHED' AND a.deleted_at IS NULL");
    Map<String, Object> params = new HashMap<>();
    if (language != null) {
      where.append(" AND a.language = :lang");
      params.put("lang", language.code());
    }
    if (sectionId != null) {
      where.append(" AND a.section_id = :section");
      params.put("section", sectionId);
    }
    if (tagId != null) {
      where.append(
          " AND EXISTS (SELECT 1 FROM article_tag t WHERE t.article_id = a.id AND t.tag_id = :tag)");
      params.put("tag", tagId);
    }
    if (authorId != null) {
      where.append(
          " AND EXISTS (SELECT 1 FROM article_author x WHERE x.article_id = a.id AND x.author_id = :author)");
      params.put("author", authorId);
    }
    int number = Math.max(page, 1);
    int size = Math.max(pageSize, 1);
    LiveListIndex.Boundaries bounds =
        lists.boundaries(
            lists.key(language == null ? null : language.code(), sectionId, tagId, authorId, size),
            () -> boundaries(where.toString(), params, size));
    if (number > bounds.pages()) {
      return new Page<>(List.of(), number, size, bounds.total());
    }
    String from = "";
    if (number > 1) {
      from = " AND (a.published_at, a.id) <= (:fromAt, :fromId)";
      params.put("fromAt", Timestamp.from(bounds.publishedAt()[number - 1]));
      params.put("fromId", bounds.ids()[number - 1]);
    }
    params.put("limit", size);
    List<ArticleSummary> rows =
        jdbc.sql(
                LIST_SELECT
                    + where
                    + from
                    + " ORDER BY a.published_at DESC, a.id DESC LIMIT :limit")
            .params(params)
            .query((rs, n) -> summary(rs, zone))
            .list();
    return new Page<>(rows, number, size, bounds.total());
  }

  /** The first row of every page of a list, in one pass over its index. */
  private LiveListIndex.Boundaries boundaries(String where, Map<String, Object> filter, int size) {
    Map<String, Object> params = new HashMap<>(filter);
    params.put("size", size);
    List<Instant> at = new ArrayList<>();
    List<Long> ids = new ArrayList<>();
    long[] total = {0};
    jdbc.sql(
            """
            SELECT published_at, id, total FROM (
              SELECT a.published_at, a.id, count(*) OVER () AS total,
                     row_number() OVER (ORDER BY a.published_at DESC, a.id DESC) AS n
              FROM article a"""
                + where
                + """
            ) x WHERE (n - 1) % :size = 0 ORDER BY n
            """)
        .params(params)
        .query(
            rs -> {
              at.add(instant(rs, "published_at"));
              ids.add(rs.getLong("id"));
              total[0] = rs.getLong("total");
            });
    return new LiveListIndex.Boundaries(
        total[0], at.toArray(Instant[]::new), ids.stream().mapToLong(Long::longValue).toArray());
  }

  /**
   * Live articles in both languages for a sitemap part, oldest first (so parts only ever grow at
   * the end), from the part's first article to its last: a range of the live index, never a walk
   * past the parts before. The range is also given on {@code published_at} alone, which the planner
   * can estimate (it cannot a row comparison): it then reads the range directly instead of starting
   * parallel workers for what it took for most of the table. Only what a sitemap prints: its
   * address, its last change, and its translation's address when the two name each other. One
   * query; rows go to {@code each} as they arrive.
   */
  void forEachLiveLink(
      SitemapPart part, int limit, ZoneId zone, java.util.function.Consumer<LiveLink> each) {
    jdbc.sql(
            """
            SELECT a.slug, a.language, a.published_at, greatest(a.published_at, a.updated_at) AS changed,
                   t.slug AS t_slug, t.language AS t_language, t.published_at AS t_published_at
            FROM article a
            LEFT JOIN article t ON t.id = a.translation_id AND t.translation_id = a.id
                 AND t.language <> a.language AND t.status = 'PUBLISHED' AND t.deleted_at IS NULL
            WHERE a.status = 'PUBLISHED' AND a.deleted_at IS NULL
              AND (a.published_at, a.id) >= (:fromAt, :fromId)
              AND (a.published_at, a.id) <= (:toAt, :toId)
              AND a.published_at >= :fromAt AND a.published_at <= :toAt
            ORDER BY a.published_at, a.id
            LIMIT :limit
            """)
        .param("fromAt", Timestamp.from(part.firstPublishedAt()))
        .param("fromId", part.firstId())
        .param("toAt", Timestamp.from(part.lastPublishedAt()))
        .param("toId", part.lastId())
        .param("limit", limit)
        .withFetchSize(1_000)
        .query(
            rs -> {
              Instant tAt = instant(rs, "t_published_at");
              each.accept(
                  new LiveLink(
                      Language.fromCode(rs.getString("language")).orElseThrow(),
                      Article.pathOf(instant(rs, "published_at"), rs.getString("slug"), zone),
                      instant(rs, "changed"),
                      tAt == null
                          ? null
                          : Language.fromCode(rs.getString("t_language")).orElseThrow(),
                      tAt == null ? null : Article.pathOf(tAt, rs.getString("t_slug"), zone)));
            });
  }

  /**
   * The sitemap's parts: for each run of {@code partSize} live articles (oldest first), its first
   * and last article and when it last changed. One pass over the live articles (an index-only scan
   * of {@code article_live_sitemap_idx} when the table is vacuumed), then the articles that were
   * live and are not any more (withdrawn, unpublished, in the trash: few, read off {@code
   * article_gone_idx}): taking one out moves every later article one place up, so the part it was
   * in and every part after it changed when it went.
   */
  List<SitemapPart> liveParts(int partSize) {
    List<SitemapPart> parts =
        new ArrayList<>(
            jdbc.sql(
                    """
            SELECT max(published_at) FILTER (WHERE first) AS first_at,
                   max(id) FILTER (WHERE first) AS first_id,
                   max(published_at) FILTER (WHERE last) AS last_at,
                   max(id) FILTER (WHERE last) AS last_id,
                   max(changed) AS changed, count(*) AS size
            FROM (
              SELECT a.published_at, a.id, greatest(a.published_at, a.updated_at) AS changed,
                     (row_number() OVER w - 1) / :size AS part,
                     (row_number() OVER w - 1) % :size = 0 AS first,
                     (row_number() OVER w - 1) % :size = :size - 1 OR lead(a.id) OVER w IS NULL AS last
              FROM article a WHERE a.status = 'PUBLISHED' AND a.deleted_at IS NULL
              WINDOW w AS (ORDER BY a.published_at, a.id)) x
            GROUP BY part ORDER BY part
            """)
                .param("size", partSize)
                .query(
                    (rs, n) ->
                        new SitemapPart(
                            instant(rs, "first_at"),
                            rs.getLong("first_id"),
                            instant(rs, "last_at"),
                            rs.getLong("last_id"),
                            instant(rs, "changed"),
                            rs.getInt("size")))
                .list());
    if (parts.isEmpty()) {
      return parts;
    }
    jdbc.sql(
            """
            SELECT published_at, id, updated_at FROM article
            WHERE published_at IS NOT NULL AND (status <> 'PUBLISHED' OR deleted_at IS NOT NULL)
            ORDER BY published_at, id
            """)
        .query(
            rs -> {
              Instant at = instant(rs, "published_at");
              long id = rs.getLong("id");
              Instant gone = instant(rs, "updated_at");
              // the first part that ends after where the article stood, or the last part
              int from = parts.size() - 1;
              for (int i = 0; i < parts.size(); i++) {
                SitemapPart p = parts.get(i);
                int c = at.compareTo(p.lastPublishedAt());
                if (c < 0 || (c == 0 && id < p.lastId())) {
                  from = i;
                  break;
                }
              }
              for (int i = from; i < parts.size(); i++) {
                parts.set(i, parts.get(i).changedAt(gone));
              }
            });
    return List.copyOf(parts);
  }

  /**
   * When each list a reader can open last got a new article, in one query: per language ({@code
   * kind} "edition", id 0), per section and language, per tag, and per author and language.
   */
  List<ListNewest> newestPerList() {
    return jdbc.sql(
            """
            SELECT 'edition' AS kind, 0 AS id, a.language, max(a.published_at) AS newest
            FROM article a WHERE a.status = 'PUBLISHED' AND a.deleted_at IS NULL GROUP BY a.language
            UNION ALL
            SELECT 'section', a.section_id, a.language, max(a.published_at)
            FROM article a WHERE a.status = 'PUBLISHED' AND a.deleted_at IS NULL AND a.section_id IS NOT NULL
            GROUP BY a.section_id, a.language
            UNION ALL
            SELECT 'tag', t.tag_id, a.language, max(a.published_at)
            FROM article_tag t JOIN article a ON a.id = t.article_id
            WHERE a.status = 'PUBLISHED' AND a.deleted_at IS NULL GROUP BY t.tag_id, a.language
            UNION ALL
            SELECT 'author', x.author_id, a.language, max(a.published_at)
            FROM article_author x JOIN article a ON a.id = x.article_id
            WHERE a.status = 'PUBLISHED' AND a.deleted_at IS NULL GROUP BY x.author_id, a.language
            """)
        .query(
            (rs, n) ->
                new ListNewest(
                    rs.getString("kind"),
                    rs.getLong("id"),
                    Language.fromCode(rs.getString("language")).orElseThrow(),
                    instant(rs, "newest")))
        .list();
  }

  /** How many live articles each edition, section, tag and author list holds, in one query. */
  List<ListSize> liveListSizes() {
    return jdbc.sql(
            """
            SELECT 'edition' AS kind, 0 AS id, a.language, count(*) AS live
            FROM article a WHERE a.status = 'PUBLISHED' AND a.deleted_at IS NULL GROUP BY a.language
            UNION ALL
            SELECT 'section', a.section_id, a.language, count(*)
            FROM article a WHERE a.status = 'PUBLISHED' AND a.deleted_at IS NULL AND a.section_id IS NOT NULL
            GROUP BY a.section_id, a.language
            UNION ALL
            SELECT 'tag', t.tag_id, a.language, count(*)
            FROM article_tag t JOIN article a ON a.id = t.article_id
            WHERE a.status = 'PUBLISHED' AND a.deleted_at IS NULL GROUP BY t.tag_id, a.language
            UNION ALL
            SELECT 'author', x.author_id, a.language, count(*)
            FROM article_author x JOIN article a ON a.id = x.article_id
            WHERE a.status = 'PUBLISHED' AND a.deleted_at IS NULL GROUP BY x.author_id, a.language
            """)
        .query(
            (rs, n) ->
                new ListSize(
                    rs.getString("kind"),
                    rs.getLong("id"),
                    Language.fromCode(rs.getString("language")).orElseThrow(),
                    rs.getLong("live")))
        .list();
  }

  /** Every live article's id and address, newest first, in one query read as it arrives. */
  void forEachLiveArticle(ZoneId zone, java.util.function.Consumer<LiveArticle> each) {
    jdbc.sql(
            """
            SELECT a.id, a.slug, a.published_at FROM article a
            WHERE a.status = 'PUBLISHED' AND a.deleted_at IS NULL
            ORDER BY a.published_at DESC, a.id DESC
            """)
        .withFetchSize(5_000)
        .query(
            rs -> {
              each.accept(
                  new LiveArticle(
                      rs.getLong("id"),
                      Article.pathOf(instant(rs, "published_at"), rs.getString("slug"), zone)));
            });
  }

  /** Articles changed (written, published, withdrawn, deleted) at or after a moment, by id. */
  List<Long> changedSince(Instant since, int limit) {
    return jdbc.sql(
            "SELECT id FROM article WHERE updated_at >= :since ORDER BY updated_at, id LIMIT :limit")
        .param("since", Timestamp.from(since))
        .param("limit", limit)
        .query(Long.class)
        .list();
  }

  /** Live articles published since a moment, newest first, at most {@code limit}. */
  List<ArticleSummary> liveSince(Instant since, int limit, ZoneId zone) {
    return jdbc.sql(
            LIST_SELECT
                + """
             WHERE a.status = 'PUBLISHED' AND a.deleted_at IS NULL AND a.published_at >= :since
            ORDER BY a.published_at DESC, a.id DESC LIMIT :limit
            """)
        .param("since", Timestamp.from(since))
        .param("limit", limit)
        .query((rs, n) -> summary(rs, zone))
        .list();
  }

  /**
   * Live articles related to one: the most shared tags first, then the same section, then the
   * newest. Never the article itself, never one that is not live.
   */
  /**
   * How many of each tag's newest articles are candidates for "Read more": enough that the ones
   * sharing several tags with the article are among them, few enough to score in a millisecond.
   */
  static final int RELATED_PER_TAG = 200;

  List<ArticleSummary> related(Article article, int limit, ZoneId zone) {
    return related(
        article.language().code(),
        article.tags().stream().map(Tag::id).toArray(Long[]::new),
        article.section() == null ? null : article.section().id(),
        article.id(),
        limit,
        limit + 1,
        zone);
  }

  /**
   * "Read more" for any article with these tags, section and language, leaving out the article
   * {@code excludedId} (none for 0).
   *
   * @param candidates how many of the section's newest, and of all the newest, are scored
   */
  List<ArticleSummary> related(
      String language,
      Long[] tagIds,
      Long sectionId,
      long excludedId,
      int limit,
      int candidates,
      ZoneId zone) {
    // Only three kinds of article can make the cut, so only they are scored: the newest sharing
    // each tag, the newest of the same section, and the newest of all (when too few share
    // anything). Scoring every live article, or every one that ever carried a common tag (thousands
    // at ten years of archive), grows with the archive, on every article page. The tags a candidate
    // shares are counted as the candidates are gathered (in how many of the tags' newest it is),
    // not looked up again for each one: at 100,000 articles that lookup was two thirds of the
    // query's work, on every article page and every page of the static export.
    return jdbc.sql(
            """
            WITH tagged AS (
              SELECT r.article_id AS id, count(*) AS shared
              FROM unnest(CAST(:tags AS bigint[])) AS g (tag_id)
              CROSS JOIN LATERAL (
                SELECT t.article_id FROM article_tag t WHERE t.tag_id = g.tag_id
                ORDER BY t.article_id DESC LIMIT :perTag) r
              GROUP BY r.article_id
            ), candidates AS (
              SELECT id, shared FROM tagged
              UNION ALL
              (SELECT c.id, 0 FROM article c
               WHERE c.section_id IS NOT DISTINCT FROM :section AND c.status = 'PUBLISHED' AND c.deleted_at IS NULL AND c.language = :lang
               ORDER BY c.published_at DESC, c.id DESC LIMIT :candidates)
              UNION ALL
              (SELECT c.id, 0 FROM article c
               WHERE c.status = 'PUBLISHED' AND c.deleted_at IS NULL AND c.language = :lang
               ORDER BY c.published_at DESC, c.id DESC LIMIT :candidates)
            ), ranked AS (
              SELECT c.id, row_number() OVER (
                       ORDER BY max(c.shared) * 3
                                + CASE WHEN a.section_id IS NOT DISTINCT FROM :section THEN 2 ELSE 0 END DESC,
                                a.published_at DESC, a.id DESC) AS n
              FROM candidates c JOIN article a ON a.id = c.id
              WHERE a.status = 'PUBLISHED' AND a.deleted_at IS NULL AND a.language = :lang AND a.id <> :id
              GROUP BY c.id, a.section_id, a.published_at, a.id
              ORDER BY n LIMIT :limit
            )
            """
                + LIST_SELECT
                + """
             JOIN ranked r ON r.id = a.id
            ORDER BY r.n
            """)
        .param("lang", language)
        .param("id", excludedId)
        .param("tags", tagIds)
        .param("section", sectionId)
        .param("limit", limit)
        .param("candidates", candidates)
        .param("perTag", RELATED_PER_TAG)
        .query((rs, n) -> summary(rs, zone))
        .list();
  }

  private ArticleSummary summary(ResultSet rs, ZoneId zone) throws SQLException {
    Article a = article(rs, 0);
    List<String> names = Arrays.asList((String[]) rs.getArray("author_names").getArray());
    return new ArticleSummary(
        a.id(),
        a.language(),
        a.slug(),
        a.headline(),
        a.standfirst(),
        a.status(),
        a.section(),
        List.copyOf(names),
        a.heroImage(),
        a.publishAt(),
        a.publishedAt(),
        a.updatedAt(),
        a.createdBy(),
        a.deletedAt() != null,
        a.path(zone));
  }

  private Article withPeople(Article a) {
    return findPeople(List.of(a)).get(0);
  }

  /**
   * These articles, each with its authors and tags, read for all of them in one round trip: every
   * article page and feed item needs both, and a feed of 30 articles read them 30 times.
   */
  private List<Article> findPeople(List<Article> found) {
    if (found.isEmpty()) {
      return found;
    }
    Map<Long, List<Author>> authors = new HashMap<>();
    Map<Long, List<Tag>> tags = new HashMap<>();
    jdbc.sql(
            """
            (SELECT aa.article_id, 'author' AS kind, au.id, au.slug, au.name, au.bio AS extra, aa.position AS rank
             FROM article_author aa JOIN author au ON au.id = aa.author_id
             WHERE aa.article_id = ANY(CAST(:ids AS bigint[])))
            UNION ALL
            (SELECT at.article_id, 'tag', t.id, t.slug, t.name, t.language, 0 FROM article_tag at JOIN tag t ON t.id = at.tag_id
             WHERE at.article_id = ANY(CAST(:ids AS bigint[])))
            ORDER BY article_id, kind, rank, name
            """)
        .param("ids", found.stream().map(Article::id).toArray(Long[]::new))
        .query(
            rs -> {
              long articleId = rs.getLong("article_id");
              if (rs.getString("kind").equals("author")) {
                authors
                    .computeIfAbsent(articleId, k -> new ArrayList<>())
                    .add(
                        new Author(
                            rs.getLong("id"),
                            rs.getString("slug"),
                            rs.getString("name"),
                            rs.getString("extra")));
              } else {
                tags.computeIfAbsent(articleId, k -> new ArrayList<>())
                    .add(
                        new Tag(
                            rs.getLong("id"),
                            Language.fromCode(rs.getString("extra")).orElseThrow(),
                            rs.getString("slug"),
                            rs.getString("name")));
              }
            });
    List<Article> whole = new ArrayList<>(found.size());
    for (Article a : found) {
      whole.add(
          new Article(
              a.id(),
              a.language(),
              a.slug(),
              a.headline(),
              a.standfirst(),
              a.bodyMarkdown(),
              a.bodyHtml(),
              a.section(),
              authors.getOrDefault(a.id(), List.of()),
              tags.getOrDefault(a.id(), List.of()),
              a.heroImage(),
              a.heroCaption(),
              a.heroCredit(),
              a.status(),
              a.publishAt(),
              a.publishedAt(),
              a.createdAt(),
              a.updatedAt(),
              a.createdBy(),
              a.translationId(),
              a.deletedAt(),
              a.version()));
    }
    return whole;
  }

  /**
   * The articles with these ids in that order, each whole with its authors and tags, in two queries
   * whatever their number; ids of articles that do not exist are left out.
   */
  List<Article> findAll(List<Long> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    Map<Long, Article> byId = new HashMap<>();
    jdbc.sql(SELECT + " WHERE a.id = ANY(CAST(:ids AS bigint[]))")
        .param("ids", ids.toArray(Long[]::new))
        .query(this::article)
        .list()
        .forEach(a -> byId.put(a.id(), a));
    List<Article> ordered = new ArrayList<>(byId.size());
    for (Long id : ids) {
      Article a = byId.get(id);
      if (a != null) {
        ordered.add(a);
      }
    }
    return findPeople(ordered);
  }

  private Article article(ResultSet rs, int n) throws SQLException {
    Section section = null;
    long sectionId = rs.getLong("s_id");
    if (!rs.wasNull()) {
      section =
          new Section(
              sectionId,
              rs.getString("s_slug"),
              rs.getString("s_name_en"),
              rs.getString("s_name_ru"),
              rs.getInt("s_position"));
    }
    long createdBy = rs.getLong("created_by");
    Long createdByOrNull = rs.wasNull() ? null : createdBy;
    long translation = rs.getLong("translation_id");
    Long translationOrNull = rs.wasNull() ? null : translation;
    return new Article(
        rs.getLong("id"),
        Language.fromCode(rs.getString("language")).orElseThrow(),
        rs.getString("slug"),
        rs.getString("headline"),
        rs.getString("standfirst"),
        rs.getString("body_markdown"),
        rs.getString("body_html"),
        section,
        List.of(),
        List.of(),
        TaxonomyRepository.image(rs, "m_"),
        rs.getString("hero_caption"),
        rs.getString("hero_credit"),
        ArticleStatus.valueOf(rs.getString("status")),
        instant(rs, "publish_at"),
        instant(rs, "published_at"),
        instant(rs, "created_at"),
        instant(rs, "updated_at"),
        createdByOrNull,
        translationOrNull,
        instant(rs, "deleted_at"),
        rs.getInt("version"));
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  private static Timestamp ts(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }
}
