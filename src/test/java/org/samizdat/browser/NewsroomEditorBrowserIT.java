package org.samizdat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.imageio.ImageIO;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.samizdat.IntegrationTest;
import org.samizdat.SlowTest;
import org.samizdat.WebClient;
import org.samizdat.publishing.Articles;
import org.samizdat.publishing.Taxonomy;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The toolbar editor as a journalist who has never seen Markdown uses it: everything written with
 * buttons, a Google Docs paste, a photo pasted in; and the safety net: text typed into a live
 * article survives a closed tab and reaches readers only with "Update live article".
 */
@SlowTest
class NewsroomEditorBrowserIT extends IntegrationTest {

  /** A Google Docs clipboard, shortened: a wrapper b, spans with styles, a redirect link. */
  static final String GOOGLE_DOCS_HTML =
      "<meta charset=\"utf-8\"><b style=\"font-weight:normal;\" id=\"docs-internal-guid-5e1\">"
          + "<h2 dir=\"ltr\"><span style=\"font-size:16pt;font-family:Arial;font-weight:400\">From the"
          + " reporter's notes</span></h2><p dir=\"ltr\"><span style=\"font-family:Arial;color:#000\">"
          + "Sources confirmed </span><span style=\"font-weight:700\">three arrests</span><span> and"
          + " </span><a href=\"https://www.google.com/url?q=https://example.org/court?utm_source%3Ddocs"
          + "&amp;sa=D&amp;ust=1\"><span style=\"color:#1155cc\">a court filing</span></a><span>."
          + "</span></p></b>";

  @Autowired Taxonomy taxonomy;
  @Autowired Articles articles;

  String suffix;
  String authorName;
  long authorId;
  String base;

  @BeforeEach
  void setUp() {
    suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    authorName = "Nadia Toolbar " + suffix;
    authorId = taxonomy.createAuthor(authorName, "nadia-" + suffix, "");
    base = "http://127.0.0.1:" + port;
  }

