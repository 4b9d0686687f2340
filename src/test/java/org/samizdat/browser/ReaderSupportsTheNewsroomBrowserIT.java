package org.samizdat.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.samizdat.IntegrationTest;
import org.samizdat.SlowTest;
import org.samizdat.platform.Money;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.i18n.Language;
import org.samizdat.publishing.Actor;
import org.samizdat.publishing.Articles;
import org.samizdat.publishing.Publishing;
import org.samizdat.publishing.Taxonomy;
import org.samizdat.revenue.Frequency;
import org.samizdat.revenue.Funding;
import org.samizdat.revenue.FundingProgress;
import org.samizdat.site.SiteSettings;
import org.samizdat.site.SupportBlocks;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reader revenue end to end in a real browser: a reader sees the banner and the appeal, closes the
 * banner, puts the appeal off until later, comes back when that date has passed, gives $5 a month
 * through the test-mode checkout, is thanked instead of asked from then on, and cancels the gift
 * through the e-mailed "manage my support" link. Every choice lives in the browser's localStorage,
 * never in a cookie. Then a browser without JavaScript gets from the appeal to the checkout too.
 */
@SlowTest
class ReaderSupportsTheNewsroomBrowserIT extends IntegrationTest {

  private static final Actor EDITOR = new Actor(0, "Test editor");
  private static final Locale EN = Language.EN.locale();
  private static final Pattern PROGRESS = Pattern.compile("(\\S+) raised of (\\S+) this month");

  @Autowired Publishing publishing;
  @Autowired Articles articles;
  @Autowired Taxonomy taxonomy;
  @Autowired PlatformSettings platform;
  @Autowired SiteSettings site;
  @Autowired Funding funding;
  @Autowired SupportBlocks supportBlocks;
  @Autowired JdbcClient jdbc;

