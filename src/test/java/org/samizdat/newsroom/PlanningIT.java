package org.samizdat.newsroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.samizdat.IntegrationTest;
import org.samizdat.OwnDataDirectory;
import org.samizdat.WebClient;
import org.samizdat.WebClient.Response;
import org.samizdat.publishing.Taxonomy;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Planning over HTTP in a newsroom far from UTC (Vladivostok, UTC+10): what is scheduled shows day
 * by day over 14 days at the newsroom's own dates and times, with the zone named; the article list
 * filters by review state; bad input is a 400.
 */
@ContextConfiguration(initializers = OwnDataDirectory.class)
class PlanningIT extends IntegrationTest {

  static final ZoneId ZONE = ZoneId.of("Asia/Vladivostok");
  static final String PASSWORD = "planning-password-123";

  @DynamicPropertySource
  static void zone(DynamicPropertyRegistry registry) {
    registry.add("samizdat.time-zone", ZONE::getId);
  }

  @Autowired Taxonomy taxonomy;
  @Autowired StaffDirectory staff;

  @Test
  void scheduledArticlesAndUpdatesShowDayByDayInTheNewsroomsZone() {
    String u = UUID.randomUUID().toString().substring(0, 8);
    long authorId = taxonomy.createAuthor("Planner " + u, "planner-" + u, "");
    LocalDate today = LocalDate.now(ZONE);
    WebClient editor = admin();

    // 00:30 in Vladivostok is the previous day in UTC: it must sit on the newsroom's day
    long early =
        article(editor, authorId, "Night session " + u, "schedule", today.plusDays(3), "00:30");
    long noon =
        article(editor, authorId, "Budget vote " + u, "schedule", today.plusDays(3), "12:05");
    long far = article(editor, authorId, "Far ahead " + u, "schedule", today.plusDays(20), "09:00");
    long draft = article(editor, authorId, "Only a draft " + u, "save", null, null);

    Document plan = editor.open("/newsroom/planning").html();
    assertThat(plan.select("#planning-zone").text()).contains("Asia/Vladivostok");
    assertThat(plan.select(".planning-day")).hasSize(14);
    assertThat(plan.select(".planning-day").first().id()).isEqualTo("day-" + today);
    assertThat(plan.select(".planning-day.today h2").text()).contains("(today)");
    String day3 = plan.select("#day-" + today.plusDays(3)).text();
    assertThat(day3)
        .contains("00:30 Asia/Vladivostok Night session " + u)
        .contains("12:05 Asia/Vladivostok Budget vote " + u);
    assertThat(day3.indexOf("Night session")).isLessThan(day3.indexOf("Budget vote"));
    assertThat(plan.select("#day-" + today.plusDays(2)).text()).doesNotContain(u);
    assertThat(plan.select(".planning").text()).doesNotContain("Far ahead", "Only a draft " + u);
    assertThat(plan.select("#day-" + today.plusDays(3) + " a").eachAttr("href"))
        .contains("/newsroom/articles/" + early, "/newsroom/articles/" + noon);

    Document later = editor.open(plan.select("#planning-later").attr("href")).html();
    assertThat(later.select(".planning-day").first().id()).isEqualTo("day-" + today.plusDays(14));
    assertThat(later.select("#day-" + today.plusDays(20)).text())
        .contains("09:00 Asia/Vladivostok Far ahead " + u);
    assertThat(later.select("a[href=/newsroom/articles/" + far + "]")).hasSize(1);

    assertThat(editor.get("/newsroom/planning?from=next-tuesday").status()).isEqualTo(400);
    assertThat(editor.get("/newsroom/planning?from=next-tuesday").body())
        .contains("is not a day: give it as year-month-day");
    assertThat(editor.get("/newsroom/planning?from=2026-02-30").status()).isEqualTo(400);
    assertThat(editor.get("/newsroom/planning?from=9999-01-01").status()).isEqualTo(400);

    // the article list by review state
    String authorEmail = "planned-author-" + u + "@samizdat.test";
    staff.create(authorEmail, "Planned Author " + u, PASSWORD, StaffRole.AUTHOR, authorId);
    WebClient author = client();
    author.login(authorEmail, PASSWORD);
    assertThat(author.get("/newsroom/planning").status()).isEqualTo(403);
    long ready = article(author, authorId, "Waiting for an editor " + u, "review", null, null);
    long returned = article(author, authorId, "Sent back once " + u, "review", null, null);
    editor.open("/newsroom/articles/" + returned);
    assertThat(
            editor
                .post("/newsroom/articles/" + returned + "/send-back", Map.of("note", "Shorter."))
                .status())
        .isEqualTo(302);

    Document readyList = editor.open("/newsroom/articles?review=ready&q=" + u).html();
    assertThat(readyList.select("table").text())
        .contains("Waiting for an editor " + u)
        .doesNotContain("Sent back once", "Budget vote", "Only a draft");
    assertThat(readyList.select("#review-filter option[selected]").attr("value"))
        .isEqualTo("ready");
    Document returnedList = editor.open("/newsroom/articles?review=returned&q=" + u).html();
    assertThat(returnedList.select("table").text())
        .contains("Sent back once " + u)
        .doesNotContain("Waiting for an editor");
    assertThat(editor.open("/newsroom/articles?q=" + u).html().select("table").text())
        .contains("Waiting for an editor", "Sent back once", "Budget vote", "Only a draft");
    Response bad = editor.get("/newsroom/articles?review=maybe");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("Unknown review state 'maybe'");
    assertThat(ready).isNotEqualTo(draft);
  }

  private static long article(
      WebClient who, long authorId, String headline, String action, LocalDate day, String time) {
    who.open("/newsroom/articles/new");
    Map<String, Object> form = new HashMap<>();
    form.put("language", "en");
    form.put("headline", headline);
    form.put("body", "Text of " + headline);
    form.put("authorIds", String.valueOf(authorId));
    form.put("action", action);
    if (day != null) {
      form.put("publishAt", day + "T" + time);
    }
    Response r = who.postMultipart("/newsroom/articles", form);
    assertThat(r.status()).as(r.body()).isEqualTo(302);
    return Long.parseLong(r.location().replaceAll(".*/(\\d+)(\\?.*)?$", "$1"));
  }
}