  @Test
  void aWriterWhoNeverSawMarkdownWritesPastesIllustratesAndPublishesWithTheToolbarOnly()
      throws Exception {
    String headline = "The night shift at the press " + suffix;
    String path;
    try (Chromium browser = Chromium.start()) {
      WebDriver d = browser.driver();
      try {
        signIn(browser);
        d.get(base + "/newsroom/articles/new");
        WebElement rich =
            browser.waiting().until(ExpectedConditions.elementToBeClickable(By.id("rich-body")));
        assertThat(d.findElement(By.id("body")).isDisplayed())
            .as("the Markdown textarea gives way to the toolbar editor")
            .isFalse();
        d.findElement(By.id("headline")).sendKeys(headline);

        rich.click();
        d.findElement(By.id("tb-h2")).click();
        rich.sendKeys("Before dawn " + suffix);
        rich.sendKeys(Keys.ENTER);
        rich.sendKeys("Volunteers fold the pages ");
        d.findElement(By.id("tb-bold")).click();
        rich.sendKeys("before dawn");
        d.findElement(By.id("tb-bold")).click();
        rich.sendKeys(" and ");
        d.findElement(By.id("tb-italic")).click();
        rich.sendKeys("nobody");
        d.findElement(By.id("tb-italic")).click();
        rich.sendKeys(" signs anything, says the report");
        for (int i = 0; i < "the report".length(); i++) {
          rich.sendKeys(Keys.chord(Keys.SHIFT, Keys.ARROW_LEFT));
        }
        d.findElement(By.id("tb-link")).click();
        answerPrompt(browser, "https://example.org/report?utm_campaign=x");
        rich.sendKeys(Keys.END, ".", Keys.ENTER);
        d.findElement(By.id("tb-bullets")).click();
        rich.sendKeys("No water", Keys.ENTER, "No lifts", Keys.ENTER, Keys.ENTER);
        d.findElement(By.id("tb-quote")).click();
        rich.sendKeys("We will print tomorrow.");
        rich.sendKeys(Keys.ENTER);
        d.findElement(By.id("tb-quote")).click();
        d.findElement(By.id("tb-divider")).click();
        // a mistake, undone
        rich.sendKeys("oops");
        d.findElement(By.id("tb-undo")).click();

        // a paste from Google Docs
        JavascriptExecutor js = (JavascriptExecutor) d;
        js.executeScript(
            "var dt = new DataTransfer(); dt.setData('text/html', arguments[1]);"
                + " dt.setData('text/plain', 'From the reporter');"
                + " arguments[0].dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt,"
                + " bubbles: true, cancelable: true}));",
            rich,
            GOOGLE_DOCS_HTML);
        browser
            .waiting()
            .until(ExpectedConditions.textToBePresentInElement(rich, "Sources confirmed three"));

        // a photo pasted in: uploaded, stripped, described
        js.executeScript(
            "var bin = atob(arguments[1]); var bytes = new Uint8Array(bin.length);"
                + " for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);"
                + " var dt = new DataTransfer();"
                + " dt.items.add(new File([bytes], 'press.jpg', {type: 'image/jpeg'}));"
                + " arguments[0].dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt,"
                + " bubbles: true, cancelable: true}));",
            rich,
            Base64.getEncoder().encodeToString(geotaggedJpeg()));
        answerPrompt(browser, "A hand-cranked press in an attic");
        browser
            .waiting()
            .until(
                ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#rich-body img[src^='/media/']")));

        String markdown = d.findElement(By.id("body")).getDomProperty("value");
        assertThat(markdown)
            .contains(
                "## Before dawn " + suffix,
                "**before dawn**",
                "*nobody*",
                "[the report](https://example.org/report?utm_campaign=x)",
                "- No water\n- No lifts",
                "> We will print tomorrow.",
                "---",
                "## From the reporter's notes",
                "**three arrests**",
                "[a court filing](https://example.org/court)",
                "![A hand-cranked press in an attic](/media/")
            .doesNotContain("oops", "google.com", "span", "style=");

        d.findElement(
                By.xpath(
                    "//fieldset[legend='Authors']//label[contains(normalize-space(.), '"
                        + authorName
                        + "')]/input"))
            .click();
        ((JavascriptExecutor) d).executeScript("window.scrollTo(0, 0)");
        browser.screenshot("newsroom-editor-1280");
        d.manage().window().setSize(new Dimension(390, 844));
        browser.screenshot("newsroom-editor-390");
        d.manage().window().setSize(new Dimension(1280, 1600));

        d.findElement(By.id("publish")).click();
        WebElement flash =
            browser
                .waiting()
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("p.flash")));
        assertThat(flash.getText()).startsWith("Published.");
        path =
            URI.create(d.findElement(By.linkText("View on the site")).getDomProperty("href"))
                .getPath();
      } catch (Throwable t) {
        browser.screenshotQuietly("newsroom-editor-failure");
        throw t;
      }
    }

