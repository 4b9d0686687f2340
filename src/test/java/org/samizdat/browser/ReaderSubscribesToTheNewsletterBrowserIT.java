package org.samizdat.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.samizdat.IntegrationTest;
import org.samizdat.SlowTest;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.i18n.Language;
import org.samizdat.publishing.Actor;
import org.samizdat.publishing.Articles;
import org.samizdat.publishing.Publishing;
import org.samizdat.publishing.Taxonomy;
import org.samizdat.reach.newsletter.DigestRun;
import org.samizdat.reach.newsletter.NewsletterAdmin;
import org.samizdat.site.SiteSettings;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The newsletter as a reader meets it, in a real browser: the about page offers it, the reader
 * fills the form on /newsletter (and on /ru/newsletter), follows the link in the confirmation
 * e-mail and presses the button, gets the next daily digest, opens that e-mail and follows its
 * Unsubscribe link, presses the button, and the address is gone. Then the same from the about page
 * in a browser without JavaScript.
 *
 * <p>An issue goes out once a day per edition. The shared context's schedule never runs during a
 * test run ({@link IntegrationTest}), and no other test in it sends an issue, so today's is still
 * to be sent: the test sends it with the newsroom's "send now".
 */
@SlowTest
class ReaderSubscribesToTheNewsletterBrowserIT extends IntegrationTest {

  private static final Actor EDITOR = new Actor(0, "ReaderSubscribesToTheNewsletterBrowserIT");
  private static final Path MAILS = Path.of("target", "newsletter-mails");

  @Autowired Publishing publishing;
  @Autowired Articles articles;
  @Autowired Taxonomy taxonomy;
  @Autowired PlatformSettings platform;
  @Autowired SiteSettings site;
  @Autowired NewsletterAdmin newsletter;
  @Autowired JdbcClient jdbc;

  String u;
  String base;
  Consumer<ChromeOptions> atSiteAddress;

  @BeforeEach
  void setUp() {
    u = UUID.randomUUID().toString().substring(0, 8);
    // The e-mails link to the site's configured address; Chromium is told that it is this test's
    // server.
    base = site.baseUrl();
    atSiteAddress = Chromium.siteAddressIs(base, port);
  }

