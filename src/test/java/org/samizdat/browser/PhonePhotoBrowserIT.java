package org.samizdat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.samizdat.IntegrationTest;
import org.samizdat.SlowTest;
import org.samizdat.publishing.Taxonomy;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * On a phone's 390 px: a reporter publishes an article with the HEIC photo their phone took, and a
 * reader on a phone gets it as WebP, without scrolling sideways on either side.
 */
@SlowTest
class PhonePhotoBrowserIT extends IntegrationTest {

  @Autowired Taxonomy taxonomy;

  @TempDir Path temp;

  @Test
  void aReporterPublishesAPhonesHeicPhotoFromAPhoneAndAReaderGetsItAsWebp() throws Exception {
    String u = UUID.randomUUID().toString().substring(0, 8);
    String authorName = "Pavel Photographer " + u;
    taxonomy.createAuthor(authorName, "pavel-" + u, "");
    Path photo = temp.resolve("IMG_4032.HEIC");
    try (InputStream in = getClass().getResourceAsStream("/media/phone.heic")) {
      Files.copy(in, photo);
    }
    String headline = "Depot gates shut at dawn " + u;
    String base = "http://127.0.0.1:" + port;
    String publicUrl;
    try (Chromium editor = Chromium.start()) {
      WebDriver d = editor.driver();
      try {
        d.manage().window().setSize(new Dimension(390, 844));
        d.get(base + "/newsroom/login");
        d.findElement(By.id("email")).sendKeys(ADMIN_EMAIL);
        d.findElement(By.id("password")).sendKeys(ADMIN_PASSWORD);
        d.findElement(By.cssSelector("form[action='/newsroom/login'] button[type=submit]")).click();
        editor.waiting().until(ExpectedConditions.urlContains("/newsroom/articles"));
        d.get(base + "/newsroom/articles/new");
        WebElement rich =
            editor.waiting().until(ExpectedConditions.elementToBeClickable(By.id("rich-body")));
        d.findElement(By.id("headline")).sendKeys(headline);
        rich.click();
        rich.sendKeys("The gates stayed shut and the drivers waited outside.");
        click(
            d,
            d.findElement(
                By.xpath(
                    "//fieldset[legend='Authors']//label[normalize-space(.)=\""
                        + authorName
                        + "\"]/input[@type='checkbox']")));
        // what the camera gave: a HEIC, picked in the photo field
        d.findElement(By.id("heroFile")).sendKeys(photo.toAbsolutePath().toString());
        d.findElement(By.id("heroAlt")).sendKeys("Drivers waiting at the shut depot gates");
        assertNoHorizontalScroll(d, "the editor");
        click(d, d.findElement(By.id("publish")));
        editor
            .waiting()
            .until(ExpectedConditions.urlMatches(Pattern.quote(base) + "/newsroom/articles/\\d+$"));
        assertThat(
                editor
                    .waiting()
                    .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("p.flash")))
                    .getText())
            .startsWith("Published.");
        assertNoHorizontalScroll(d, "the published article's editor");
        publicUrl = d.findElement(By.linkText("View on the site")).getDomProperty("href");
        editor.screenshot("phone-photo-editor-390");
      } catch (RuntimeException | AssertionError t) {
        editor.screenshotQuietly("phone-photo-editor-failure");
        throw t;
      }
    }

    try (Chromium reader = Chromium.start()) {
      WebDriver d = reader.driver();
      try {
        d.manage().window().setSize(new Dimension(390, 844));
        d.get(publicUrl);
        reader.waiting().until(ExpectedConditions.urlToBe(publicUrl));
        WebElement hero = d.findElement(By.cssSelector("article.article figure.hero picture img"));
        reader
            .waiting()
            .until(
                x ->
                    (Boolean)
                        ((JavascriptExecutor) x)
                            .executeScript(
                                "return arguments[0].complete && arguments[0].naturalWidth > 0;",
                                hero));
        String chosen =
            (String)
                ((JavascriptExecutor) d).executeScript("return arguments[0].currentSrc;", hero);
        assertThat(URI.create(chosen).getPath()).matches("/media/[a-f0-9]{24}-\\d+\\.webp");
        assertThat(hero.getDomAttribute("src")).endsWith(".jpg");
        assertThat(hero.getDomAttribute("alt"))
            .isEqualTo("Drivers waiting at the shut depot gates");
        assertNoHorizontalScroll(d, "the reader's article");
        ((JavascriptExecutor) d).executeScript("arguments[0].scrollIntoView();", hero);
        reader.screenshot("phone-photo-reader-390");
      } catch (RuntimeException | AssertionError t) {
        reader.screenshotQuietly("phone-photo-reader-failure");
        throw t;
      }
    }
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