    Document page = client().get(path).html();
    var body = page.selectFirst("article .article-body");
    assertThat(body).isNotNull();
    assertThat(body.select("h2").eachText())
        .containsExactly("Before dawn " + suffix, "From the reporter's notes");
    assertThat(body.select("strong").eachText()).contains("before dawn", "three arrests");
    assertThat(body.select("em").eachText()).contains("nobody");
    assertThat(body.select("a").eachAttr("href"))
        .contains("https://example.org/report?utm_campaign=x", "https://example.org/court");
    assertThat(body.select("ul li").eachText()).containsExactly("No water", "No lifts");
    assertThat(body.select("blockquote").text()).isEqualTo("We will print tomorrow.");
    assertThat(body.select("hr")).hasSize(1);
    var img = body.selectFirst("img");
    assertThat(img.attr("alt")).isEqualTo("A hand-cranked press in an attic");
    assertThat(img.attr("srcset")).matches("/media/[a-f0-9]{24}-\\d+\\.jpg \\d+w(, .*)+");
  }

  @Test
  void textTypedIntoALiveArticleSurvivesAClosedTabAndReachesReadersOnlyOnUpdate() {
    WebClient admin = admin();
    admin.open("/newsroom/articles/new");
    Map<String, Object> form = new HashMap<>();
    form.put("language", "en");
    form.put("headline", "Lights out " + suffix);
    form.put("body", "The city went dark at nine.");
    form.put("authorIds", String.valueOf(authorId));
    form.put("action", "publish");
    var created = admin.postMultipart("/newsroom/articles", form);
    long id = Long.parseLong(created.location().replaceAll(".*/(\\d+)$", "$1"));
    String path = articles.get(id).path(ZoneId.of("UTC"));
    String editorUrl = base + "/newsroom/articles/" + id;

    try (Chromium browser = Chromium.start()) {
      WebDriver d = browser.driver();
      try {
        signIn(browser);
        String first = d.getWindowHandle();
        d.switchTo().newWindow(WindowType.TAB);
        d.get(editorUrl);
        WebElement rich =
            browser.waiting().until(ExpectedConditions.elementToBeClickable(By.id("rich-body")));
        rich.click();
        rich.sendKeys(Keys.END, " Then the mayor said");
        // the tab closes mid-sentence, before any autosave was due
        d.close();
        d.switchTo().window(first);
        try {
          // closing sends what was typed; give it a moment to land before reopening, as a person
          // would take (if it never lands, this browser's own copy is offered back below)
          Awaitility.await()
              .atMost(Duration.ofSeconds(5))
              .until(() -> articles.pendingEdit(id).isPresent());
        } catch (ConditionTimeoutException notSent) {
          // the browser-side copy below is the fallback under test then
        }

        d.get(editorUrl);
        browser.waiting().until(ExpectedConditions.elementToBeClickable(By.id("rich-body")));
        // either the server got the text as the tab closed, or this browser kept it
        browser
            .waiting()
            .until(
                x ->
                    bodyValue(x).contains("the mayor said")
                        || !x.findElements(By.id("restore-kept")).isEmpty());
        if (!bodyValue(d).contains("the mayor said")) {
          d.findElement(By.id("restore-kept")).click();
        }
        assertThat(d.findElement(By.id("rich-body")).getText()).contains("Then the mayor said");

        // carry on typing: autosave puts it in the pending edit, never on the reader's page
        WebElement again = d.findElement(By.id("rich-body"));
        again.click();
        again.sendKeys(Keys.END, " nothing.");
        browser
            .waiting()
            .until(
                ExpectedConditions.textMatches(
                    By.id("save-status"),
                    java.util.regex.Pattern.compile("^Saved at \\d{2}:\\d{2}.*not live yet.*")));
        assertThat(d.findElement(By.id("pending-notice")).getText())
            .contains("Unpublished changes");
        assertThat(articles.pendingEdit(id).orElseThrow().draft().bodyMarkdown())
            .isEqualTo("The city went dark at nine. Then the mayor said nothing.");
        assertThat(client().get(path).body())
            .contains("The city went dark at nine.")
            .doesNotContain("the mayor said");

        assertThat(d.findElement(By.id("publish")).getText()).isEqualTo("Update live article");
        d.findElement(By.id("publish")).click();
        browser
            .waiting()
            .until(
                ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector("p.flash"), "Live article updated"));
        assertThat(client().get(path).body()).contains("Then the mayor said nothing.");
        assertThat(d.findElements(By.id("pending-notice"))).isEmpty();
      } catch (Throwable t) {
        browser.screenshotQuietly("newsroom-pending-failure");
        throw t;
      }
    }
  }

  private static String bodyValue(WebDriver d) {
    return d.findElement(By.id("body")).getDomProperty("value");
  }

  private void signIn(Chromium browser) {
    WebDriver d = browser.driver();
    d.get(base + "/newsroom/login");
    d.findElement(By.id("email")).sendKeys(ADMIN_EMAIL);
    d.findElement(By.id("password")).sendKeys(ADMIN_PASSWORD);
    d.findElement(By.cssSelector("form[action='/newsroom/login'] button[type=submit]")).click();
    browser.waiting().until(ExpectedConditions.urlContains("/newsroom/articles"));
  }

  private static void answerPrompt(Chromium browser, String text) {
    var prompt = browser.waiting().until(ExpectedConditions.alertIsPresent());
    prompt.sendKeys(text);
    prompt.accept();
  }

  /** A JPEG with a GPS position in its EXIF, as a phone takes it. */
  private static byte[] geotaggedJpeg() throws Exception {
    BufferedImage image = new BufferedImage(1000, 700, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setPaint(new GradientPaint(0, 0, new Color(40, 50, 70), 1000, 700, new Color(200, 170, 120)));
    g.fillRect(0, 0, 1000, 700);
    g.dispose();
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    ImageIO.write(image, "jpeg", plain);
    TiffOutputSet exif = new TiffOutputSet();
    exif.setGpsInDegrees(37.6173, 55.7558);
    ByteArrayOutputStream tagged = new ByteArrayOutputStream();
    new ExifRewriter().updateExifMetadataLossless(plain.toByteArray(), tagged, exif);
    return tagged.toByteArray();
  }
}