  @Test
  void aReaderSubscribesConfirmsGetsTheDigestAndUnsubscribesInEnglishAndInRussian()
      throws IOException {
    String english = "browser-reader-" + u + "@readers.test";
    String russian = "browser-chitatel-" + u + "@readers.test";
    long author = taxonomy.createAuthor("Newsletter reporter " + u, "newsletter-reporter-" + u, "");

    try (Chromium reader = Chromium.start(atSiteAddress)) {
      WebDriver d = reader.driver();
      try {
        // 1. The about page offers the newsletter, with a form of its own.
        open(reader, "/about");
        WebElement signup = d.findElement(By.cssSelector("section.newsletter-signup"));
        assertThat(signup.isDisplayed()).as("the signup form on the about page").isTrue();
        assertThat(signup.findElement(By.tagName("h2")).getText())
            .as("set in capitals by the stylesheet")
            .isEqualToIgnoringCase("Get our newsletter");
        assertThat(signup.findElement(By.tagName("form")).getDomAttribute("action"))
            .isEqualTo("/newsletter");
        assertThat(signup.findElements(By.cssSelector("input[name=frequency]"))).hasSize(2);
        assertThat(d.findElement(By.cssSelector("footer a[href='/newsletter']")).getText())
            .isEqualTo("Newsletter");
        ((JavascriptExecutor) d)
            .executeScript("arguments[0].scrollIntoView({block: 'start'});", signup);
        reader.screenshot("newsletter-about");

        // 2. The form on /newsletter: address, edition, how often.
        open(reader, "/newsletter");
        assertThat(d.findElement(By.cssSelector("h1")).getText()).isEqualTo("Newsletter");
        assertThat(d.findElements(By.cssSelector("input[name=language]")))
            .extracting(e -> e.getDomAttribute("value"))
            .containsExactly("en", "ru");
        assertThat(d.findElement(By.cssSelector("input[name=language][value=en]")).isSelected())
            .as("English by default")
            .isTrue();
        assertThat(d.findElement(By.cssSelector("input[name=frequency][value=daily]")).isSelected())
            .as("daily by default")
            .isTrue();
        reader.screenshot("newsletter");
        subscribe(reader, english, "en", "daily");
        assertThat(status(reader)).contains("check your inbox");
        assertThat(d.findElements(By.cssSelector("form.newsletter-form")))
            .as("the form is done")
            .isEmpty();
        reader.screenshot("newsletter-sent");
        assertThat(confirmed(english)).as("nothing is confirmed by asking").contains(false);

        // 3. The link in the confirmation e-mail asks first, and confirms only when the button is
        // pressed.
        String confirmation = confirmationLink(english);
        assertThat(confirmation).startsWith(base + "/newsletter/confirm/");
        d.get(confirmation);
        waitForPage(reader, "/newsletter/confirm/");
        assertThat(d.findElement(By.cssSelector("h1")).getText())
            .isEqualTo("Confirm your subscription");
        assertThat(d.findElement(By.cssSelector("main")).getText())
            .contains("Subscribe this address to the daily digest (English)?");
        assertThat(confirmed(english)).as("opening the link confirms nothing").contains(false);
        reader.screenshot("newsletter-confirm");
        press(reader, "Yes, subscribe me");
        assertThat(status(reader)).startsWith("You are subscribed to the daily digest (English).");
        assertThat(confirmed(english)).contains(true);

        // 4. The same in Russian, from the Russian page.
        open(reader, "/ru/newsletter");
        assertThat(d.findElement(By.cssSelector("h1")).getText()).isEqualTo("Рассылка");
        assertThat(d.findElement(By.cssSelector("input[name=language][value=ru]")).isSelected())
            .as("the Russian edition by default on the Russian page")
            .isTrue();
        reader.screenshot("newsletter-ru");
        subscribe(reader, russian, "ru", "daily");
        assertThat(status(reader)).contains("проверьте почту");
        String ruConfirmation = confirmationLink(russian);
        assertThat(ruConfirmation).startsWith(base + "/ru/newsletter/confirm/");
        d.get(ruConfirmation);
        waitForPage(reader, "/ru/newsletter/confirm/");
        assertThat(d.findElement(By.cssSelector("main")).getText())
            .contains("Подписать этот адрес на ежедневный дайджест (Русский)?");
        press(reader, "Да, подписаться");
        assertThat(status(reader)).startsWith("Вы подписаны на ежедневный дайджест (Русский).");
        assertThat(confirmed(russian)).contains(true);
        assertThat(d.manage().getCookies()).as("cookies").isEmpty();

        // 5. Something is published, and the newsroom sends today's digest now.
        String headline = "Court frees reporter " + u;
        String path = publish("en", headline, author);
        String ruHeadline = "Суд освободил репортёра " + u;
        publish("ru", ruHeadline, author);
        List<DigestRun> runs =
            newsletter.sendTodaysDigestNow("ReaderSubscribesToTheNewsletterBrowserIT");
        assertThat(runs)
            .extracting(DigestRun::outcome)
            .as("both editions")
            .containsOnly(DigestRun.Outcome.SENT);

        // 6. The reader opens the digest, as a mail client shows it, and follows its Unsubscribe
        // link.
        Mail digest = digest(english);
        assertThat(digest.text()).contains(headline).contains(base + path);
        Path mail = saved(digest, "digest-en");
        d.get(mail.toUri().toString());
        assertThat(d.findElement(By.linkText(headline)).getDomAttribute("href"))
            .isEqualTo(base + path);
        reader.screenshot("newsletter-digest");
        WebElement unsubscribe = d.findElement(By.linkText("Unsubscribe"));
        assertThat(digest.headers()).contains("<" + unsubscribe.getDomAttribute("href") + ">");
        unsubscribe.click();
        waitForPage(reader, "/newsletter/unsubscribe/");
        assertThat(d.findElement(By.cssSelector("h1")).getText()).isEqualTo("Unsubscribe");
        assertThat(d.findElement(By.cssSelector("main")).getText())
            .contains("Stop the newsletter and delete your e-mail address?");
        assertThat(confirmed(english)).as("opening the link changes nothing").contains(true);
        reader.screenshot("newsletter-unsubscribe");
        press(reader, "Unsubscribe");
        assertThat(status(reader))
            .isEqualTo(
                "You are unsubscribed and your address is deleted. We will not e-mail you again.");
        assertThat(subscribers(english)).as("the address is gone").isZero();
        reader.screenshot("newsletter-unsubscribed");

        // 7. And in Russian.
        Mail ruDigest = digest(russian);
        assertThat(ruDigest.text()).contains(ruHeadline).doesNotContain(headline);
        d.get(saved(ruDigest, "digest-ru").toUri().toString());
        d.findElement(By.linkText("Отписаться")).click();
        waitForPage(reader, "/ru/newsletter/unsubscribe/");
        assertThat(d.findElement(By.cssSelector("main")).getText())
            .contains("Отписаться от рассылки и удалить ваш адрес?");
        press(reader, "Отписаться");
        assertThat(status(reader)).startsWith("Вы отписались, ваш адрес удалён.");
        assertThat(subscribers(russian)).isZero();
        assertThat(d.manage().getCookies()).as("cookies").isEmpty();
      } catch (Throwable t) {
        reader.screenshotQuietly("newsletter-failure");
        throw t;
      }
    }
  }