  @Test
  void aReaderPutsTheAppealOffGivesFiveAMonthAndCancelsItAndTheAppealWorksWithoutJavaScript() {
    String u = UUID.randomUUID().toString().substring(0, 8);
    String email = "browser-supporter-" + u + "@example.org";
    long author =
        taxonomy.createAuthor(
            "Vera Support " + u, "vera-support-" + u, "Writes about the newsroom's readers.");
    String firstHeadline = "The printers' strike " + u;
    String first = publish(firstHeadline, author);
    String second = publish("The couriers' route " + u, author);
    String third = publish("The readers' letters " + u, author);
    Money goal = funding.settings().goal();
    List<String> monthlySuggestions =
        funding.rule(goal.currency(), Frequency.MONTHLY).orElseThrow().suggested().stream()
            .map(m -> m.format(EN))
            .toList();
    assertThat(monthlySuggestions).as("monthly suggestions").contains("$5");

    // The site is at its configured address: canonical links, the provider's return address and the
    // e-mailed links all use it. The browser is told that this address is this test's server, so it
    // follows them as a reader's browser would, and every page shares one origin (one
    // localStorage).
    String base = site.baseUrl();
    Consumer<ChromeOptions> atSiteAddress = Chromium.siteAddressIs(base, port);

    supportBlocks.evict();
    try (Chromium reader = Chromium.start(atSiteAddress)) {
      WebDriver d = reader.driver();
      try {
        // 1. The article, with the banner on top and the appeal at its end.
        FundingProgress lo = funding.progress();
        d.get(base + first);
        waitForPage(reader, first);
        FundingProgress hi = funding.progress();
        assertThat(d.findElement(By.cssSelector("article.article h1")).getText())
            .as("the browser reached this test's server at the site address " + base)
            .isEqualTo(firstHeadline);
        WebElement banner =
            reader
                .waiting()
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("support-banner")));
        assertThat(banner.getText()).contains("Enjoying ad-free content?").contains("TEST MODE");
        assertThat(banner.findElement(By.cssSelector("a.support-button")).getText())
            .isEqualTo("Support us");
        String progressBefore =
            progressLine(banner.findElement(By.cssSelector(".progress-text")).getText());
        assertThat(progressBefore).as("banner progress").isIn(progressLine(lo), progressLine(hi));

        WebElement appeal = d.findElement(By.cssSelector("section#appeal"));
        assertThat(appeal.isDisplayed()).as("appeal shown").isTrue();
        assertThat(appeal.findElements(By.cssSelector("fieldset.frequency label")))
            .extracting(WebElement::getText)
            .containsExactly("Once", "Monthly", "Annual");
        assertThat(
                appeal.findElements(
                    By.cssSelector(
                        ".amount-set[data-frequency=monthly][data-currency="
                            + goal.currencyCode()
                            + "] label")))
            .extracting(WebElement::getText)
            .containsExactlyElementsOf(monthlySuggestions);
        assertThat(appeal.findElement(By.cssSelector("input[value=monthly]")).isSelected())
            .as("monthly by default")
            .isTrue();
        assertThat(appeal.findElement(By.cssSelector("button[type=submit]")).getText())
            .isEqualTo("Continue");
        assertThat(appeal.findElement(By.cssSelector("p.methods")).getText())
            .startsWith("Payment methods: Test card (TEST MODE: no money moves)");
        assertThat(appeal.findElement(By.cssSelector("a.remind-later")).getText())
            .isEqualTo("Remind me later.");
        assertThat(appeal.findElement(By.cssSelector(".testmode-flag")).getText())
            .contains("TEST MODE");
        assertThat(appeal.findElement(By.cssSelector(".progress-text")).getText())
            .contains(progressBefore);
        reader.screenshot("support-article");

        // 2. Closing the banner: gone now, and after a reload, remembered without a cookie.
        banner.findElement(By.cssSelector("a.banner-close")).click();
        reader.waiting().until(ExpectedConditions.invisibilityOf(banner));
        assertThat(storage(d, "samizdat.bannerClosed"))
            .as("closed-banner date in localStorage")
            .isNotNull();
        d.navigate().refresh();
        waitForPage(reader, first);
        assertThat(d.findElement(By.id("support-banner")).isDisplayed())
            .as("banner after a reload")
            .isFalse();
        assertThat(d.findElement(By.cssSelector("section#appeal")).isDisplayed())
            .as("appeal after closing the banner")
            .isTrue();
        assertThat(d.manage().getCookies()).as("cookies").isEmpty();

        // 3. "Remind me later": the appeal is gone, on this page and the next, until the date.
        appeal = d.findElement(By.cssSelector("section#appeal"));
        appeal.findElement(By.cssSelector("a.remind-later")).click();
        reader.waiting().until(ExpectedConditions.invisibilityOf(appeal));
        assertThat(URI.create(d.getCurrentUrl()).getPath())
            .as("stayed on the article")
            .isEqualTo(first);
        long remindAt = Long.parseLong(storage(d, "samizdat.remind"));
        long remindDays = funding.settings().remindLaterDays();
        assertThat(remindAt - System.currentTimeMillis())
            .as("put off for the newsroom's remind-later days")
            .isBetween(
                Duration.ofDays(remindDays).minusMinutes(5).toMillis(),
                Duration.ofDays(remindDays).toMillis());
        d.navigate().refresh();
        waitForPage(reader, first);
        assertThat(d.findElement(By.cssSelector("section#appeal")).isDisplayed())
            .as("appeal after a reload")
            .isFalse();
        d.get(base + second);
        waitForPage(reader, second);
        assertThat(d.findElement(By.cssSelector("section#appeal")).isDisplayed())
            .as("appeal on another article")
            .isFalse();
        assertThat(d.findElement(By.cssSelector("p.appeal-thanks")).isDisplayed())
            .as("no thanks before a gift")
            .isFalse();

        // The date passes: every date this browser keeps moves back by the same amount, to a minute
        // after the reminder's date (the appeal's views-per-days cap counts in the same clock).
        long moved =
            ((Number)
                    js(d)
                        .executeScript(
                            """
            var s = window.localStorage;
            var delta = parseInt(s.getItem('samizdat.remind'), 10) - Date.now() + 60000;
            ['samizdat.remind', 'samizdat.bannerClosed'].forEach(function (k) {
              var v = s.getItem(k);
              if (v) s.setItem(k, String(parseInt(v, 10) - delta));
            });
            var views = JSON.parse(s.getItem('samizdat.appealViews') || '[]');
            s.setItem('samizdat.appealViews', JSON.stringify(views.map(function (t) { return t - delta; })));
            return delta;"""))
                .longValue();
        assertThat(moved).isGreaterThan(Duration.ofDays(remindDays).minusMinutes(5).toMillis());
        supportBlocks.evict();
        d.navigate().refresh();
        waitForPage(reader, second);
        appeal =
            reader
                .waiting()
                .until(
                    ExpectedConditions.visibilityOfElementLocated(
                        By.cssSelector("section#appeal")));
        assertThat(d.findElement(By.id("support-banner")).isDisplayed())
            .as("the closed banner stays closed: its own date has not passed")
            .isFalse();

        // 4. $5 a month through the test-mode checkout.
        appeal.findElement(By.cssSelector("fieldset.frequency input[value=annual]")).click();
        WebElement annual =
            appeal.findElement(By.cssSelector(".amount-set[data-frequency=annual]"));
        WebElement monthly =
            appeal.findElement(By.cssSelector(".amount-set[data-frequency=monthly]"));
        reader.waiting().until(ExpectedConditions.visibilityOf(annual));
        assertThat(monthly.isDisplayed()).as("monthly amounts while annual is chosen").isFalse();
        appeal.findElement(By.cssSelector("fieldset.frequency input[value=monthly]")).click();
        reader.waiting().until(ExpectedConditions.visibilityOf(monthly));
        assertThat(annual.isDisplayed()).as("annual amounts while monthly is chosen").isFalse();
        WebElement five =
            monthly.findElement(By.cssSelector("input[name=amount_monthly][value='5']"));
        five.click();
        assertThat(five.isSelected()).as("$5 chosen").isTrue();
        appeal.findElement(By.cssSelector("button[type=submit]")).click();

        waitForPage(reader, "/support/pay");
        assertThat(URI.create(d.getCurrentUrl()).getQuery())
            .contains("frequency=monthly")
            .contains("amount_monthly=5");
        assertThat(d.findElement(By.cssSelector("h1")).getText()).isEqualTo("Choose how to pay");
        assertThat(d.findElement(By.cssSelector("main .testmode-flag")).getText())
            .contains("TEST MODE");
        assertThat(d.findElement(By.cssSelector("main p.intro")).getText())
            .startsWith("You are giving $5 every month.");
        WebElement testCard =
            d.findElement(
                By.cssSelector(
                    "ul.methods-list form:has(input[name=provider][value=testmode]) button"));
        assertThat(testCard.getText()).isEqualTo("Test card (TEST MODE: no money moves)");
        assertThat(testCard.isEnabled()).as("the test provider takes monthly gifts").isTrue();
        reader.screenshot("support-pay");
        testCard.click();

        waitForPage(reader, "/support/testmode/");
        assertThat(d.findElement(By.cssSelector(".testmode-flag")).getText())
            .startsWith("TEST MODE");
        assertThat(d.findElement(By.cssSelector(".testmode-amount")).getText())
            .isEqualTo("$5 a month");
        d.findElement(By.id("email")).sendKeys(email);
        reader.screenshot("support-testmode");
        long raisedBeforePaying = funding.progress().raised().minor();
        d.findElement(By.id("testmode-pay")).click();

        waitForPage(reader, "/support/thanks");
        assertThat(d.getCurrentUrl()).startsWith(base + "/support/thanks?checkout=");
        assertThat(d.findElement(By.cssSelector("h1")).getText()).isEqualTo("Thank you");
        assertThat(d.findElement(By.cssSelector(".support-outcome p.amount")).getText())
            .isEqualTo("Your gift: $5 every month");
        assertThat(d.findElement(By.id("support-outcome")).getText())
            .contains("A receipt is on its way");
        reader.screenshot("support-thanks");
        assertThat(funding.progress().raised().minor())
            .as("raised this month, in cents")
            .isEqualTo(raisedBeforePaying + 500);
        assertThat(
                jdbc.sql(
                        """
                SELECT count(*) FROM subscription s JOIN supporter p ON p.id = s.supporter_id
                WHERE lower(p.email) = lower(:email) AND s.status = 'ACTIVE' AND s.amount_minor = 500 AND s.frequency = 'MONTHLY'
                """)
                    .param("email", email)
                    .query(Long.class)
                    .single())
            .as("active $5 monthly subscription")
            .isEqualTo(1);
        assertThat(
                await()
                    .atMost(Duration.ofSeconds(15))
                    .until(() -> lastMailText(email, "receipt"), t -> t != null))
            .contains("gift: $5 a month");
        assertThat(Long.parseLong(storage(d, "samizdat.gave")))
            .as("thanked-until date in localStorage")
            .isGreaterThan(System.currentTimeMillis());

        // From now on this browser is thanked instead of asked, and the goal shows the gift.
        supportBlocks.evict();
        lo = funding.progress();
        d.get(base + third);
        waitForPage(reader, third);
        hi = funding.progress();
        String progressAfter =
            progressLine(
                d.findElement(By.cssSelector("#support-banner .progress-text"))
                    .getDomProperty("textContent"));
        assertThat(progressAfter)
            .as("banner progress after the gift")
            .isIn(progressLine(lo), progressLine(hi));
        assertThat(amountIn(progressAfter))
            .as("raised, as the banner shows it")
            .isGreaterThan(amountIn(progressBefore));
        WebElement thanks =
            reader
                .waiting()
                .until(
                    ExpectedConditions.visibilityOfElementLocated(
                        By.cssSelector("p.appeal-thanks")));
        assertThat(thanks.getText()).startsWith("Thank you for supporting");
        assertThat(d.findElement(By.cssSelector("section#appeal")).isDisplayed())
            .as("appeal after giving")
            .isFalse();
        assertThat(d.findElement(By.id("support-banner")).isDisplayed())
            .as("banner after giving")
            .isFalse();
        assertThat(d.manage().getCookies()).as("cookies after giving").isEmpty();

        // 5. Cancelling through "Manage my support" and the e-mailed link.
        d.get(base + "/support/manage");
        waitForPage(reader, "/support/manage");
        d.findElement(By.id("manage-email")).sendKeys(email);
        d.findElement(By.cssSelector("form.plain-form button[type=submit]")).click();
        reader
            .waiting()
            .until(
                ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector("p.flash-message"),
                    "If we have gifts under that address, a link is on its way."));
        String mail =
            await()
                .atMost(Duration.ofSeconds(15))
                .until(() -> lastMailText(email, "manage your support"), t -> t != null);
        Matcher link =
            Pattern.compile(Pattern.quote(base) + "/support/manage/[^\\s/]+").matcher(mail);
        assertThat(link.find()).as("a manage link to the site in: " + mail).isTrue();
        d.get(link.group());
        waitForPage(reader, "/support/manage/");
        // the link only opens a page with a button, so a mail scanner following it uses nothing up
        d.findElement(By.id("open-support")).click();
        waitForPage(reader, "/support/manage/session/");
        assertThat(d.findElement(By.cssSelector("h1")).getText()).isEqualTo("Your support");
        assertThat(d.findElement(By.cssSelector("main p.intro")).getText())
            .isEqualTo("Gifts made with " + email);
        long subscription =
            jdbc.sql(
                    """
                SELECT s.id FROM subscription s JOIN supporter p ON p.id = s.supporter_id WHERE lower(p.email) = lower(:email)
                """)
                .param("email", email)
                .query(Long.class)
                .single();
        WebElement gift = d.findElement(By.id("recurring-" + subscription));
        assertThat(gift.findElement(By.tagName("p")).getText())
            .isEqualTo("$5 every month · Active");
        assertThat(d.findElements(By.cssSelector("table.gifts tbody tr")))
            .extracting(WebElement::getText)
            .singleElement()
            .asString()
            .contains("Gift · Monthly")
            .endsWith("$5");
        reader.screenshot("support-manage");
        gift.findElement(By.xpath(".//button[normalize-space(.)='Cancel this gift']")).click();
        // asked once, in the page: nothing changes until "Yes"
        WebElement confirm =
            reader
                .waiting()
                .until(
                    ExpectedConditions.visibilityOfElementLocated(
                        By.cssSelector("form.cancel-confirm")));
        assertThat(confirm.getText()).contains("Cancel your $5 monthly gift?");
        confirm.findElement(By.xpath(".//button[normalize-space(.)='Yes, cancel it']")).click();
        reader
            .waiting()
            .until(
                ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector("p.flash-message"), "Your recurring gift is cancelled."));
        assertThat(d.findElement(By.id("recurring-" + subscription)).getText())
            .contains("$5 every month · Cancelled");
        assertThat(d.findElements(By.xpath("//button[normalize-space(.)='Cancel this gift']")))
            .as("cancel buttons left")
            .isEmpty();
        assertThat(
                jdbc.sql("SELECT status FROM subscription WHERE id = :id")
                    .param("id", subscription)
                    .query(String.class)
                    .single())
            .isEqualTo("CANCELLED");
        assertThat(d.manage().getCookies()).as("cookies after managing").isEmpty();
      } catch (Throwable t) {
        reader.screenshotQuietly("support-failure");
        throw t;
      }
    }

    // 6. Without JavaScript the appeal is a plain form that still reaches the checkout.
    try (Chromium plain =
        Chromium.start(
            atSiteAddress.andThen(
                options ->
                    options.setExperimentalOption(
                        "prefs",
                        Map.of("profile.managed_default_content_settings.javascript", 2))))) {
      WebDriver d = plain.driver();
      try {
        d.get(base + first);
        plain.waiting().until(ExpectedConditions.urlToBe(base + first));
        assertThat(d.findElement(By.cssSelector("article.article h1")).getText())
            .isEqualTo(firstHeadline);
        WebElement banner = d.findElement(By.id("support-banner"));
        WebElement appeal = d.findElement(By.cssSelector("section#appeal"));
        assertThat(banner.isDisplayed()).as("banner without JavaScript").isTrue();
        assertThat(appeal.isDisplayed()).as("appeal without JavaScript").isTrue();
        // The × still closes the banner, for this page, with CSS alone.
        banner.findElement(By.cssSelector("a.banner-close")).click();
        plain.waiting().until(ExpectedConditions.invisibilityOf(banner));

        appeal.findElement(By.cssSelector("fieldset.frequency input[value=once]")).click();
        assertThat(
                appeal
                    .findElement(By.cssSelector("fieldset.frequency input[value=once]"))
                    .isSelected())
            .isTrue();
        assertThat(
                appeal
                    .findElement(By.cssSelector(".amount-set[data-frequency=once]"))
                    .isDisplayed())
            .as("without a script every frequency's amounts are shown, each with its own field")
            .isTrue();
        appeal.findElement(By.cssSelector("input[name=custom]")).sendKeys("7");
        appeal.findElement(By.cssSelector("button[type=submit]")).click();

        plain.waiting().until(ExpectedConditions.urlContains("/support/pay?"));
        assertThat(URI.create(d.getCurrentUrl()).getQuery())
            .contains("frequency=once")
            .contains("custom=7");
        assertThat(d.findElement(By.cssSelector("main p.intro")).getText())
            .startsWith("You are giving $7 once.");
        d.findElement(
                By.cssSelector(
                    "ul.methods-list form:has(input[name=provider][value=testmode]) button"))
            .click();

        plain
            .waiting()
            .until(
                ExpectedConditions.urlMatches(
                    Pattern.quote(base) + "/support/testmode/[0-9a-f-]{36}$"));
        assertThat(d.findElement(By.cssSelector(".testmode-flag")).getText())
            .startsWith("TEST MODE");
        assertThat(d.findElement(By.cssSelector(".testmode-amount")).getText())
            .isEqualTo("$7 once");
        UUID checkout =
            UUID.fromString(d.getCurrentUrl().substring(d.getCurrentUrl().lastIndexOf('/') + 1));
        assertThat(
                jdbc.sql(
                        "SELECT frequency || ' ' || amount_minor || ' ' || currency || ' ' || status FROM checkout WHERE id = :id")
                    .param("id", checkout)
                    .query(String.class)
                    .single())
            .isEqualTo("ONCE 700 USD STARTED");
        assertThat(d.manage().getCookies()).as("cookies without JavaScript").isEmpty();
      } catch (Throwable t) {
        plain.screenshotQuietly("support-nojs-failure");
        throw t;
      }
    }
  }

  /** Publishes an English article now and returns its path on the site. */
  private String publish(String headline, long author) {
    return new Stories(publishing, articles, platform.timeZone(), EDITOR)
        .publish(Language.EN, headline, author, null);
  }

  private String progressLine(FundingProgress progress) {
    return progress.raised().format(EN)
        + " raised of "
        + progress.goal().format(EN)
        + " this month";
  }

  /**
   * "$X raised of $Y this month" out of a progress paragraph's text (which may include the bar's
   * fallback).
   */
  private static String progressLine(String text) {
    Matcher m = PROGRESS.matcher(text);
    assertThat(m.find()).as("progress in '" + text + "'").isTrue();
    return m.group();
  }

  private static BigDecimal amountIn(String progressLine) {
    Matcher m = PROGRESS.matcher(progressLine);
    assertThat(m.find()).isTrue();
    return new BigDecimal(m.group(1).replaceAll("[^0-9.]", ""));
  }

  private String lastMailText(String to, String subjectPart) {
    return jdbc.sql(
            """
            SELECT text_body FROM mail_outbox WHERE recipient = :to AND subject LIKE :s ORDER BY created_at DESC LIMIT 1
            """)
        .param("to", to)
        .param("s", "%" + subjectPart + "%")
        .query(String.class)
        .optional()
        .orElse(null);
  }

  private static JavascriptExecutor js(WebDriver d) {
    return (JavascriptExecutor) d;
  }

  private static String storage(WebDriver d, String key) {
    return (String) js(d).executeScript("return window.localStorage.getItem(arguments[0]);", key);
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
                    && "complete".equals(js(d).executeScript("return document.readyState")));
  }
}
