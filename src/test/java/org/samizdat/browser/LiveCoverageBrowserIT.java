package org.samizdat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.samizdat.IntegrationTest;
import org.samizdat.SlowTest;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.publishing.Actor;
import org.samizdat.publishing.ArticleDraft;
import org.samizdat.publishing.Articles;
import org.samizdat.publishing.LiveUpdates;
import org.samizdat.publishing.Publishing;
import org.samizdat.publishing.Taxonomy;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A reader keeps a live page open while the newsroom posts three updates: each appears on top
 * without a reload (the page's script asks every {@code samizdat.live.poll-seconds}, 2 s in tests),
 * and the page says so when the coverage ends. The same on a 390 px phone, where an editor posts
 * the updates from the live desk on a phone too, and neither page scrolls sideways.
 */
@SlowTest
class LiveCoverageBrowserIT extends IntegrationTest {

  static final Actor DESK = new Actor(0, "Night Desk");

  @Autowired Publishing publishing;
  @Autowired Articles articles;
  @Autowired Taxonomy taxonomy;
  @Autowired LiveUpdates live;
  @Autowired PlatformSettings settings;

  long liveArticle(String headline, long byline) {
    long id =
        publishing.create(
            new ArticleDraft(
                "en",
                "",
                headline,
                "The lights went out across the city at noon.",
                "What we know so far.",
                null,
                List.of(),
                List.of(byline),
                null,
                null,
                null,
                null),
            DESK);
    publishing.publishNow(id, DESK);
    live.start(id, DESK);
    return id;
  }

  @Test
  void aReaderSeesThreeUpdatesArriveWithoutReloadingThenTheEnd() throws Exception {
    String u = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    long byline = taxonomy.createAuthor("Vera Live " + u, "vera-live-" + u, "");
    long id = liveArticle("Blackout in the capital " + u, byline);
    String base = "http://127.0.0.1:" + port;
    try (Chromium reader = Chromium.start()) {
      WebDriver d = reader.driver();
      try {
        d.get(base + articles.get(id).path(settings.timeZone()));
        assertThat(d.findElement(By.id("live-badge")).getText()).isEqualTo("LIVE");
        markPage(d);
        String[] texts = {
          "Power is back in the **north**.",
          "Trams are running again.",
          "The mayor will speak at 6."
        };
        for (String text : texts) {
          long updateId = live.addUpdate(id, text, null, DESK);
          WebElement top = newestShown(reader, updateId);
          assertThat(top.getText()).contains(text.replace("**", ""), "Night Desk");
        }
        assertThat(shownIds(d)).hasSize(3);
        assertThat(d.findElements(By.id("live-none"))).isEmpty();
        assertThat(d.findElement(By.id("live-status")).getText()).isEqualTo("1 new update");
        assertThat(stillTheSamePage(d)).as("no reload").isTrue();
        assertThat(NewsroomScreensBrowserIT.axeViolations(d, NewsroomScreensBrowserIT.axeScript()))
            .as("axe-core on a live page with updates that arrived")
            .isEmpty();
        reader.screenshot("live-page-1280");

        live.end(id, DESK);
        // a later poll brings the end; on a busy machine that takes longer than the default 15 s
        reader
            .waiting(Duration.ofSeconds(40))
            .until(ExpectedConditions.invisibilityOfElementLocated(By.id("live-badge")));
        assertThat(d.findElement(By.id("live-title")).getDomProperty("textContent"))
            .startsWith("Live coverage ended at");
        assertThat(stillTheSamePage(d)).isTrue();
      } catch (Throwable t) {
        reader.screenshotQuietly("live-page-failure");
        throw t;
      }
    }
  }

  @Test
  void onAPhoneAnEditorPostsFromTheDeskAndTheReaderSeesItWithoutReloading() throws Exception {
    String u = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    long byline = taxonomy.createAuthor("Pavel Phone " + u, "pavel-phone-" + u, "");
    long id =
        liveArticle(
            "Strike at the Kirovsky works, with a very long headline that has to wrap " + u,
            byline);
    String base = "http://127.0.0.1:" + port;
    try (Chromium reader = Chromium.start();
        Chromium editor = Chromium.start()) {
      WebDriver r = reader.driver();
      WebDriver e = editor.driver();
      try {
        r.manage().window().setSize(new Dimension(390, 844));
        e.manage().window().setSize(new Dimension(390, 844));
        r.get(base + articles.get(id).path(settings.timeZone()));
        markPage(r);

        e.get(base + "/newsroom/login");
        e.findElement(By.id("email")).sendKeys(ADMIN_EMAIL);
        e.findElement(By.id("password")).sendKeys(ADMIN_PASSWORD);
        e.findElement(By.cssSelector("form[action='/newsroom/login'] button[type=submit]")).click();
        editor.waiting().until(ExpectedConditions.urlContains("/newsroom/articles"));
        e.get(base + "/newsroom/articles/" + id);
        e.findElement(By.id("live-desk")).click();
        editor.waiting().until(ExpectedConditions.urlContains("/live"));
        assertNoHorizontalScroll(e, "live desk");

        String[] texts = {
          "Pickets at gate 3 since dawn; https://example.org/a-very-long-address-that-must-not-widen-the-page-at-all",
          "Police arrived at 9:40.",
          "The director agreed to talk."
        };
        for (String text : texts) {
          WebElement box = e.findElement(By.id("text"));
          box.sendKeys(text);
          click(e, e.findElement(By.id("post-update")));
          // the desk's page is replaced by the one after posting: until then the flash found
          // may be the previous update's, gone a moment later (a stale element, once in CI)
          editor.waiting().until(ExpectedConditions.stalenessOf(box));
          assertThat(
                  editor
                      .waiting()
                      .until(
                          ExpectedConditions.visibilityOfElementLocated(By.cssSelector("p.flash")))
                      .getText())
              .isEqualTo("Update posted.");
          long updateId = Long.parseLong(e.getCurrentUrl().replaceAll(".*#update-(\\d+)$", "$1"));
          WebElement top = newestShown(reader, updateId);
          assertThat(top.getText()).contains(text.substring(0, 12));
        }
        assertNoHorizontalScroll(e, "live desk with three updates");
        editor.screenshot("live-desk-390");
        assertThat(shownIds(r)).hasSize(3);
        assertThat(stillTheSamePage(r)).as("no reload").isTrue();
        assertNoHorizontalScroll(r, "live page");
        assertThat(NewsroomScreensBrowserIT.axeViolations(r, NewsroomScreensBrowserIT.axeScript()))
            .as("axe-core on the live page at 390 px")
            .isEmpty();
        ((JavascriptExecutor) r)
            .executeScript("document.getElementById('live-heading').scrollIntoView()");
        reader.screenshot("live-page-390");
      } catch (Throwable t) {
        reader.screenshotQuietly("live-page-390-failure");
        editor.screenshotQuietly("live-desk-390-failure");
        throw t;
      }
    }
  }

  /** Waits (a few poll intervals at most) until the update is the first one the page shows. */
  private static WebElement newestShown(Chromium browser, long updateId) {
    return browser
        .waiting(Duration.ofSeconds(20))
        .until(
            d -> {
              List<WebElement> shown = d.findElements(By.cssSelector("#live-updates .live-update"));
              return !shown.isEmpty()
                      && shown.get(0).getDomAttribute("id").equals("update-" + updateId)
                  ? shown.get(0)
                  : null;
            });
  }

  private static List<String> shownIds(WebDriver d) {
    return d.findElements(By.cssSelector("#live-updates .live-update")).stream()
        .map(el -> el.getDomAttribute("id"))
        .toList();
  }

  /** A mark only this very page holds: a reload would lose it. */
  private static void markPage(WebDriver d) {
    ((JavascriptExecutor) d).executeScript("window.samizdatTestMark = 'still here';");
  }

  private static boolean stillTheSamePage(WebDriver d) {
    return "still here"
        .equals(((JavascriptExecutor) d).executeScript("return window.samizdatTestMark;"));
  }

  private static void click(WebDriver d, WebElement element) {
    ((JavascriptExecutor) d)
        .executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
    element.click();
  }

  private static void assertNoHorizontalScroll(WebDriver d, String screen) {
    Object overflow =
        ((JavascriptExecutor) d)
            .executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
    assertThat(((Number) overflow).longValue()).as(screen + " scrolls sideways at 390 px").isZero();
  }
}
