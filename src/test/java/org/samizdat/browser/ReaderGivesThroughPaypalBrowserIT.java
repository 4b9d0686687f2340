package org.samizdat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.samizdat.IntegrationTest;
import org.samizdat.SlowTest;
import org.samizdat.revenue.Funding;
import org.samizdat.site.SiteSettings;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The PayPal rail end to end in a real browser, offline: with nothing configured, a reader of the
 * Russian edition chooses PayPal for 5 a month, approves on the local PayPal TEST MODE page (in
 * Russian), comes back thanked, and the month's goal has moved by exactly 5, recorded from a
 * PayPal-shaped webhook the app verified like a real one.
 */
@SlowTest
class ReaderGivesThroughPaypalBrowserIT extends IntegrationTest {

  @Autowired Funding funding;
  @Autowired SiteSettings site;
  @Autowired JdbcClient jdbc;

  @Test
  void aReaderGivesFiveAMonthThroughPaypalsTestModeAndTheGoalMovesByFive() {
    String email =
        "paypal-browser-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    // PayPal sends the reader back to the site's configured address: the browser is told that this
    // address is this test's server.
    String base = site.baseUrl();
    try (Chromium reader = Chromium.start(Chromium.siteAddressIs(base, port))) {
      WebDriver d = reader.driver();
      d.get(base + "/ru/support/pay?frequency=monthly&amount=5&currency=USD");
      waitForPage(reader, "/ru/support/pay");
      var paypal =
          d.findElement(
              By.cssSelector(
                  "ul.methods-list form:has(input[name=provider][value=paypal-testmode]) button"));
      assertThat(paypal.getText()).isEqualTo("PayPal (ТЕСТОВЫЙ РЕЖИМ: деньги не списываются)");
      paypal.click();

      waitForPage(reader, "/paypal-testmode/checkoutnow");
      assertThat(d.findElement(By.cssSelector(".testmode-flag")).getText())
          .startsWith("ТЕСТОВЫЙ РЕЖИМ");
      assertThat(d.findElement(By.cssSelector(".testmode-amount")).getText()).contains("в месяц");
      reader.screenshot("paypal-testmode-approve");
      d.findElement(By.id("email")).sendKeys(email);
      long before = funding.progress().raised().minor();
      d.findElement(By.id("paypal-approve")).click();

      waitForPage(reader, "/ru/support/thanks");
      reader.screenshot("paypal-thanks");
      assertThat(funding.progress().raised().minor())
          .as("raised this month, in cents")
          .isEqualTo(before + 500);
      assertThat(
              jdbc.sql(
                      """
                      SELECT count(*) FROM subscription s JOIN supporter p ON p.id = s.supporter_id
                      WHERE lower(p.email) = lower(:email) AND s.provider = 'paypal-testmode'
                        AND s.status = 'ACTIVE' AND s.amount_minor = 500 AND s.frequency = 'MONTHLY'
                      """)
                  .param("email", email)
                  .query(Long.class)
                  .single())
          .isEqualTo(1);
    }
  }

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
}
