package org.samizdat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.samizdat.IntegrationTest;
import org.samizdat.SlowTest;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.publishing.Actor;
import org.samizdat.publishing.ArticleDraft;
import org.samizdat.publishing.Articles;
import org.samizdat.publishing.Image;
import org.samizdat.publishing.MediaLibrary;
import org.samizdat.publishing.Publishing;
import org.samizdat.publishing.Taxonomy;
import org.samizdat.reach.export.ExportReport;
import org.samizdat.reach.export.StaticExport;
import org.samizdat.site.SiteSettings;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The static copy as a reader gets it on a USB stick: opened from file:// in a browser with no
 * server behind it. The article shows with its photo and styles, "Read more" leads to the next
 * story inside the copy, and giving leads to the main site's support route. Nothing the copy does
 * reaches any host, the main site included: a recording proxy catches whatever tries, and
 * Chromium's network log lists only files of the copy.
 */
@SlowTest
class ExportedCopyBrowserIT extends IntegrationTest {

  static final Actor EDITOR = new Actor(0, "ExportedCopyBrowserIT");
  static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired Publishing publishing;
  @Autowired Articles articles;
  @Autowired Taxonomy taxonomy;
  @Autowired MediaLibrary media;
  @Autowired StaticExport export;
  @Autowired PlatformSettings platform;
  @Autowired SiteSettings site;

  @TempDir Path copy;

  @Test
  void aReaderOpensTheCopyFromDiskReadsOnAndFindsWhereToGive() throws IOException {
    String u = UUID.randomUUID().toString().substring(0, 8);
    long author = taxonomy.createAuthor("Courier " + u, "courier-" + u, "");
    long section = taxonomy.createSection("paper-" + u, "Paper " + u, "Бумага " + u, 70);
    Image photo = media.store(png(), "Stacks of newsprint " + u);
    String firstHeadline = "Rivers of paper " + u;
    String nextHeadline = "Paper boats " + u;
    long first =
        publish(
            new ArticleDraft(
                "en",
                "",
                firstHeadline,
                "How the copies travel.",
                "The first story.\n\nIts second paragraph.",
                section,
                List.of("paper " + u),
                List.of(author),
                photo.id(),
                "Newsprint " + u,
                "Photo: staff",
                null));
    long next =
        publish(
            new ArticleDraft(
                "en",
                "",
                nextHeadline,
                "Another way out.",
                "The next story.",
                section,
                List.of("paper " + u),
                List.of(author),
                null,
                "",
                "",
                null));

    ExportReport report = export.export(copy);
    assertThat(report.ok()).as(report.summary()).isTrue();
    Path firstPage =
        copy.resolve(articles.get(first).path(platform.timeZone()).substring(1))
            .resolve("index.html");
    Path nextPage =
        copy.resolve(articles.get(next).path(platform.timeZone()).substring(1))
            .resolve("index.html");

    try (RecordingProxy proxy = RecordingProxy.start();
        Chromium reader = Chromium.start(options -> throughProxy(options, proxy))) {
      WebDriver d = reader.driver();
      try {
        proxyIsInTheWay(reader, proxy);
        d.get(firstPage.toUri().toString());
        waitForFile(reader, firstPage);
        assertThat(d.getCurrentUrl()).startsWith("file:///");
        assertThat(d.findElement(By.cssSelector("article.article h1")).getText())
            .isEqualTo(firstHeadline);
        WebElement hero = d.findElement(By.cssSelector("article.article figure.hero img"));
        JavascriptExecutor js = (JavascriptExecutor) d;
        reader
            .waiting()
            .until(
                x ->
                    (Boolean)
                        js.executeScript(
                            "return arguments[0].complete && arguments[0].naturalWidth > 0;",
                            hero));
        assertThat((String) js.executeScript("return arguments[0].currentSrc;", hero))
            .startsWith(copy.toUri() + "media/");
        assertThat(
                js.executeScript(
                    "return getComputedStyle(document.querySelector('a.skip')).position;"))
            .as("the copy's stylesheet applies")
            .isEqualTo("absolute");
        reader.screenshot("export-article");

        // Giving happens on the main site: the copy's links say so, and nothing is loaded from
        // there.
        String base = site.baseUrl();
        assertThat(d.findElement(By.cssSelector("a.support-button")).getDomAttribute("href"))
            .isEqualTo(base + "/support");
        assertThat(
                d.findElement(By.cssSelector("section#appeal form.appeal-form"))
                    .getDomAttribute("action"))
            .isEqualTo(base + "/support/pay");
        assertThat(d.findElements(By.cssSelector(".testmode-flag"))).isEmpty();

        WebElement readMore =
            reader
                .waiting()
                .until(
                    ExpectedConditions.elementToBeClickable(
                        By.xpath(
                            "//section[contains(@class,'read-more')]//a[normalize-space(.)='"
                                + nextHeadline
                                + "']")));
        assertThat(readMore.getDomAttribute("href"))
            .isEqualTo("../" + nextPage.getParent().getFileName() + "/index.html");
        readMore.click();
        waitForFile(reader, nextPage);
        assertThat(d.findElement(By.cssSelector("article.article h1")).getText())
            .isEqualTo(nextHeadline);
        reader.screenshot("export-read-more");

        d.findElement(By.cssSelector("a.brand")).click();
        waitForFile(reader, copy.resolve("index.html"));
        assertThat(d.findElements(By.xpath("//main//a[normalize-space(.)='" + nextHeadline + "']")))
            .isNotEmpty();
        assertThat(d.manage().getCookies()).isEmpty();

        Set<String> requested = requestedUrls(d);
        assertThat(requested)
            .as("Chromium's network log")
            .contains(copy.toUri() + "css/site.css", copy.toUri() + "js/site.js")
            .anyMatch(url -> url.startsWith(copy.toUri() + "media/"));
        assertThat(requested)
            .as("requests for anything but the copy's own files")
            .allMatch(
                url ->
                    url.startsWith("file:///")
                        || url.startsWith("data:")
                        || url.startsWith("about:")
                        || url.startsWith("chrome:"));
        assertThat(proxy.requests()).as("requests that tried to leave this machine").isEmpty();
      } catch (Throwable t) {
        reader.screenshotQuietly("export-failure");
        throw t;
      }
    }
  }

