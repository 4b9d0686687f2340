package org.samizdat.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.samizdat.IntegrationTest;
import org.samizdat.WebClient;
import org.samizdat.WebClient.Response;
import org.samizdat.publishing.Actor;
import org.samizdat.publishing.ArticleDraft;
import org.samizdat.publishing.Articles;
import org.samizdat.publishing.Image;
import org.samizdat.publishing.MediaLibrary;
import org.samizdat.publishing.Publishing;
import org.samizdat.publishing.Taxonomy;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every page type a reader (or a newsroom member signing in) can land on passes the W3C Nu HTML
 * checker without errors, with real content in it: a hero image, tags, a translation, Markdown, a
 * full search, the support banner and appeal. Warnings are not failures.
 */
class HtmlValidityIT extends IntegrationTest {

  static final Actor EDITOR = new Actor(0, "HtmlValidityIT");
  static final String BODY =
      """
      Opening paragraph with *emphasis*, **strong words** and [a link](/about).

      ## What happened

      > A quoted source says something.

      - first point
      - second point with [an outside link](https://example.org/report)

      1. step one
      2. step two

      | Year | Cases |
      |------|-------|
      | 2025 | 12    |

      ![A chart](/media/chart.png)

      Closing paragraph with `code` and a line
      break.
      """;

  static HtmlValidator checker;

  @Autowired Publishing publishing;
  @Autowired Articles articles;
  @Autowired Taxonomy taxonomy;
  @Autowired MediaLibrary media;
  @Autowired org.samizdat.publishing.LiveUpdates live;
  @Autowired org.samizdat.revenue.GivingDetails giving;
  @Autowired org.samizdat.revenue.MonthlyCryptoReminders monthly;

  String u;
  long author;
  long section;

  @BeforeAll
  static void setUpChecker() {
    checker = new HtmlValidator();
  }

  @BeforeEach
  void setUp() {
    u = UUID.randomUUID().toString().substring(0, 8);
    author = taxonomy.createAuthor("Validator " + u, "validator-" + u, "Writes valid markup " + u);
    section = taxonomy.createSection("valid-" + u, "Valid " + u, "Валидное " + u, 60);
  }

  @Test
  void theCheckerReportsErrorsWithTheirLines() {
    String bad =
        """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><title>t</title></head>
        <body>
        <p>Fine</p>
        <img src="/x.jpg">
        <time datetime="2026-01-01T10:00:00.123456Z">then</time>
        <ul><div>not an item</div></ul>
        </body>
        </html>
        """;
    assertThat(checker.errors(bad.getBytes(StandardCharsets.UTF_8)))
        .extracting(HtmlValidator.Problem::line)
        .containsExactly(6, 7, 8);
    String current =
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>t</title></head>"
            + "<body><form><input type=\"email\" name=\"e\" autocomplete=\"username\">"
            + "<input type=\"search\" name=\"q\" enterkeyhint=\"search\"></form></body></html>";
    assertThat(checker.errors(current.getBytes(StandardCharsets.UTF_8)))
        .as("rules the standard has since relaxed")
        .isEmpty();
  }

  @Test
  void readerPagesWithRealContentAreValidHtml() {
    Image hero = media.store(jpeg(), "A blue field under an orange sky " + u);
    long en =
        publish(
            "en",
            "Valid markup " + u + " & <more>",
            List.of("markup " + u, "standards"),
            hero.id(),
            null);
    long ru = publish("ru", "Валидная разметка " + u, List.of("разметка " + u), hero.id(), en);
    publish("en", "Second story " + u, List.of("markup " + u), null, null);

    assertValid(
        200,
        "/",
        "/ru/",
        path(en),
        path(ru),
        "/section/valid-" + u,
        "/ru/section/valid-" + u,
        "/tag/markup-" + u,
        "/author/validator-" + u,
        "/about",
        "/ru/about",
        "/support",
        "/ru/support",
        "/support/safely",
        "/ru/support/safely",
        "/newsletter",
        "/ru/newsletter");
  }

  @Test
  void livePagesAreValidHtmlRunningAndEnded() {
    long en = publish("en", "Live " + u, List.of(), null, null);
    long ru = publish("ru", "Онлайн " + u, List.of(), null, null);
    Image photo = media.store(jpeg(), "Trams standing in the dark " + u);
    for (long id : new long[] {en, ru}) {
      live.start(id, EDITOR);
      live.pinSummary(id, "**Key points:** calm, [details](/about).", EDITOR);
      live.addUpdate(id, BODY, null, EDITOR);
      live.addUpdate(id, "A photo from the ring road.", photo.id(), EDITOR);
    }
    assertValid(200, path(en), path(ru));
    live.end(en, EDITOR);
    assertValid(200, path(en));
  }