  @Test
  void withoutJavaScriptTheAboutPagesFormSubscribesAndTheLinkConfirms() {
    String email = "plain-reader-" + u + "@readers.test";
    try (Chromium plain =
        Chromium.start(
            atSiteAddress.andThen(
                options ->
                    options.setExperimentalOption(
                        "prefs",
                        Map.of("profile.managed_default_content_settings.javascript", 2))))) {
      WebDriver d = plain.driver();
      try {
        open(plain, "/about");
        WebElement form = d.findElement(By.cssSelector("section.newsletter-signup form"));
        form.findElement(By.cssSelector("input[name=email]")).sendKeys(email);
        form.findElement(By.cssSelector("input[name=frequency][value=weekly]")).click();
        WebElement button = form.findElement(By.cssSelector("button[type=submit]"));
        button.click();
        plain.waitUntilGone(button);
        waitForPage(plain, "/newsletter");
        assertThat(status(plain)).contains("check your inbox");

        String link = confirmationLink(email);
        d.get(link);
        waitForPage(plain, "/newsletter/confirm/");
        assertThat(d.findElement(By.cssSelector("main")).getText())
            .contains("Subscribe this address to the weekly digest (English)?");
        press(plain, "Yes, subscribe me");
        assertThat(status(plain)).startsWith("You are subscribed to the weekly digest (English).");
        assertThat(confirmed(email)).contains(true);
        assertThat(d.manage().getCookies()).as("cookies without JavaScript").isEmpty();
      } catch (Throwable t) {
        plain.screenshotQuietly("newsletter-nojs-failure");
        throw t;
      }
    }
  }

  // --- the reader's steps ---

  private void open(Chromium browser, String path) {
    browser.driver().get(base + path);
    waitForPage(browser, path);
  }

  /** Fills the form on the newsletter page, choosing the edition and how often, and sends it. */
  private static void subscribe(Chromium browser, String email, String edition, String frequency) {
    WebDriver d = browser.driver();
    WebElement form = d.findElement(By.cssSelector("form.newsletter-form"));
    form.findElement(By.cssSelector("input[name=email]")).sendKeys(email);
    form.findElement(By.cssSelector("input[name=language][value=" + edition + "]")).click();
    form.findElement(By.cssSelector("input[name=frequency][value=" + frequency + "]")).click();
    assertThat(
            form.findElement(By.cssSelector("input[name=language][value=" + edition + "]"))
                .isSelected())
        .isTrue();
    assertThat(
            form.findElement(By.cssSelector("input[name=frequency][value=" + frequency + "]"))
                .isSelected())
        .isTrue();
    WebElement button = form.findElement(By.cssSelector("button[type=submit]"));
    button.click();
    browser.waitUntilGone(button);
  }

  /** Presses the page's one button, by its words, and waits for the page it leads to. */
  private static void press(Chromium browser, String words) {
    WebElement button =
        browser
            .driver()
            .findElement(By.xpath("//main//form//button[normalize-space(.)='" + words + "']"));
    button.click();
    browser.waitUntilGone(button);
  }

  private static String status(Chromium browser) {
    return browser
        .waiting()
        .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("main [role=status]")))
        .getText();
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

  // --- what the newsroom and the outbox hold ---

  private String publish(String language, String headline, long author) {
    return new Stories(publishing, articles, platform.timeZone(), EDITOR)
        .publish(Language.fromCode(language).orElseThrow(), headline, author, null);
  }

  record Mail(String subject, String text, String html, String headers) {}

  private List<Mail> mails(String to) {
    return jdbc.sql(
            """
            SELECT subject, text_body, html_body, headers::text FROM mail_outbox WHERE recipient = :to ORDER BY created_at, id
            """)
        .param("to", to)
        .query(
            (rs, n) -> new Mail(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
        .list();
  }

  /** The address in the confirmation e-mail, as the reader would click it. */
  private String confirmationLink(String to) {
    String text =
        await()
            .atMost(Duration.ofSeconds(15))
            .until(
                () ->
                    mails(to).stream()
                        .filter(m -> !m.headers().contains("List-Id"))
                        .map(Mail::text)
                        .findFirst()
                        .orElse(null),
                t -> t != null);
    Matcher m =
        Pattern.compile(Pattern.quote(base) + "(?:/ru)?/newsletter/confirm/[A-Za-z0-9_-]+")
            .matcher(text);
    assertThat(m.find()).as("a confirmation link in:\n" + text).isTrue();
    return m.group();
  }

  private Mail digest(String to) {
    return await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                mails(to).stream()
                    .filter(m -> m.headers().contains("List-Id"))
                    .findFirst()
                    .orElse(null),
            m -> m != null);
  }

  /** The HTML part of a mail as a file, for the browser to show as a mail client would. */
  private static Path saved(Mail mail, String name) throws IOException {
    assertThat(mail.html()).as("an HTML part").isNotNull();
    Files.createDirectories(MAILS);
    Path file = MAILS.resolve(name + ".html").toAbsolutePath();
    Files.writeString(file, mail.html(), StandardCharsets.UTF_8);
    return file;
  }

  /** Whether the address is confirmed; empty when there is no such subscriber. */
  private Optional<Boolean> confirmed(String email) {
    return jdbc.sql(
            "SELECT confirmed_at IS NOT NULL FROM newsletter_subscriber WHERE lower(email) = lower(:e)")
        .param("e", email)
        .query(Boolean.class)
        .optional();
  }

  private long subscribers(String email) {
    return jdbc.sql("SELECT count(*) FROM newsletter_subscriber WHERE lower(email) = lower(:e)")
        .param("e", email)
        .query(Long.class)
        .single();
  }
}