  /**
   * Everything off loopback goes to the recording proxy (the last --proxy-server wins), with the
   * network log on.
   */
  private static void throughProxy(ChromeOptions options, RecordingProxy proxy) {
    options.addArguments(
        "--proxy-server=http://127.0.0.1:" + proxy.port(),
        "--disable-features=NetworkTimeServiceQuerying,OptimizationHints,AutofillServerCommunication",
        "--gaia-url=http://127.0.0.1:9",
        "--google-apis-url=http://127.0.0.1:9",
        "--lso-url=http://127.0.0.1:9",
        "--component-updater=url-source=http://127.0.0.1:9/");
    options.setExperimentalOption(
        "prefs",
        Map.of(
            "net.network_prediction_options",
            2,
            "default_search_provider_data.template_url_data",
            Map.of(
                "keyword",
                "nowhere",
                "short_name",
                "Nowhere",
                "url",
                "http://127.0.0.1:9/?q={searchTerms}")));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.PERFORMANCE, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
  }

  /**
   * A request to another host does reach the proxy and the log: so both are really watching. Both
   * are emptied after.
   */
  private static void proxyIsInTheWay(Chromium reader, RecordingProxy proxy) {
    String canary = "http://canary.invalid/exported-copy-" + UUID.randomUUID();
    reader.driver().get(canary);
    reader.waiting().until(x -> proxy.requests().contains("GET " + canary + " HTTP/1.1"));
    assertThat(requestedUrls(reader.driver())).contains(canary);
    proxy.clear();
  }

  /** The URLs Chromium requested since the last call, from its performance log. */
  private static Set<String> requestedUrls(WebDriver d) {
    Set<String> urls = new LinkedHashSet<>();
    for (LogEntry entry : d.manage().logs().get(LogType.PERFORMANCE)) {
      JsonNode message = JSON.readTree(entry.getMessage()).path("message");
      if ("Network.requestWillBeSent".equals(message.path("method").asString())) {
        urls.add(message.path("params").path("request").path("url").asString());
      }
    }
    return urls;
  }

  private long publish(ArticleDraft draft) {
    long id = publishing.create(draft, EDITOR);
    publishing.publishNow(id, EDITOR);
    return id;
  }

  /** Waits until the browser shows this file of the copy, loaded. */
  private static void waitForFile(Chromium browser, Path file) {
    String url = file.toUri().toString();
    browser
        .waiting()
        .until(
            d ->
                d.getCurrentUrl().equals(url)
                    && "complete"
                        .equals(
                            ((JavascriptExecutor) d).executeScript("return document.readyState")));
  }

  private static byte[] png() throws IOException {
    BufferedImage img = new BufferedImage(1000, 600, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(90, 110, 140));
    g.fillRect(0, 0, 1000, 600);
    g.setColor(new Color(240, 235, 220));
    g.fillRect(100, 100, 800, 400);
    g.dispose();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageIO.write(img, "png", bytes);
    return bytes.toByteArray();
  }
}
