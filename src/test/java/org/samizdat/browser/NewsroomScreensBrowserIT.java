package org.samizdat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.samizdat.IntegrationTest;
import org.samizdat.SlowTest;
import org.samizdat.WebClient;
import org.samizdat.WebClient.FilePart;
import org.samizdat.WebClient.Response;
import org.samizdat.platform.Money;
import org.samizdat.platform.security.AppSecrets;
import org.samizdat.publishing.Taxonomy;
import org.samizdat.revenue.Frequency;
import org.samizdat.revenue.PaymentEvent;
import org.samizdat.revenue.TestModeWebhooks;
import org.samizdat.site.HtmlValidator;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every newsroom screen an admin can open, at a desktop's 1280 px and a phone's 390 px: no axe-core
 * violation, no sideways scrolling, and valid HTML, like the reader's pages. Screenshots of each at
 * 390 px land in target/screenshots/newsroom-390-*.png.
 */
@SlowTest
class NewsroomScreensBrowserIT extends IntegrationTest {

  @Autowired Taxonomy taxonomy;
  @Autowired AppSecrets secrets;

  /** axe-core 4.10, from the com.deque.html.axe-core jar (test scope, script only). */
  static String axeScript() throws IOException {
    try (InputStream in = NewsroomScreensBrowserIT.class.getResourceAsStream("/axe.min.js")) {
      assertThat(in).as("axe.min.js on the test class path").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Runs axe on the page the browser shows; one line per violation, empty when there is none. */
  static List<String> axeViolations(WebDriver d, String axe) {
    JavascriptExecutor js = (JavascriptExecutor) d;
    js.executeScript(axe);
    Object result =
        js.executeAsyncScript(
            """
            var done = arguments[arguments.length - 1];
            axe.run(document, {resultTypes: ['violations']}).then(function (r) {
              done(r.violations.map(function (v) {
                return v.id + ' (' + v.impact + '): ' + v.help + ' at '
                  + v.nodes.slice(0, 4).map(function (n) { return n.target.join(' '); }).join(' | ');
              }));
            }, function (e) { done(['axe failed: ' + e]); });
            """);
    List<String> lines = new ArrayList<>();
    for (Object o : (List<?>) result) {
      lines.add(String.valueOf(o));
    }
    return lines;
  }

  static long overflow(WebDriver d) {
    return ((Number)
            ((JavascriptExecutor) d)
                .executeScript(
                    "return document.documentElement.scrollWidth"
                        + " - document.documentElement.clientWidth;"))
        .longValue();
  }

  private static long idFrom(Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(302);
    return Long.parseLong(r.location().replaceAll(".*/newsroom/articles/(\\d+).*$", "$1"));
  }

  /** The first link on a list page that matches, to reach a detail screen. */
  private static String firstLink(WebClient admin, String list, String cssQuery) {
    Element a = admin.get(list).html().selectFirst(cssQuery);
    return a == null ? null : a.attr("href");
  }

  @Test
  void everyNewsroomScreenIsAccessibleValidAndFitsAPhone() throws Exception {
    String u = UUID.randomUUID().toString().substring(0, 8);
    long authorId =
        taxonomy.createAuthor(
            "Konstantin Konstantinopolsky-Werkhovensky, Special Correspondent " + u,
            "konstantin-" + u,
            "");
    taxonomy.createSection("regions-" + u, "Regions " + u, "Регионы " + u, 80);
    WebClient admin = admin();
    admin.open("/newsroom/articles/new");
    Map<String, Object> f = new HashMap<>();
    f.put("language", "en");
    f.put("headline", "Tram drivers strike at dawn across the whole city network " + u);
    f.put("standfirst", "Nobody came to work, and the depots stayed shut.");
    f.put(
        "body",
        "## What happened\n\nDrivers stopped at dawn.\n\n- one\n- two\n\n> A quote from a driver.");
    f.put("authorIds", String.valueOf(authorId));
    f.put("tags", "strikes, transport");
    f.put("heroAlt", "Empty tram depot");
    f.put("heroFile", new FilePart("depot.jpg", "image/jpeg", photo()));
    f.put("action", "publish");
    long published = idFrom(admin.postMultipart("/newsroom/articles", f));
    admin.open("/newsroom/articles/" + published);
    f.remove("heroFile");
    f.put("action", "save");
    f.put("body", "## What happened\n\nDrivers stopped at dawn; the mayor called.");
    f.put("version", String.valueOf(versionOf(admin, published)));
    f.put(
        "heroImageId",
        admin
            .get("/newsroom/articles/" + published)
            .html()
            .select("input[name=heroImageId]")
            .attr("value"));
    admin.postMultipart("/newsroom/articles/" + published, f);
    // live coverage with a summary and an update, photo included, so the live desk shows every form
    admin.open("/newsroom/articles/" + published + "/live");
    admin.post("/newsroom/articles/" + published + "/live/start", Map.of());
    admin.post(
        "/newsroom/articles/" + published + "/live/summary",
        Map.of("summary", "**Key points:** no trams since dawn."));
    admin.postMultipart(
        "/newsroom/articles/" + published + "/live/updates",
        new HashMap<>(
            Map.of(
                "text",
                "Drivers gathered at the depot gate.",
                "image",
                new FilePart("gate.jpg", "image/jpeg", photo()),
                "imageAlt",
                "Drivers at the depot gate")));

    // A gift recorded by hand and a draft experiment, so their own screens exist to visit.
    admin.open("/newsroom/revenue/offline-gift");
    Response gift =
        admin.post(
            "/newsroom/revenue/offline-gift",
            Map.of(
                "email",
                "reader-" + u + "@example.org",
                "amount",
                "25",
                "currency",
                "USD",
                "date",
                java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1).toString()));
    assertThat(gift.status()).as(gift.body()).isEqualTo(302);
    admin.open("/newsroom/revenue/experiments");
    Map<String, String> experimentForm = new LinkedHashMap<>();
    experimentForm.put("name", "Urgency in the appeal, a long experiment name for a phone " + u);
    experimentForm.put("placement", "support");
    experimentForm.put("allocation", "FIXED");
    experimentForm.put("floor", "5");
    experimentForm.put("v0.name", "Control");
    experimentForm.put("v0.split", "50");
    experimentForm.put("v1.name", "Urgent");
    experimentForm.put("v1.headingEn", "We are running out of time");
    experimentForm.put("v1.headingRu", "У нас мало времени");
    experimentForm.put("v1.copyEn", "Every month we need **{goal}**. Give now.");
    experimentForm.put("v1.copyRu", "Каждый месяц нам нужно **{goal}**.");
    experimentForm.put("v1.buttonEn", "Give now");
    experimentForm.put("v1.buttonRu", "Помочь сейчас");
    experimentForm.put("v1.frequency", "monthly");
    experimentForm.put("v1.suggested", "3, 7, 15");
    experimentForm.put("v1.preselected", "2");
    experimentForm.put("v1.split", "50");
    Response experimentCreated = admin.post("/newsroom/revenue/experiments", experimentForm);
    assertThat(experimentCreated.status()).as(experimentCreated.body()).isEqualTo(302);

    // Hostile data of its own, whatever ran before in this JVM (HostileInputIT leaves the same): a
    // signed payment whose address and references are one 10,000-character word, for the ledger
    // and the contribution's screen, and a sign-in attempt with such an address, for the audit log.
    // Tables must wrap them, not scroll 100,000 px sideways.
    String word = "W".repeat(10_000) + u;
    var payment =
        new TestModeWebhooks(secrets, port)
            .send(
                new PaymentEvent.CheckoutCompleted(
                    "evt_screens_" + u,
                    java.time.Instant.now(),
                    null,
                    word + "@example.test",
                    new Money(1000, java.util.Currency.getInstance("USD")),
                    Frequency.ONCE,
                    "cus_" + word,
                    null,
                    "pi_" + word));
    assertThat(payment.statusCode()).as(payment.body()).isEqualTo(200);
    WebClient stranger = client();
    stranger.open("/newsroom/login");
    assertThat(
            stranger
                .post("/newsroom/login", Map.of("email", word, "password", "not the password"))
                .location())
        .contains("error");

    Map<String, String> screens = new LinkedHashMap<>();
    screens.put("articles", "/newsroom/articles");
    screens.put("articles-trash", "/newsroom/articles?trash=true");
    screens.put("new", "/newsroom/articles/new");
    screens.put("edit", "/newsroom/articles/" + published);
    screens.put("revisions", "/newsroom/articles/" + published + "/revisions");
    String compare =
        firstLink(admin, "/newsroom/articles/" + published + "/revisions", "a[href*=/compare]");
    screens.put(
        "compare", compare != null ? compare : "/newsroom/articles/" + published + "/compare");
    screens.put("live", "/newsroom/articles/" + published + "/live");
    screens.put("review", "/newsroom/review");
    screens.put("planning", "/newsroom/planning");
    screens.put("sections", "/newsroom/sections");
    screens.put("authors", "/newsroom/authors");
    screens.put("tags", "/newsroom/tags");
    screens.put("staff", "/newsroom/staff");
    screens.put("account", "/newsroom/account");
    screens.put("audit", "/newsroom/audit");
    screens.put("export", "/newsroom/export");
    screens.put("mirrors", "/newsroom/mirrors");
    screens.put("newsletter", "/newsroom/newsletter");
    screens.put("revenue", "/newsroom/revenue");
    screens.put("contributions", "/newsroom/revenue/contributions");
    String contribution =
        firstLink(
            admin, "/newsroom/revenue/contributions", "a[href^=/newsroom/revenue/contributions/]");
    assertThat(contribution).as("a contribution's own screen").isNotNull();
    screens.put("contribution", contribution);
    screens.put("experiments", "/newsroom/revenue/experiments");
    screens.put("experiment", experimentCreated.location().replaceAll("^https?://[^/]+", ""));
    screens.put("giving", "/newsroom/revenue/giving");
    screens.put("offline-gift", "/newsroom/revenue/offline-gift");
    screens.put("rates", "/newsroom/revenue/rates");
    screens.put("payment-reviews", "/newsroom/revenue/reviews");
    screens.put("revenue-settings", "/newsroom/revenue/settings");
    screens.put("unmatched", "/newsroom/revenue/unmatched");

    List<String> problems = new ArrayList<>();
    HtmlValidator checker = new HtmlValidator();
    for (Map.Entry<String, String> screen : screens.entrySet()) {
      Response r = admin.get(screen.getValue());
      if (r.status() != 200) {
        problems.add(screen.getKey() + " " + screen.getValue() + ": HTTP " + r.status());
        continue;
      }
      for (HtmlValidator.Problem p : checker.errors(r.bytes())) {
        problems.add(screen.getKey() + ": invalid HTML " + p);
      }
    }
    Response login = client().get("/newsroom/login");
    for (HtmlValidator.Problem p : checker.errors(login.bytes())) {
      problems.add("login: invalid HTML " + p);
    }

    String base = "http://127.0.0.1:" + port;
    String axe = axeScript();
    try (Chromium browser = Chromium.start()) {
      WebDriver d = browser.driver();
      try {
        for (int width : new int[] {1280, 390}) {
          d.manage().deleteAllCookies();
          d.manage().window().setSize(new Dimension(width, width == 390 ? 844 : 1000));
          d.get(base + "/newsroom/login");
          check(browser, "login", width, axe, problems);
          d.findElement(By.id("email")).sendKeys(ADMIN_EMAIL);
          d.findElement(By.id("password")).sendKeys(ADMIN_PASSWORD);
          d.findElement(By.cssSelector("form[action='/newsroom/login'] button[type=submit]"))
              .click();
          browser.waiting().until(ExpectedConditions.urlContains("/newsroom/articles"));
          for (Map.Entry<String, String> screen : screens.entrySet()) {
            d.get(base + screen.getValue());
            check(browser, screen.getKey(), width, axe, problems);
          }
        }
      } catch (RuntimeException | AssertionError t) {
        browser.screenshotQuietly("newsroom-screens-failure");
        throw t;
      }
    }
    assertThat(problems).as("problems on the newsroom's screens").isEmpty();
  }

  private static void check(
      Chromium browser, String name, int width, String axe, List<String> problems) {
    WebDriver d = browser.driver();
    browser
        .waiting()
        .until(
            x ->
                "complete"
                    .equals(((JavascriptExecutor) x).executeScript("return document.readyState;")));
    if (width == 390) {
      long inner =
          ((Number) ((JavascriptExecutor) d).executeScript("return window.innerWidth;"))
              .longValue();
      if (inner != 390) {
        problems.add(name + ": the window is " + inner + " px wide, not 390");
      }
      // the screen's own content, below the navigation and the notices
      ((JavascriptExecutor) d)
          .executeScript(
              "var h = document.querySelector('main h1, h1'); if (h) h.scrollIntoView();");
      browser.screenshot("newsroom-390-" + name);
      ((JavascriptExecutor) d).executeScript("window.scrollTo(0, 0);");
    }
    long over = overflow(d);
    if (over > 0) {
      problems.add(
          name + " at " + width + " px: scrolls " + over + " px sideways, widest: " + widest(d));
    }
    for (String v : axeViolations(d, axe)) {
      problems.add(name + " at " + width + " px: " + v);
    }
  }

  /** The outermost elements that stick out past the window's right edge, to say what to fix. */
  static Object widest(WebDriver d) {
    return ((JavascriptExecutor) d)
        .executeScript(
            """
            var w = document.documentElement.clientWidth, out = [];
            document.querySelectorAll('body *').forEach(function (e) {
              var r = e.getBoundingClientRect();
              if (e.scrollWidth > e.clientWidth + 1 && r.right + e.scrollWidth - e.clientWidth > w + 1
                  && getComputedStyle(e).overflowX === 'visible') {
                out.push('text in ' + e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.trim() : '')
                  + ' ' + e.scrollWidth + 'px');
              }
              if (r.right > w + 1 && !(e.parentElement && e.parentElement.getBoundingClientRect().right > w + 1)) {
                out.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                  + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().replace(/\\s+/g, '.') : '')
                  + ' ' + Math.round(r.width) + 'px');
              }
            });
            return out.slice(0, 6).join(', ');
            """);
  }

  private static long versionOf(WebClient admin, long id) {
    return Long.parseLong(
        admin.get("/newsroom/articles/" + id).html().select("input[name=version]").attr("value"));
  }

  private static byte[] photo() throws IOException {
    java.awt.image.BufferedImage img =
        new java.awt.image.BufferedImage(1000, 600, java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = img.createGraphics();
    g.setPaint(
        new java.awt.GradientPaint(0, 0, java.awt.Color.ORANGE, 1000, 600, java.awt.Color.BLUE));
    g.fillRect(0, 0, 1000, 600);
    g.dispose();
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(img, "jpg", out);
    return out.toByteArray();
  }
}
