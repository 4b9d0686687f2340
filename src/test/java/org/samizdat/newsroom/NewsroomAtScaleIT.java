package org.samizdat.newsroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.samizdat.IntegrationTest;
import org.samizdat.OwnDataDirectory;
import org.samizdat.StatementCounting;
import org.samizdat.WebClient;
import org.samizdat.WebClient.Response;
import org.samizdat.platform.Money;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.security.AppSecrets;
import org.samizdat.revenue.Frequency;
import org.samizdat.revenue.FundingProgress;
import org.samizdat.revenue.ManualContributions;
import org.samizdat.revenue.PaymentEvent;
import org.samizdat.revenue.RevenueReports;
import org.samizdat.revenue.RevenueReports.Dashboard;
import org.samizdat.revenue.TestModeWebhooks;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The newsroom's long lists and its dashboard, shaped for ten years of archive: pages found by the
 * key of their neighbour (ties in the sort key included), counts that stop at 10,000, text search
 * through trigram indexes with the same matches as before, a list page whose statements do not grow
 * with its depth, and dashboard figures equal to a straightforward recomputation from the ledger,
 * also after an entry lands in a month the dashboard had kept. A database of its own: the ledger's
 * sums here are only this class's.
 */
@ContextConfiguration(initializers = OwnDataDirectory.class)
@Import(StatementCounting.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NewsroomAtScaleIT extends IntegrationTest {

  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate transactions;
  @Autowired RevenueReports reports;
  @Autowired ManualContributions manual;
  @Autowired AppSecrets secrets;
  @Autowired PlatformSettings platform;

  private final AtomicInteger requests = new AtomicInteger();
  private String lastId;

  private static String marker() {
    return "zq" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  /** Drafts whose headline and slug carry the marker, {@code tie} of them sharing each time. */
  private List<Long> drafts(String marker, int count, int tie, Instant newest) {
    List<Long> ids = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      Instant at = newest.minus(n / tie, ChronoUnit.MINUTES);
      ids.add(
          jdbc.sql(
                  """
                  INSERT INTO article (language, slug, headline, status, created_at, updated_at)
                  VALUES ('en', :slug, :headline, 'DRAFT', :at, :at) RETURNING id
                  """)
              .param("slug", marker + "-" + n)
              .param("headline", "Keyset " + marker + " " + n)
              .param("at", Timestamp.from(at))
              .query(Long.class)
              .single());
    }
    return ids;
  }

  /** The ids in the list's order: newest first, then the higher id first among equal times. */
  private List<Long> newsroomOrder(String marker) {
    return jdbc.sql(
            """
            SELECT id FROM article WHERE headline LIKE :like
            ORDER BY coalesce(published_at, publish_at, updated_at) DESC, id DESC
            """)
        .param("like", "Keyset " + marker + " %")
        .query(Long.class)
        .list();
  }

  private static List<Long> listed(Document page) {
    List<Long> ids = new ArrayList<>();
    for (Element a : page.select("table.articles tbody tr td:first-child > a:first-child")) {
      ids.add(Long.parseLong(a.attr("href").replaceAll(".*/", "")));
    }
    return ids;
  }

  private static String link(Document page, String selector) {
    Element a = page.selectFirst("nav.pager " + selector);
    return a == null ? null : a.attr("href");
  }

  @Test
  void theArticleListWalksOlderAndNewerByKeyThroughTiesWithoutAGapOrARepeat() {
    String marker = marker();
    drafts(marker, 60, 7, Instant.now().minus(3650, ChronoUnit.DAYS));
    List<Long> expected = newsroomOrder(marker);
    assertThat(expected).hasSize(60);
    WebClient admin = admin();

    Document first = admin.get("/newsroom/articles?q=" + marker).html();
    assertThat(first.select("p.count").text()).isEqualTo("60 articles");
    assertThat(link(first, "a[rel=prev]")).as("nothing is newer than the first page").isNull();
    assertThat(first.select("nav.pager").text()).doesNotContain("Newest");

    List<Document> pages = new ArrayList<>(List.of(first));
    List<Long> seen = new ArrayList<>(listed(first));
    Document page = first;
    for (String older = link(page, "a[rel=next]");
        older != null;
        older = link(page, "a[rel=next]")) {
      assertThat(older).contains("older=").contains("q=" + marker);
      page = admin.get(older).html();
      pages.add(page);
      seen.addAll(listed(page));
    }
    assertThat(pages).hasSize(3);
    assertThat(seen).as("every article once, in the list's order").isEqualTo(expected);
    assertThat(pages.get(2).select("nav.pager").text()).doesNotContain("Oldest");

    // and back again with the Newer links, page for page
    List<List<Long>> back = new ArrayList<>();
    page = pages.get(2);
    back.add(listed(page));
    for (String newer = link(page, "a[rel=prev]");
        newer != null;
        newer = link(page, "a[rel=prev]")) {
      page = admin.get(newer).html();
      back.add(listed(page));
    }
    Collections.reverse(back);
    assertThat(back)
        .containsExactly(listed(pages.get(0)), listed(pages.get(1)), listed(pages.get(2)));

    // the ends of the list, in one step each
    Document oldest = admin.get(link(first, "a:contains(Oldest)")).html();
    assertThat(listed(oldest)).isEqualTo(expected.subList(35, 60));
    Document newest = admin.get(link(oldest, "a:contains(Newest)")).html();
    assertThat(listed(newest)).isEqualTo(expected.subList(0, 25));

    // a damaged link says so instead of answering 500
    assertThat(admin.get("/newsroom/articles?older=yesterday").status()).isEqualTo(400);
  }

  @Test
  void theCountStopsAtTenThousand() {
    String marker = marker();
    jdbc.sql(
            """
            INSERT INTO article (language, slug, headline, status, created_at, updated_at)
            SELECT 'en', CAST(:marker AS text) || '-' || n, 'Many ' || CAST(:marker AS text) || ' ' || n, 'DRAFT',
                   now() - interval '20 years' - n * interval '1 minute', now() - interval '20 years' - n * interval '1 minute'
            FROM generate_series(1, 10001) n
            """)
        .param("marker", marker)
        .update();
    WebClient admin = admin();
    Document many = admin.get("/newsroom/articles?q=" + marker).html();
    assertThat(many.select("p.count").text()).isEqualTo("More than 10,000 articles");
    assertThat(listed(many)).hasSize(25);
    jdbc.sql("DELETE FROM article WHERE slug = :slug").param("slug", marker + "-1").update();
    assertThat(admin.get("/newsroom/articles?q=" + marker).html().select("p.count").text())
        .isEqualTo("10000 articles");
    jdbc.sql("DELETE FROM article WHERE slug LIKE :like").param("like", marker + "-%").update();
  }

  @Test
  void textSearchMatchesAnywhereInHeadlineStandfirstOrSlugLiterallyAndUsesTheTrigramIndexes() {
    String m = marker();
    long inHeadline = article("The " + m.toUpperCase() + " samovar", "", "a-" + m);
    long inStandfirst = article("Something else", "Tea from a " + m + " samovar", "b-" + m);
    long inSlug = article("Plain headline", "", "c-" + m + "-tea");
    long percent = article("Sure " + m + " 100% of it", "", "d-" + m);
    long notPercent = article("Sure " + m + " 1000 of it", "", "e-" + m);
    long underscore = article("Name " + m + " a_b", "", "f-" + m);
    long notUnderscore = article("Name " + m + " axb", "", "g-" + m);
    WebClient admin = admin();
    assertThat(listed(admin.get("/newsroom/articles?q=" + m.toUpperCase()).html()))
        .containsExactlyInAnyOrder(
            inHeadline, inStandfirst, inSlug, percent, notPercent, underscore, notUnderscore);
    assertThat(listed(admin.get("/newsroom/articles?q=" + m + "+samovar").html()))
        .containsExactlyInAnyOrder(inHeadline, inStandfirst);
    assertThat(listed(admin.get("/newsroom/articles?q=" + m + "-tea").html()))
        .containsExactly(inSlug);
    assertThat(listed(admin.get("/newsroom/articles?q=" + m + "+100%25").html()))
        .containsExactly(percent);
    assertThat(listed(admin.get("/newsroom/articles?q=" + m + "+a_b").html()))
        .containsExactly(underscore);
    assertThat(notPercent).isNotIn(listed(admin.get("/newsroom/articles?q=100%25").html()));

    // the planner can answer the three ILIKEs from the trigram indexes (it reads a handful of rows
    // here either way; the plan is what counts at 100,000 articles)
    String plan =
        transactions.execute(
            status -> {
              // with a handful of rows any scan will do: leave the planner only the indexes that
              // can answer the three ILIKEs
              jdbc.sql("SET LOCAL enable_seqscan = off").update();
              jdbc.sql("SET LOCAL enable_indexscan = off").update();
              return String.join(
                  "\n",
                  jdbc.sql(
                          """
                          EXPLAIN SELECT id FROM article a
                          WHERE a.headline ILIKE :t OR a.standfirst ILIKE :t OR a.slug ILIKE :t
                          """)
                      .param("t", "%samovar%")
                      .query(String.class)
                      .list());
            });
    assertThat(plan)
        .contains("article_headline_trgm_idx")
        .contains("article_standfirst_trgm_idx")
        .contains("article_slug_trgm_idx");
  }

  private long article(String headline, String standfirst, String slug) {
    return jdbc.sql(
            """
            INSERT INTO article (language, slug, headline, standfirst, status, created_at, updated_at)
            VALUES ('en', :slug, :headline, :standfirst, 'DRAFT', now(), now()) RETURNING id
            """)
        .param("slug", slug)
        .param("headline", headline)
        .param("standfirst", standfirst)
        .query(Long.class)
        .single();
  }

  private Response counted(WebClient client, String path) {
    lastId = "scale-" + requests.incrementAndGet();
    return client.get(path, Map.of(StatementCounting.HEADER, lastId));
  }

  @Test
  void aListPageCostsTheSameFewStatementsHoweverDeepAndWhateverItFilters() {
    String marker = marker();
    drafts(marker, 80, 3, Instant.now().minus(4000, ChronoUnit.DAYS));
    WebClient admin = admin();
    admin.get("/newsroom/articles"); // the session's own first-use statements
    assertThat(counted(admin, "/newsroom/articles").status()).isEqualTo(200);
    int first = StatementCounting.count(lastId);

    Document searched = counted(admin, "/newsroom/articles?q=" + marker).html();
    int search = StatementCounting.count(lastId);
    String older = link(searched, "a[rel=next]");
    counted(admin, older);
    int second = StatementCounting.count(lastId);
    counted(admin, link(searched, "a:contains(Oldest)"));
    int oldest = StatementCounting.count(lastId);
    counted(
        admin,
        "/newsroom/articles?status=draft&language=en&q="
            + marker
            + "&"
            + older.replaceAll(".*(older=[^&]*).*", "$1"));
    int filtered = StatementCounting.count(lastId);

    assertThat(List.of(search, second, oldest, filtered)).containsOnly(first);
    // the chrome (session, sections, authors, most read), the capped count and the page itself
    assertThat(first).isLessThanOrEqualTo(12);

    assertThat(counted(admin, "/newsroom/revenue/contributions").status()).isEqualTo(200);
    int contributions = StatementCounting.count(lastId);
    Document ledger = admin.get("/newsroom/revenue/contributions?kind=FAILED").html();
    if (link(ledger, "a[rel=next]") != null) {
      counted(admin, link(ledger, "a[rel=next]"));
      assertThat(StatementCounting.count(lastId)).isEqualTo(contributions);
    }
    assertThat(contributions).isLessThanOrEqualTo(10);
  }

  @Test
  void theContributionsListWalksByKeyThroughTiesAndCountsToTenThousand() {
    String marker = marker();
    String email = "ties-" + marker + "@example.org";
    long supporter = supporter(email);
    Instant newest = Instant.now().minus(400, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    // failed payments: listed like any entry, never counted toward the goal
    jdbc.sql(
            """
            INSERT INTO ledger_entry (provider, provider_event_id, kind, supporter_id, frequency, amount_minor,
                                      currency, occurred_at, recorded_at)
            SELECT 'testmode', CAST(:marker AS text) || '-' || n, 'FAILED', :supporter, 'MONTHLY', 500, 'USD',
                   CAST(:newest AS timestamptz) - (n / 9) * interval '1 hour', now()
            FROM generate_series(0, 119) n
            """)
        .param("marker", marker)
        .param("supporter", supporter)
        .param("newest", Timestamp.from(newest))
        .update();
    List<Long> expected =
        jdbc.sql(
                "SELECT id FROM ledger_entry WHERE supporter_id = :s ORDER BY occurred_at DESC, id DESC")
            .param("s", supporter)
            .query(Long.class)
            .list();
    WebClient admin = admin();
    Document first = admin.get("/newsroom/revenue/contributions?email=" + email).html();
    assertThat(first.select("p.count").text()).startsWith("120 entries");
    Document page = first;
    List<List<Long>> pages = new ArrayList<>();
    pages.add(entries(page));
    for (String older = link(page, "a[rel=next]");
        older != null;
        older = link(page, "a[rel=next]")) {
      assertThat(older).contains("older=").contains("email=");
      page = admin.get(older).html();
      pages.add(entries(page));
    }
    assertThat(pages).extracting(List::size).containsExactly(50, 50, 20);
    assertThat(pages.stream().flatMap(List::stream).toList()).isEqualTo(expected);
    Document newer = admin.get(link(page, "a[rel=prev]")).html();
    assertThat(entries(newer)).isEqualTo(pages.get(1));
    Document oldest = admin.get(link(first, "a:contains(Oldest)")).html();
    assertThat(entries(oldest)).isEqualTo(expected.subList(70, 120));

    String many = "many-" + marker + "@example.org";
    long other = supporter(many);
    jdbc.sql(
            """
            INSERT INTO ledger_entry (provider, provider_event_id, kind, supporter_id, frequency, amount_minor,
                                      currency, occurred_at, recorded_at)
            SELECT 'testmode', CAST(:marker AS text) || '-many-' || n, 'FAILED', :supporter, 'MONTHLY', 500, 'USD',
                   now() - interval '2 years' - n * interval '1 minute', now()
            FROM generate_series(1, 10001) n
            """)
        .param("marker", marker)
        .param("supporter", other)
        .update();
    assertThat(
            admin
                .get("/newsroom/revenue/contributions?email=" + many)
                .html()
                .select("p.count")
                .text())
        .startsWith("More than 10,000 entries");
  }

  private long supporter(String email) {
    return jdbc.sql(
            "INSERT INTO supporter (email, language, created_at) VALUES (:e, 'en', now()) RETURNING id")
        .param("e", email)
        .query(Long.class)
        .single();
  }

  private static List<Long> entries(Document page) {
    List<Long> ids = new ArrayList<>();
    for (Element a : page.select("table.ledger tbody a[href^=/newsroom/revenue/contributions/]")) {
      ids.add(Long.parseLong(a.attr("href").replaceAll(".*/", "")));
    }
    return ids;
  }

  @Test
  void dashboardFiguresEqualAStraightforwardRecomputationAlsoAfterAnEntryLandsInAKeptMonth()
      throws Exception {
    ZoneId zone = platform.timeZone();
    YearMonth now = YearMonth.now(zone);
    TestModeWebhooks webhooks = new TestModeWebhooks(secrets, port);
    String u = marker();
    // an annual gift thirteen months ago counts a twelfth in each of the twelve months from it
    pay(
        webhooks,
        at(now.minusMonths(13), zone),
        "annual-" + u,
        Money.of(12_000, "USD"),
        Frequency.ANNUAL,
        "sub_a_" + u,
        null);
    pay(
        webhooks,
        at(now.minusMonths(4), zone),
        "monthly-" + u,
        Money.of(700, "USD"),
        Frequency.MONTHLY,
        "sub_m_" + u,
        null);
    // euros the provider settled in dollars count at what it settled
    pay(
        webhooks,
        at(now.minusMonths(1), zone),
        "settled-" + u,
        Money.of(1_000, "EUR"),
        Frequency.ONCE,
        null,
        Money.of(1_080, "USD"));
    manual.recordOfflineGift(
        "offline-" + u + "@example.org", "25", "USD", now.minusMonths(6).atDay(3).toString(), "en");

    Dashboard before = reports.dashboard();
    assertEqualsRecomputation(before, zone);
    assertThat(before.lastTwelveMonths().get(9).raised().minor())
        .as("two months ago: the annual gift's twelfth")
        .isEqualTo(1_000);

    // entries landing in months the dashboard keeps: an offline gift dated back, a late webhook
    manual.recordOfflineGift(
        "late-" + u + "@example.org", "10", "USD", now.minusMonths(2).atDay(5).toString(), "en");
    pay(
        webhooks,
        at(now.minusMonths(3), zone),
        "late-annual-" + u,
        Money.of(24_000, "USD"),
        Frequency.ANNUAL,
        "sub_l_" + u,
        null);
    Dashboard after = reports.dashboard();
    assertEqualsRecomputation(after, zone);
    assertThat(
            after.lastTwelveMonths().get(9).raised().minor()
                - before.lastTwelveMonths().get(9).raised().minor())
        .isEqualTo(1_000 + 2_000);
    assertThat(
            after.lastTwelveMonths().get(8).raised().minor()
                - before.lastTwelveMonths().get(8).raised().minor())
        .isEqualTo(2_000);
    // and the same figures on the screen
    assertThat(admin().get("/newsroom/revenue").status()).isEqualTo(200);
  }

  private static Instant at(YearMonth month, ZoneId zone) {
    return month.atDay(10).atTime(12, 0).atZone(zone).toInstant();
  }

  private static void pay(
      TestModeWebhooks webhooks,
      Instant occurred,
      String who,
      Money amount,
      Frequency frequency,
      String subscription,
      Money settled)
      throws Exception {
    var response =
        webhooks.send(
            new PaymentEvent.CheckoutCompleted(
                "evt_" + UUID.randomUUID(),
                occurred,
                null,
                who + "@example.org",
                amount,
                frequency,
                "cus_" + who,
                subscription,
                subscription == null ? "pi_" + who : null,
                settled));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  /**
   * Each month the dashboard shows, recomputed the plain way: in the goal's currency (or settled in
   * it), one-time and monthly gifts of the month, a twelfth of the annual gifts of the twelve
   * months up to it; in all and per rail.
   */
  private void assertEqualsRecomputation(Dashboard dashboard, ZoneId zone) {
    List<FundingProgress> months = dashboard.lastTwelveMonths();
    assertThat(months).hasSize(12);
    for (int i = 0; i < months.size(); i++) {
      YearMonth month = months.get(i).month();
      String currency = months.get(i).goal().currencyCode();
      Map<String, Long> byRail = new java.util.TreeMap<>();
      jdbc.sql(
              """
              SELECT provider,
                     coalesce(sum(v) FILTER (WHERE frequency <> 'ANNUAL' AND occurred_at >= :start), 0) AS direct,
                     coalesce(sum(v) FILTER (WHERE frequency = 'ANNUAL'), 0) AS annual
              FROM (SELECT provider, frequency, occurred_at, kind,
                           CASE WHEN currency = :currency THEN amount_minor
                                WHEN settled_currency = :currency THEN settled_minor END AS v
                    FROM ledger_entry) e
              WHERE kind IN ('PAYMENT', 'RENEWAL', 'REFUND')
                AND occurred_at >= :windowStart AND occurred_at < :end
              GROUP BY provider
              """)
          .param("currency", currency)
          .param("start", Timestamp.from(month.atDay(1).atStartOfDay(zone).toInstant()))
          .param(
              "windowStart",
              Timestamp.from(month.minusMonths(11).atDay(1).atStartOfDay(zone).toInstant()))
          .param("end", Timestamp.from(month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant()))
          .query(
              rs -> {
                byRail.put(rs.getString(1), rs.getLong(2) + rs.getLong(3) / 12);
              });
      long direct = 0;
      long annual = 0;
      // the total rounds the annual twelfth once, over all rails
      var total =
          jdbc.sql(
                  """
                  SELECT coalesce(sum(v) FILTER (WHERE frequency <> 'ANNUAL' AND occurred_at >= :start), 0),
                         coalesce(sum(v) FILTER (WHERE frequency = 'ANNUAL'), 0)
                  FROM (SELECT frequency, occurred_at, kind,
                               CASE WHEN currency = :currency THEN amount_minor
                                    WHEN settled_currency = :currency THEN settled_minor END AS v
                        FROM ledger_entry) e
                  WHERE kind IN ('PAYMENT', 'RENEWAL', 'REFUND')
                    AND occurred_at >= :windowStart AND occurred_at < :end
                  """)
              .param("currency", currency)
              .param("start", Timestamp.from(month.atDay(1).atStartOfDay(zone).toInstant()))
              .param(
                  "windowStart",
                  Timestamp.from(month.minusMonths(11).atDay(1).atStartOfDay(zone).toInstant()))
              .param(
                  "end",
                  Timestamp.from(month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant()))
              .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)})
              .single();
      direct = total[0];
      annual = total[1];
      assertThat(months.get(i).raised().minor())
          .as("raised in " + month)
          .isEqualTo(direct + annual / 12);
      for (RevenueReports.Rail rail : dashboard.rails()) {
        assertThat(rail.months().get(i).minor())
            .as(rail.provider() + " in " + month)
            .isEqualTo(byRail.getOrDefault(rail.provider(), 0L));
      }
    }
  }
}
