package org.samizdat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.samizdat.IntegrationTest;
import org.samizdat.SlowTest;
import org.samizdat.WebClient;
import org.samizdat.publishing.Taxonomy;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A whole review round as two new staff members do it in the browser: an author writes a draft and
 * asks for review; an editor finds it counted in the navigation, sends it back with a note; the
 * author reads the note, fixes the text and asks again; the editor publishes and the reader's page
 * shows the fixed text. The queue works at 390 px wide too.
 */
@SlowTest
class ReviewRoundBrowserIT extends IntegrationTest {

  static final String PASSWORD = "review-round-password-123";

  @Autowired Taxonomy taxonomy;

  @Test
  void anAuthorAsksForReviewAnEditorSendsItBackTheAuthorFixesItAndTheEditorPublishes() {
    String u = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    long authorId = taxonomy.createAuthor("Rita Reporter " + u, "rita-" + u, "");
    // a newsroom of ten years has long names in its filters: they must not widen a phone's screen
    taxonomy.createAuthor(
        "Konstantin Konstantinopolsky-Werkhovensky, Special Correspondent for the Far East " + u,
        "konstantin-" + u,
        "");
    String authorEmail = "rita-" + u + "@samizdat.test";
    String editorEmail = "egor-" + u + "@samizdat.test";
    WebClient admin = admin();
    admin.open("/newsroom/staff");
    assertThat(
            admin
                .post(
                    "/newsroom/staff",
                    Map.of(
                        "email",
                        authorEmail,
                        "displayName",
                        "Rita Reporter " + u,
                        "password",
                        PASSWORD,
                        "role",
                        "AUTHOR",
                        "authorId",
                        String.valueOf(authorId)))
                .status())
        .isEqualTo(302);
    admin.open("/newsroom/staff");
    assertThat(
            admin
                .post(
                    "/newsroom/staff",
                    Map.of(
                        "email",
                        editorEmail,
                        "displayName",
                        "Egor Editor " + u,
                        "password",
                        PASSWORD,
                        "role",
                        "EDITOR"))
                .status())
        .isEqualTo(302);

    String headline = "Strike at the tram depot " + u;
    String base = "http://127.0.0.1:" + port;
    try (Chromium browser = Chromium.start()) {
      WebDriver d = browser.driver();
      try {
        // the author writes a draft and asks for review
        signIn(browser, base, authorEmail);
        d.get(base + "/newsroom/articles/new");
        WebElement rich =
            browser.waiting().until(ExpectedConditions.elementToBeClickable(By.id("rich-body")));
        d.findElement(By.id("headline")).sendKeys(headline);
        rich.click();
        rich.sendKeys("Drivers stopped at dawn and nobody came.");
        click(d, By.id("ready-for-review"));
        assertThat(flash(browser)).startsWith("Sent for review");
        assertThat(d.findElement(By.id("review-state")).getText()).contains("Ready for review");
        assertThat(d.findElements(By.id("ready-for-review")))
            .as("asked once, the button is gone until the editor answers")
            .isEmpty();
        String editorUrl = d.getCurrentUrl();
        signOut(d);

        // the editor sees it counted in the navigation and queued, at 390 px too
        signIn(browser, base, editorEmail);
        assertThat(d.findElement(By.cssSelector("#nav-review .count")).getText())
            .matches("[1-9]\\d*");
        d.findElement(By.id("nav-review")).click();
        browser.waiting().until(ExpectedConditions.urlContains("/newsroom/review"));
        d.manage().window().setSize(new Dimension(390, 844));
        assertNoHorizontalScroll(d, "review queue");
        browser.screenshot("newsroom-review-390");
        d.findElement(By.id("nav-planning")).click();
        browser.waiting().until(ExpectedConditions.urlContains("/newsroom/planning"));
        assertThat(d.findElement(By.id("planning-zone")).getText()).contains("UTC");
        assertNoHorizontalScroll(d, "planning");
        browser.screenshot("newsroom-planning-390");
        d.get(base + "/newsroom/articles?review=ready");
        assertThat(d.findElement(By.tagName("table")).getText()).contains(headline);
        assertNoHorizontalScroll(d, "article list filtered by review state");
        d.get(base + "/newsroom/review");
        d.manage().window().setSize(new Dimension(1280, 1600));
        WebElement queued = d.findElement(By.cssSelector(".review-queue"));
        assertThat(queued.getText()).contains(headline, "Asked by Rita Reporter " + u);
        d.findElement(By.linkText(headline)).click();
        browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("note")));
        d.findElement(By.id("note")).sendKeys("Say how many drivers and which depot.");
        click(d, By.id("send-back"));
        assertThat(flash(browser)).startsWith("Sent back");
        signOut(d);

        // the author reads the note, fixes the text, asks again
        signIn(browser, base, authorEmail);
        d.get(editorUrl);
        assertThat(
                browser
                    .waiting()
                    .until(ExpectedConditions.visibilityOfElementLocated(By.id("review-note")))
                    .getText())
            .isEqualTo("Say how many drivers and which depot.");
        rich = browser.waiting().until(ExpectedConditions.elementToBeClickable(By.id("rich-body")));
        rich.click();
        rich.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        rich.sendKeys("About 140 drivers at the Lenin depot stopped at dawn and nobody came.");
        click(d, By.id("ready-for-review"));
        assertThat(flash(browser)).startsWith("Sent for review");
        assertThat(d.findElements(By.id("review-note"))).isEmpty();
        signOut(d);

        // the editor sees what changed and publishes
        signIn(browser, base, editorEmail);
        d.get(editorUrl);
        d.findElement(By.linkText("See the latest changes")).click();
        browser.waiting().until(ExpectedConditions.urlContains("/compare"));
        assertThat(d.findElement(By.cssSelector("pre.diff")).getText())
            .contains("140 drivers at the Lenin depot");
        d.get(editorUrl);
        click(
            d, browser.waiting().until(ExpectedConditions.elementToBeClickable(By.id("publish"))));
        assertThat(flash(browser)).startsWith("Published.");
        String path =
            URI.create(d.findElement(By.linkText("View on the site")).getDomProperty("href"))
                .getPath();
        d.get(base + "/newsroom/review");
        assertThat(d.findElement(By.tagName("main")).getText()).doesNotContain(headline);

        // the reader sees the fixed text
        d.manage().deleteAllCookies();
        d.get(base + path);
        assertThat(d.findElement(By.cssSelector("article")).getText())
            .contains(headline, "About 140 drivers at the Lenin depot")
            .doesNotContain("Drivers stopped at dawn");
      } catch (Throwable t) {
        browser.screenshotQuietly("newsroom-review-round-failure");
        throw t;
      }
    }
  }

  private static void signIn(Chromium browser, String base, String email) {
    WebDriver d = browser.driver();
    d.get(base + "/newsroom/login");
    d.findElement(By.id("email")).sendKeys(email);
    d.findElement(By.id("password")).sendKeys(PASSWORD);
    d.findElement(By.cssSelector("form[action='/newsroom/login'] button[type=submit]")).click();
    browser.waiting().until(ExpectedConditions.urlContains("/newsroom/articles"));
  }

  private static void signOut(WebDriver d) {
    d.manage().deleteAllCookies();
  }

  private static void click(WebDriver d, By by) {
    click(d, d.findElement(by));
  }

  private static void click(WebDriver d, WebElement element) {
    ((JavascriptExecutor) d)
        .executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
    element.click();
  }

  private static String flash(Chromium browser) {
    return browser
        .waiting()
        .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("p.flash")))
        .getText();
  }

  private static void assertNoHorizontalScroll(WebDriver d, String screen) {
    Object overflow =
        ((JavascriptExecutor) d)
            .executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
    assertThat(((Number) overflow).longValue()).as(screen + " scrolls sideways at 390 px").isZero();
  }
}