  @Test
  void emptyAndPagedListsAreValidHtml() {
    for (int i = 0; i < 13; i++) {
      publish("en", "Paged " + i + " " + u, List.of(), null, null);
    }
    assertValid(
        200,
        "/section/valid-" + u,
        "/section/valid-" + u + "?page=2",
        "/ru/section/valid-" + u,
        "/ru/author/validator-" + u,
        "/?page=2");
  }

  @Test
  void givingPagesAreValidHtml() {
    long address = giving.addCryptoAddress("BTC", "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh");
    UUID reminder =
        monthly
            .create(
                "valid-" + u + "@example.org",
                "btcpay-testmode",
                org.samizdat.platform.Money.of(500, "USD"),
                org.samizdat.platform.i18n.Language.EN)
            .orElseThrow();
    try {
      assertValid(
          200,
          "/support",
          "/support/pay?frequency=monthly&amount_monthly=5&currency=USD",
          "/ru/support/pay?frequency=monthly&amount_monthly=5&currency=USD",
          "/support/monthly/" + reminder,
          "/ru/support/monthly/" + reminder);
    } finally {
      giving.deleteCryptoAddress(address);
      monthly.delete(reminder);
    }
  }

  @Test
  void searchPagesAreValidHtml() {
    for (int i = 0; i < 13; i++) {
      publish("en", "Searchable " + i + " " + u, List.of(), null, null);
    }
    publish("ru", "Поиск " + u, List.of(), null, null);
    assertValid(
        200,
        "/search",
        "/search?q=test",
        "/search?q=" + u,
        "/search?q=" + u + "&page=2",
        "/search?q=nothing-matches-" + u,
        "/ru/search?q=" + u);
  }

  @Test
  void errorPagesAreValidHtml() {
    long withdrawn = publish("en", "Withdrawn " + u, List.of(), null, null);
    String withdrawnPath = path(withdrawn);
    publishing.unpublish(withdrawn, EDITOR);

    assertValid(404, "/no/such/page");
    assertValid(410, withdrawnPath);
    assertValid(404, "/newsletter/confirm/not-a-token", "/ru/newsletter/unsubscribe/not-a-token");
  }

  @Test
  void newsroomSignInPageIsValidHtml() {
    assertValid(200, "/newsroom/login");
  }

  @Test
  void newsroomReviewAndPlanningScreensAreValidHtml() {
    WebClient admin = admin();
    for (String path :
        List.of(
            "/newsroom/planning",
            "/newsroom/review",
            "/newsroom/account",
            "/newsroom/articles?review=ready")) {
      Response r = admin.get(path);
      assertThat(r.status()).as(path).isEqualTo(200);
      assertThat(checker.errors(r.bytes())).as(path).isEmpty();
    }
  }

  long publish(
      String language, String headline, List<String> tags, Long heroImageId, Long translationOf) {
    boolean hero = heroImageId != null;
    long id =
        publishing.create(
            new ArticleDraft(
                language,
                "",
                headline,
                "Standfirst of " + headline,
                BODY,
                section,
                tags,
                List.of(author),
                heroImageId,
                hero ? "Caption " + u : "",
                hero ? "Photo: Staff" : "",
                translationOf),
            EDITOR);
    publishing.publishNow(id, EDITOR);
    return id;
  }

  String path(long id) {
    return articles.get(id).path(ZoneId.of("UTC"));
  }

  /** Fetches each page, checks its status, and fails once, listing every error on every page. */
  void assertValid(int status, String... paths) {
    Map<String, String> failures = new LinkedHashMap<>();
    for (String path : paths) {
      Response r = client().get(path);
      assertThat(r.status()).as("status of " + path).isEqualTo(status);
      assertThat(r.header("Content-Type")).as("type of " + path).startsWith("text/html");
      List<HtmlValidator.Problem> errors = checker.errors(r.bytes());
      if (!errors.isEmpty()) {
        failures.put(path, errors.stream().map(e -> "  " + e).collect(Collectors.joining("\n")));
      }
    }
    if (!failures.isEmpty()) {
      fail(
          "The W3C HTML checker found errors:\n"
              + failures.entrySet().stream()
                  .map(e -> e.getKey() + "\n" + e.getValue())
                  .collect(Collectors.joining("\n")));
    }
  }

  static byte[] jpeg() {
    BufferedImage img = new BufferedImage(1200, 800, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(0xF0, 0x80, 0x20));
    g.fillRect(0, 0, 1200, 400);
    g.setColor(new Color(0x20, 0x50, 0xC0));
    g.fillRect(0, 400, 1200, 400);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "jpg", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
