package org.samizdat.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.drew.imaging.ImageMetadataReader;
import com.drew.lang.GeoLocation;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.GpsDirectory;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.samizdat.IntegrationTest;
import org.samizdat.SlowTest;
import org.samizdat.publishing.Slugs;

/**
 * The newsroom's main job, end to end in a real browser: an editor signs in, writes an article with
 * the live preview, adds an author, a section, tags and a geotagged photo, publishes; a reader with
 * a fresh browser finds it on the front page and gets a photo with no location in it and no cookie.
 */
@SlowTest
class EditorPublishesArticleBrowserIT extends IntegrationTest {

  private static final double LATITUDE = 55.7558;
  private static final double LONGITUDE = 37.6173;

  @TempDir Path temp;

  @Test
  void editorPublishesAnArticleWithAPhotoAndAReaderFindsItWithoutLocationOrCookies()
      throws Exception {
    String base = "http://127.0.0.1:" + port;
    String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    String headline = "Printing presses in the attic " + suffix;
    String standfirst = "How a banned newspaper keeps coming out, week after week.";
    String heading = "The night shift " + suffix;
    String paragraph = "Volunteers fold the pages before dawn and nobody signs anything.";
    String authorName = "Olga Browser " + suffix;
    String sectionEn = "Investigations " + suffix;
    String sectionRu = "Расследования " + suffix;
    String alt = "A hand-cranked press in a dim attic";
    String caption = "The press, photographed in the attic " + suffix;
    String credit = "Photo: Samizdat staff";

    Path photo = temp.resolve("attic-press.jpg");
    Files.write(photo, geotaggedJpeg());
    GeoLocation inUpload =
        ImageMetadataReader.readMetadata(photo.toFile())
            .getFirstDirectoryOfType(GpsDirectory.class)
            .getGeoLocation();
    assertThat(inUpload.getLatitude())
        .as("the upload carries a GPS latitude")
        .isCloseTo(LATITUDE, within(1e-4));
    assertThat(inUpload.getLongitude())
        .as("the upload carries a GPS longitude")
        .isCloseTo(LONGITUDE, within(1e-4));

    String publicUrl;
    try (Chromium editor = Chromium.start()) {
      WebDriver d = editor.driver();
      try {
        // 1. The newsroom asks for a sign-in first, then returns to where the editor was going.
        d.get(base + "/newsroom/articles");
        waitForPage(editor, "/newsroom/login");
        d.findElement(By.id("email")).sendKeys(ADMIN_EMAIL);
        d.findElement(By.id("password")).sendKeys(ADMIN_PASSWORD);
        d.findElement(By.cssSelector("form[action='/newsroom/login'] button[type=submit]")).click();
        waitForPage(editor, "/newsroom/articles");
        assertThat(d.findElement(By.tagName("h1")).getText()).isEqualTo("Articles");

        // An author and a section to file the article under, added the way an editor would.
        d.get(base + "/newsroom/authors");
        WebElement addAuthor = d.findElement(By.cssSelector("form[action='/newsroom/authors']"));
        addAuthor.findElement(By.name("name")).sendKeys(authorName);
        addAuthor.findElement(By.cssSelector("button[type=submit]")).click();
        editor
            .waiting()
            .until(
                ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector("p.flash"), "Author added."));

        d.get(base + "/newsroom/sections");
        WebElement addSection = d.findElement(By.cssSelector("form[action='/newsroom/sections']"));
        addSection.findElement(By.name("slug")).sendKeys("investigations-" + suffix);
        addSection.findElement(By.name("nameEn")).sendKeys(sectionEn);
        addSection.findElement(By.name("nameRu")).sendKeys(sectionRu);
        addSection.findElement(By.cssSelector("button[type=submit]")).click();
        editor
            .waiting()
            .until(
                ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector("p.flash"), "Section added."));

        // 2. A new article, with the live preview rendering the Markdown as it is typed.
        d.get(base + "/newsroom/articles");
        d.findElement(By.cssSelector(".nr-head a[href='/newsroom/articles/new']")).click();
        waitForPage(editor, "/newsroom/articles/new");
        d.findElement(By.id("headline")).sendKeys(headline);
        d.findElement(By.id("standfirst")).sendKeys(standfirst);
        // the toolbar editor's "Markdown" switch shows the source, for those who write Markdown
        editor.waiting().until(ExpectedConditions.elementToBeClickable(By.id("tb-source"))).click();
        // ... and says the way back to the toolbar, for whoever opened it by accident
        assertThat(d.findElement(By.id("tb-source")).getText()).isEqualTo("Back to formatting");
        d.findElement(By.id("body"))
            .sendKeys("## " + heading + "\n\n" + paragraph + " **Nobody.**");
        editor.waiting().until(ExpectedConditions.textToBe(By.cssSelector("#preview h2"), heading));
        assertThat(d.findElement(By.cssSelector("#preview p")).getText())
            .isEqualTo(paragraph + " Nobody.");
        assertThat(d.findElement(By.cssSelector("#preview p strong")).getText())
            .isEqualTo("Nobody.");

        // 3. Author, section, tags.
        WebElement authorBox =
            d.findElement(
                By.xpath(
                    "//fieldset[legend='Authors']//label[normalize-space(.)="
                        + xpathLiteral(authorName)
                        + "]/input[@type='checkbox']"));
        authorBox.click();
        assertThat(authorBox.isSelected()).as("author ticked").isTrue();
        new Select(d.findElement(By.id("sectionId")))
            .selectByVisibleText(sectionEn + " / " + sectionRu);
        d.findElement(By.id("tags")).sendKeys("press freedom, test");

        // 4. The geotagged photo, with its description, caption and credit.
        d.findElement(By.id("heroFile")).sendKeys(photo.toAbsolutePath().toString());
        d.findElement(By.id("heroAlt")).sendKeys(alt);
        d.findElement(By.id("heroCaption")).sendKeys(caption);
        d.findElement(By.id("heroCredit")).sendKeys(credit);

        // 5. Publish.
        d.findElement(By.id("publish")).click();
        editor
            .waiting()
            .until(ExpectedConditions.urlMatches(Pattern.quote(base) + "/newsroom/articles/\\d+$"));
        WebElement flash =
            editor
                .waiting()
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("p.flash")));
        assertThat(flash.getText()).startsWith("Published.");
        assertThat(d.findElements(By.cssSelector("[role=alert]")))
            .as("no errors on the editor page")
            .isEmpty();
        assertThat(d.findElement(By.cssSelector(".nr-head .status")).getText())
            .isEqualTo("Published");
        publicUrl = d.findElement(By.linkText("View on the site")).getDomProperty("href");
        assertThat(publicUrl)
            .matches(Pattern.quote(base) + "/\\d{4}/\\d{2}/\\d{2}/" + Slugs.from(headline, 100));
        assertThat(flash.getText()).contains(URI.create(publicUrl).getPath());
        editor
            .waiting()
            .until(
                ExpectedConditions.attributeToBeNotEmpty(
                    d.findElement(By.cssSelector("img.hero-thumb")), "src"));
        editor.screenshot("editor-published");

        // the newsroom's reach screens open from its navigation, as an editor finds them
        d.findElement(By.cssSelector("nav a[href='/newsroom/mirrors']")).click();
        waitForPage(editor, "/newsroom/mirrors");
        assertThat(d.findElement(By.tagName("h1")).getText())
            .isEqualTo("Mirrors and onion address");
        assertThat(d.findElements(By.cssSelector("[role=alert]"))).isEmpty();
        editor.screenshot("newsroom-mirrors");
        d.findElement(By.cssSelector("nav a[href='/newsroom/newsletter']")).click();
        waitForPage(editor, "/newsroom/newsletter");
        assertThat(d.findElement(By.tagName("h1")).getText()).isEqualTo("Newsletter");
        editor.screenshot("newsroom-newsletter");
      } catch (Throwable t) {
        editor.screenshotQuietly("editor-failure");
        throw t;
      }
    }

    // 6. A reader, in a browser that has never seen the newsroom.
    try (Chromium reader = Chromium.start()) {
      WebDriver d = reader.driver();
      try {
        d.get(base + "/");
        WebElement link =
            reader
                .waiting()
                .until(
                    ExpectedConditions.elementToBeClickable(
                        By.xpath("//main//a[normalize-space(.)=" + xpathLiteral(headline) + "]")));
        link.click();
        reader.waiting().until(ExpectedConditions.urlToBe(publicUrl));
        waitForPage(reader, URI.create(publicUrl).getPath());

        assertThat(d.findElement(By.cssSelector("article.article h1")).getText())
            .isEqualTo(headline);
        assertThat(d.findElement(By.cssSelector("article.article .standfirst")).getText())
            .isEqualTo(standfirst);
        // the kicker is styled upper-case, so compare its text rather than how it is shown
        assertThat(
                d.findElement(By.cssSelector("article.article .kicker"))
                    .getDomProperty("textContent")
                    .strip())
            .isEqualTo(sectionEn);
        assertThat(d.findElements(By.cssSelector("article.article .byline .author")))
            .extracting(WebElement::getText)
            .containsExactly(authorName);
        assertThat(d.findElement(By.cssSelector("article.article .article-body h2")).getText())
            .isEqualTo(heading);
        assertThat(d.findElements(By.cssSelector("article.article ul.tags li")))
            .extracting(WebElement::getText)
            .containsExactlyInAnyOrder("press freedom", "test");

        WebElement hero = d.findElement(By.cssSelector("article.article figure.hero img"));
        String srcset = hero.getDomAttribute("srcset");
        assertThat(srcset)
            .as("hero srcset")
            .matches(
                "/media/[a-f0-9]{24}-\\d+\\.jpg \\d+w(, /media/[a-f0-9]{24}-\\d+\\.jpg \\d+w)+");
        assertThat(hero.getDomAttribute("alt")).isEqualTo(alt);
        assertThat(
                d.findElement(By.cssSelector("article.article figure.hero figcaption")).getText())
            .contains(caption)
            .contains(credit);
        JavascriptExecutor js = (JavascriptExecutor) d;
        reader
            .waiting()
            .until(
                x ->
                    (Boolean)
                        js.executeScript(
                            "return arguments[0].complete && arguments[0].naturalWidth > 0;",
                            hero));
        String current =
            (String) js.executeScript("return arguments[0].currentSrc || arguments[0].src;", hero);
        assertThat(current).startsWith(base + "/media/");
        reader.screenshot("reader-article");

        // The photo readers get has no location and no camera data: the one shown, and every other
        // size.
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        assertNoLocationOrCamera(http, current);
        for (String candidate : srcset.split(",")) {
          assertNoLocationOrCamera(http, base + candidate.trim().split("\\s+")[0]);
        }
        String webp =
            d.findElement(
                    By.cssSelector("article.article figure.hero picture source[type='image/webp']"))
                .getDomAttribute("srcset");
        for (String candidate : webp.split(",")) {
          assertNoLocationOrCamera(http, base + candidate.trim().split("\\s+")[0]);
        }

        // Readers are not tracked: the public site set no cookie at all.
        assertThat(d.manage().getCookies()).as("cookies on the public site").isEmpty();
        d.get(base + "/");
        assertThat(d.manage().getCookies()).as("cookies on the public site").isEmpty();
      } catch (Throwable t) {
        reader.screenshotQuietly("reader-failure");
        throw t;
      }
    }
  }

  /**
   * Waits until the browser is on a page whose path starts with {@code path} and it has finished
   * loading.
   */
  private static void waitForPage(Chromium browser, String path) {
    browser
        .waiting()
        .until(
            d ->
                URI.create(d.getCurrentUrl()).getPath().startsWith(path)
                    && "complete"
                        .equals(
                            ((JavascriptExecutor) d).executeScript("return document.readyState")));
  }

  private static void assertNoLocationOrCamera(HttpClient http, String url) throws Exception {
    HttpResponse<byte[]> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).as("GET " + url).isEqualTo(200);
    // the browser takes the WebP beside the JPEG when it can (<picture>): either is checked
    String type = r.headers().firstValue("Content-Type").orElse("");
    assertThat(type).as("type of " + url).isIn("image/jpeg", "image/webp");
    assertThat(r.headers().allValues("Set-Cookie")).as("cookies from " + url).isEmpty();
    if (type.equals("image/jpeg")) {
      BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(r.body()));
      assertThat(decoded).as("decodable " + url).isNotNull();
    } else {
      assertThat(new String(r.body(), 8, 4, java.nio.charset.StandardCharsets.US_ASCII))
          .as("a WebP file at " + url)
          .isEqualTo("WEBP");
    }
    Metadata metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(r.body()));
    assertThat(metadata.getFirstDirectoryOfType(GpsDirectory.class))
        .as("GPS data in " + url)
        .isNull();
    assertThat(metadata.getFirstDirectoryOfType(ExifIFD0Directory.class))
        .as("EXIF data in " + url)
        .isNull();
  }

  /** A 1200x800 JPEG photo, as a phone would take it: with the GPS position in its EXIF. */
  private static byte[] geotaggedJpeg() throws Exception {
    BufferedImage image = new BufferedImage(1200, 800, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setPaint(new GradientPaint(0, 0, new Color(60, 40, 30), 1200, 800, new Color(210, 180, 120)));
    g.fillRect(0, 0, 1200, 800);
    g.setColor(new Color(30, 30, 30));
    g.fillRect(380, 300, 440, 320);
    g.setStroke(new BasicStroke(18));
    g.setColor(new Color(240, 230, 200));
    g.drawOval(470, 120, 260, 260);
    g.dispose();
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    assertThat(ImageIO.write(image, "jpeg", plain)).isTrue();
    TiffOutputSet exif = new TiffOutputSet();
    exif.setGpsInDegrees(LONGITUDE, LATITUDE);
    ByteArrayOutputStream tagged = new ByteArrayOutputStream();
    new ExifRewriter().updateExifMetadataLossless(plain.toByteArray(), tagged, exif);
    return tagged.toByteArray();
  }

  /** An XPath string literal for any text without a double quote. */
  private static String xpathLiteral(String text) {
    assertThat(text).doesNotContain("\"");
    return "\"" + text + "\"";
  }
}
