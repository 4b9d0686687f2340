package org.samizdat.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.samizdat.IntegrationTest;
import org.samizdat.SlowTest;
import org.samizdat.platform.Money;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.i18n.Language;
import org.samizdat.platform.i18n.Messages;
import org.samizdat.publishing.Actor;
import org.samizdat.publishing.Articles;
import org.samizdat.publishing.Publishing;
import org.samizdat.publishing.Taxonomy;
import org.samizdat.revenue.Funding;
import org.samizdat.site.SiteSettings;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The walk a new reader took (issue 16), in a real browser: every currency counts toward the goal,
 * progress never goes backwards, the giving flow says what it does.
 */
@SlowTest
class NewReaderWalkBrowserIT extends IntegrationTest {

  private static final Locale EN = Language.EN.locale();

  @Autowired Funding funding;
  @Autowired SiteSettings site;
  @Autowired PlatformSettings platform;
  @Autowired Publishing publishing;
  @Autowired Articles articles;
  @Autowired Taxonomy taxonomy;
  @Autowired JdbcClient jdbc;

  private static final Actor EDITOR = new Actor(0, "NewReaderWalkBrowserIT");

  @Test
  void aEuroGiftMovesTheGoalByItsConvertedAmountAndSupportShowsTheNewTotalRightAway() {
    String base = site.baseUrl();
    String email = "euro-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    try (Chromium browser = Chromium.start(Chromium.siteAddressIs(base, port))) {
      WebDriver d = browser.driver();
      try {
        // An editor keeps a EUR rate in the newsroom.
        signIn(browser, base);
        d.get(base + "/newsroom/revenue/rates");
        waitForPage(browser, "/newsroom/revenue/rates");
        new Select(d.findElement(By.id("rate-currency"))).selectByValue("EUR");
        d.findElement(By.id("rate-value")).sendKeys("1.25");
        String today = LocalDate.now(platform.timeZone()).toString();
        js(d).executeScript("document.getElementById('rate-date').value = arguments[0];", today);
        d.findElement(By.cssSelector("form.revenue-form button[type=submit]")).click();
        browser
            .waiting()
            .until(
                ExpectedConditions.textToBePresentInElementLocated(
                    By.id("rates"), "1 EUR = 1.25 USD"));
        assertThat(d.findElement(By.id("rates")).getText()).contains(today);

        // A reader opens /support (the browser keeps it), gives 8 EUR once.
        d.get(base + "/support");
        waitForPage(browser, "/support");
        assertNoBanner(d, "/support");
        Money before = funding.progress().raised();
        assertThat(d.findElement(By.cssSelector("#support-form .progress-text")).getText())
            .contains(before.format(EN) + " raised");
        d.findElement(By.cssSelector("#support-form input[name=frequency][value=once]")).click();
        assertThat(visibleAmounts(d))
            .as("amounts in the goal's currency")
            .allMatch(a -> a.startsWith("$"));
        new Select(d.findElement(By.cssSelector("#support-form select[name=currency]")))
            .selectByValue("EUR");
        // The amounts, the minimum and the custom field follow the chosen currency at once.
        assertThat(visibleAmounts(d))
            .as("amounts after choosing EUR")
            .isNotEmpty()
            .allMatch(a -> a.startsWith("€"));
        assertThat(
                d.findElements(By.cssSelector("#support-form .amount-set p.minimum")).stream()
                    .filter(e -> e.isDisplayed())
                    .map(e -> e.getText())
                    .toList())
            .containsExactly("From €5");
        assertThat(d.findElement(By.cssSelector("#support-form .custom-currency")).getText())
            .isEqualTo("€");
        d.findElement(By.cssSelector("#support-form input[name=custom]")).sendKeys("8");
        d.findElement(By.cssSelector("#support-form button[type=submit]")).click();
        waitForPage(browser, "/support/pay");
        assertNoBanner(d, "/support/pay");
        assertThat(d.findElement(By.cssSelector("main p.intro")).getText()).contains("€8");
        d.findElement(
                By.cssSelector(
                    "ul.methods-list form:has(input[name=provider][value=testmode]) button"))
            .click();
        waitForPage(browser, "/support/testmode/");
        d.findElement(By.id("email")).sendKeys(email);
        d.findElement(By.id("testmode-pay")).click();
        waitForPage(browser, "/support/thanks");
        Money after = funding.progress().raised();
        assertThat(after.minor() - before.minor())
            .as("8 EUR at 1.25 counts as $10 toward the goal")
            .isEqualTo(1000);
        assertThat(d.findElement(By.cssSelector("#support-outcome .progress-text")).getText())
            .contains(after.format(EN) + " raised");
        assertNoBanner(d, "/support/thanks");
        d.manage().window().setSize(new Dimension(390, 844));
        browser.screenshot("newreader-thanks-en-390");
        d.manage().window().setSize(new Dimension(1280, 1600));

        // /support, opened next, never shows an older total (at most the refresh interval late).
        d.get(base + "/support");
        waitForPage(browser, "/support");
        await()
            .atMost(Duration.ofSeconds(5))
            .untilAsserted(
                () -> {
                  d.navigate().refresh();
                  assertThat(
                          d.findElement(By.cssSelector("#support-form .progress-text")).getText())
                      .contains(after.format(EN) + " raised");
                });

        // The newsroom shows the rate beside the figure it produced.
        d.get(base + "/newsroom/revenue");
        waitForPage(browser, "/newsroom/revenue");
        assertThat(d.findElement(By.id("raised")).getText()).isEqualTo(after.format(EN));
        assertThat(d.findElement(By.id("rates-used")).getText())
            .contains("1 EUR = 1.25 USD (rate of " + today + ")");
      } catch (Throwable t) {
        browser.screenshotQuietly("newreader-eur-failure");
        throw t;
      }
    }
  }

  @Test
  void withoutJavaScriptChoosingACurrencyShowsThatCurrencysAmountsAfterContinue() {
    String base = site.baseUrl();
    try (Chromium plain =
        Chromium.start(
            Chromium.siteAddressIs(base, port)
                .andThen(
                    options ->
                        options.setExperimentalOption(
                            "prefs",
                            java.util.Map.of(
                                "profile.managed_default_content_settings.javascript", 2))))) {
      WebDriver d = plain.driver();
      try {
        d.get(base + "/support");
        waitForPage(plain, "/support");
        d.findElement(By.cssSelector("#support-form input[name=frequency][value=once]")).click();
        new Select(d.findElement(By.cssSelector("#support-form select[name=currency]")))
            .selectByValue("EUR");
        d.findElement(By.cssSelector("#support-form button[type=submit]")).click();
        plain.waiting().until(ExpectedConditions.urlContains("currency=EUR"));
        assertThat(URI.create(d.getCurrentUrl()).getPath()).isEqualTo("/support");
        assertThat(
                d.findElement(By.cssSelector("#support-form input[name=frequency][value=once]"))
                    .isSelected())
            .as("the chosen frequency kept")
            .isTrue();
        assertThat(visibleAmounts(d)).isNotEmpty().allMatch(a -> a.startsWith("€"));
        d.findElement(
                By.cssSelector(
                    ".amount-set[data-frequency=once][data-currency=EUR] input[value='50']"))
            .click();
        d.findElement(By.cssSelector("#support-form button[type=submit]")).click();
        plain.waiting().until(ExpectedConditions.urlContains("/support/pay"));
        assertThat(d.findElement(By.cssSelector("main p.intro")).getText())
            .startsWith("You are giving €50 once.");
      } catch (Throwable t) {
        plain.screenshotQuietly("newreader-nojs-currency-failure");
        throw t;
      }
    }
  }

  @Test
  void remindMeLaterConfirmsInPlaceWithoutAJumpAndTheNextArticleHasNoAppealInBothLanguages() {
    String u = UUID.randomUUID().toString().substring(0, 8);
    String base = site.baseUrl();
    int days = funding.settings().remindLaterDays();
    for (Language language : Language.values()) {
      String first = publish(language, "Snooze one " + language.code() + " " + u, u);
      String second = publish(language, "Snooze two " + language.code() + " " + u, u);
      String until =
          LocalDate.now()
              .plusDays(days)
              .format(java.time.format.DateTimeFormatter.ofPattern("d MMMM", language.locale()));
      Messages m = Messages.of(language);
      try (Chromium browser = Chromium.start(Chromium.siteAddressIs(base, port))) {
        WebDriver d = browser.driver();
        try {
          // on a phone, where the jump was worst
          d.manage().window().setSize(new Dimension(390, 844));
          d.get(base + first);
          waitForPage(browser, first);
          WebElement appeal =
              browser
                  .waiting()
                  .until(
                      ExpectedConditions.visibilityOfElementLocated(
                          By.cssSelector("section#appeal")));
          WebElement later = appeal.findElement(By.cssSelector("a.remind-later"));
          js(d).executeScript("arguments[0].scrollIntoView({block: 'center'});", later);
          long linkTop = top(d, later);
          later.click();
          WebElement snoozed =
              browser
                  .waiting()
                  .until(
                      ExpectedConditions.visibilityOfElementLocated(
                          By.cssSelector("p.appeal-snoozed")));
          assertThat(appeal.isDisplayed()).isFalse();
          assertThat(snoozed.getText())
              .startsWith(m.t("support.snoozed", until))
              .contains(m.t("support.snoozed.show"))
              .contains(m.t("support.snoozed.email"));
          long viewport = ((Number) js(d).executeScript("return window.innerHeight;")).longValue();
          assertThat(top(d, snoozed))
              .as("the confirmation is in view where the reader was reading")
              .isBetween(0L, viewport - 40);
          assertThat(Math.abs(top(d, snoozed) - linkTop))
              .as("the confirmation stands where the link was: no jump")
              .isLessThan(100);
          assertThat(
                  snoozed
                      .findElement(By.xpath(".//a[contains(@href, '/support/remind')]"))
                      .isDisplayed())
              .as("the one-e-mail reminder offered")
              .isTrue();
          browser.screenshot("newreader-snoozed-" + language.code());

          d.get(base + second);
          waitForPage(browser, second);
          assertThat(d.findElement(By.cssSelector("section#appeal")).isDisplayed())
              .as("appeal on the next article")
              .isFalse();
          assertThat(d.findElements(By.id("support-banner")))
              .as("banner on the next article")
              .allMatch(b -> !b.isDisplayed());
        } catch (Throwable t) {
          browser.screenshotQuietly("newreader-snooze-failure-" + language.code());
          throw t;
        }
      }
      // The page "Remind me later" leads to (from the support page, or without a script) hides the
      // appeal for real before saying so.
      try (Chromium browser = Chromium.start(Chromium.siteAddressIs(base, port))) {
        WebDriver d = browser.driver();
        String remind = (language == Language.RU ? "/ru" : "") + "/support/remind";
        d.get(base + remind);
        waitForPage(browser, remind);
        assertThat(d.findElement(By.cssSelector("main .appeal-snoozed")).getText())
            .isEqualTo(m.t("reminder.browser", until));
        d.get(base + first);
        waitForPage(browser, first);
        assertThat(d.findElement(By.cssSelector("section#appeal")).isDisplayed())
            .as("appeal after the remind page said it is hidden")
            .isFalse();
      }
    }
  }

  @Test
  void theGivingFlowHasNoBannerTestModeLooksLikeACheckoutAndTryAgainKeepsTheGiftInRussian() {
    String base = site.baseUrl();
    Messages m = Messages.of(Language.RU);
    try (Chromium browser = Chromium.start(Chromium.siteAddressIs(base, port))) {
      WebDriver d = browser.driver();
      try {
        d.manage().window().setSize(new Dimension(390, 844));
        d.get(base + "/ru/support");
        waitForPage(browser, "/ru/support");
        assertNoBanner(d, "/ru/support");
        d.findElement(By.cssSelector("#support-form input[name=frequency][value=monthly]")).click();
        d.findElement(By.cssSelector("#support-form input[name=custom]")).sendKeys("7");
        d.findElement(By.cssSelector("#support-form button[type=submit]")).click();
        waitForPage(browser, "/ru/support/pay");
        assertNoBanner(d, "/ru/support/pay");
        assertThat(d.findElement(By.cssSelector("main")).getText())
            .contains(m.t("support.provider.testmode"))
            .doesNotContain("TEST MODE: no money moves");
        d.findElement(
                By.cssSelector(
                    "ul.methods-list form:has(input[name=provider][value=testmode]) button"))
            .click();
        waitForPage(browser, "/support/testmode/");
        assertThat(d.findElement(By.cssSelector(".testmode-checkout")).getText())
            .contains(m.t("testmode.flag"))
            .contains(m.t("testmode.card"))
            .doesNotContain("TEST MODE")
            .doesNotContain("Test card");
        WebElement pay = d.findElement(By.id("testmode-pay"));
        WebElement decline = d.findElement(By.id("testmode-decline"));
        assertThat(pay.getDomAttribute("class")).contains("button").contains("primary");
        assertThat(decline.getDomAttribute("class")).contains("button").contains("secondary");
        assertThat(pay.getSize().getHeight()).as("a real button, not 21 px").isGreaterThan(40);
        assertThat(decline.getSize().getHeight()).isGreaterThan(40);
        browser.screenshot("newreader-testmode-ru-390");
        decline.click();
        waitForPage(browser, "/ru/support/cancelled");
        assertNoBanner(d, "/ru/support/cancelled");
        d.findElement(By.id("try-again")).click();
        waitForPage(browser, "/ru/support/pay");
        assertThat(d.findElement(By.cssSelector("main p.intro")).getText())
            .as("back at the payment choice with the same gift")
            .contains("7")
            .contains(m.t("support.pay.per.monthly"));
        d.findElement(
                By.cssSelector(
                    "ul.methods-list form:has(input[name=provider][value=testmode]) button"))
            .click();
        waitForPage(browser, "/support/testmode/");
        String email = "ru-cancel-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        d.findElement(By.id("email")).sendKeys(email);
        d.findElement(By.id("testmode-pay")).click();
        waitForPage(browser, "/ru/support/thanks");
        assertNoBanner(d, "/ru/support/thanks");
        browser.screenshot("newreader-thanks-ru-390");

        // Managing the gift: no banner either; cancelling asks once; a refused amount stays.
        d.get(base + "/ru/support/manage");
        waitForPage(browser, "/ru/support/manage");
        assertNoBanner(d, "/ru/support/manage");
        d.findElement(By.id("manage-email")).sendKeys(email);
        d.findElement(By.cssSelector("form.plain-form button[type=submit]")).click();
        String mail =
            await()
                .atMost(Duration.ofSeconds(15))
                .until(() -> lastManageMail(email), t -> t != null);
        Matcher link =
            Pattern.compile(Pattern.quote(base) + "/ru/support/manage/[^\\s/]+").matcher(mail);
        assertThat(link.find()).as("a manage link to the site in: " + mail).isTrue();
        d.get(link.group());
        waitForPage(browser, "/ru/support/manage/");
        assertNoBanner(d, "/ru/support/manage/… (the link's button)");
        d.findElement(By.id("open-support")).click();
        waitForPage(browser, "/ru/support/manage/session/");
        assertNoBanner(d, "/ru/support/manage/session/…");
        browser.screenshot("newreader-manage-ru-390");
        WebElement field = d.findElement(By.cssSelector("li.recurring input[name=amount]"));
        field.clear();
        field.sendKeys("0,5");
        d.findElement(By.cssSelector("li.recurring form.inline-form button.button:not(.danger)"))
            .click();
        browser
            .waiting()
            .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("main .error")));
        assertThat(
                d.findElement(By.cssSelector("li.recurring input[name=amount]"))
                    .getDomProperty("value"))
            .as("the refused amount as the reader typed it")
            .isEqualTo("0,5");
        d.findElement(By.cssSelector("li.recurring button.danger")).click();
        WebElement confirm =
            browser
                .waiting()
                .until(
                    ExpectedConditions.visibilityOfElementLocated(
                        By.cssSelector("form.cancel-confirm")));
        assertThat(confirm.getText()).contains(m.t("supporter.cancel.confirm.monthly", "7 $"));
        assertThat(subscriptionStatus(email))
            .as("nothing cancelled on the first click")
            .isEqualTo("ACTIVE");
        confirm.findElement(By.cssSelector("button.danger")).click();
        browser
            .waiting()
            .until(
                ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector("p.flash-message"), m.t("supporter.cancelled")));
        assertThat(subscriptionStatus(email)).isEqualTo("CANCELLED");

        d.get(base + "/ru/support/remind");
        waitForPage(browser, "/ru/support/remind");
        assertNoBanner(d, "/ru/support/remind");
      } catch (Throwable t) {
        browser.screenshotQuietly("newreader-flow-failure");
        throw t;
      }
    }
  }

  @Test
  void afterTheLanguageRoundTripTheMastheadLeadsToTheFrontPageOfTheEditionBeingRead() {
    String u = UUID.randomUUID().toString().substring(0, 8);
    String base = site.baseUrl();
    String english = publish(Language.EN, "Round trip " + u, u);
    long englishId =
        jdbc.sql("SELECT id FROM article WHERE headline = :h")
            .param("h", "Round trip " + u)
            .query(Long.class)
            .single();
    String russian = publish(Language.RU, "Туда и обратно " + u, u, englishId);
    try (Chromium browser = Chromium.start(Chromium.siteAddressIs(base, port))) {
      WebDriver d = browser.driver();
      try {
        d.get(base + english);
        waitForPage(browser, english);
        d.findElement(By.cssSelector("p.translation a")).click();
        waitForPage(browser, russian);
        assertThat(d.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("ru");
        d.findElement(By.cssSelector("p.translation a")).click();
        waitForPage(browser, english);
        assertThat(d.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("en");
        d.findElement(By.cssSelector("a.brand")).click();
        browser
            .waiting()
            .until(d2 -> "complete".equals(js(d2).executeScript("return document.readyState")));
        browser.waiting().until(ExpectedConditions.urlToBe(base + "/"));
        // and it stays there: no redirect to the other edition by an older choice
        d.navigate().refresh();
        browser
            .waiting()
            .until(d2 -> "complete".equals(js(d2).executeScript("return document.readyState")));
        assertThat(URI.create(d.getCurrentUrl()).getPath()).isEqualTo("/");

        // The other way round: from the Russian article, its English version and back, the
        // masthead leads to /ru/.
        d.get(base + russian);
        waitForPage(browser, russian);
        d.findElement(By.cssSelector("p.translation a")).click();
        waitForPage(browser, english);
        d.findElement(By.cssSelector("p.translation a")).click();
        waitForPage(browser, russian);
        d.findElement(By.cssSelector("a.brand")).click();
        browser.waiting().until(ExpectedConditions.urlToBe(base + "/ru/"));
      } catch (Throwable t) {
        browser.screenshotQuietly("newreader-masthead-failure");
        throw t;
      }
    }
  }

  private String subscriptionStatus(String email) {
    return jdbc.sql(
            """
            SELECT s.status FROM subscription s JOIN supporter p ON p.id = s.supporter_id
            WHERE lower(p.email) = lower(:email)
            """)
        .param("email", email)
        .query(String.class)
        .single();
  }

  /** The text of the latest "manage my support" mail to the address, while it waits to be sent. */
  private String lastManageMail(String to) {
    return jdbc.sql(
            """
            SELECT text_body FROM mail_outbox
            WHERE recipient = :to AND text_body LIKE '%/support/manage/%'
            ORDER BY created_at DESC LIMIT 1
            """)
        .param("to", to)
        .query(String.class)
        .optional()
        .orElse(null);
  }

  private static void assertNoBanner(WebDriver d, String page) {
    assertThat(d.findElements(By.id("support-banner"))).as("banner on " + page).isEmpty();
  }

  private static long top(WebDriver d, WebElement e) {
    return ((Number) js(d).executeScript("return arguments[0].getBoundingClientRect().top;", e))
        .longValue();
  }

  private String publish(Language language, String headline, String u) {
    return publish(language, headline, u, null);
  }

  private String publish(Language language, String headline, String u, Long translation) {
    long author =
        taxonomy.createAuthor(
            "Newreader " + headline,
            "newreader-"
                + language.code()
                + "-"
                + u
                + "-"
                + Integer.toUnsignedString(headline.hashCode(), 36),
            "");
    return new Stories(publishing, articles, platform.timeZone(), EDITOR)
        .publish(language, headline, author, translation);
  }

  /** The amount buttons a reader sees in the support form now. */
  private static java.util.List<String> visibleAmounts(WebDriver d) {
    return d.findElements(By.cssSelector("#support-form .amount-set label.choice")).stream()
        .filter(e -> e.isDisplayed())
        .map(e -> e.getText().trim())
        .toList();
  }

  private void signIn(Chromium browser, String base) {
    WebDriver d = browser.driver();
    d.get(base + "/newsroom/login");
    waitForPage(browser, "/newsroom/login");
    d.findElement(By.id("email")).sendKeys(ADMIN_EMAIL);
    d.findElement(By.id("password")).sendKeys(ADMIN_PASSWORD);
    d.findElement(By.cssSelector("form[action='/newsroom/login'] button[type=submit]")).click();
    browser.waiting().until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
  }

  private static JavascriptExecutor js(WebDriver d) {
    return (JavascriptExecutor) d;
  }

  private static void waitForPage(Chromium browser, String path) {
    browser
        .waiting()
        .until(
            d ->
                URI.create(d.getCurrentUrl()).getPath().startsWith(path)
                    && "complete".equals(js(d).executeScript("return document.readyState")));
  }
}
