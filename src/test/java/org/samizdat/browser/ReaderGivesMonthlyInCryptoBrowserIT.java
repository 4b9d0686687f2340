package org.samizdat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.samizdat.IntegrationTest;
import org.samizdat.SlowTest;
import org.samizdat.revenue.Funding;
import org.samizdat.revenue.MonthlyCryptoReminders;
import org.samizdat.site.SiteSettings;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A reader who wants to give $5 a month in crypto (which has no automatic debit) gives this month's
 * $5 through the local BTCPay test checkout and leaves an address for a monthly e-mail with a fresh
 * invoice link; the goal moves by $5 and the reminder is kept, for that address only.
 */
@SlowTest
class ReaderGivesMonthlyInCryptoBrowserIT extends IntegrationTest {

  @Autowired Funding funding;
  @Autowired MonthlyCryptoReminders reminders;
  @Autowired JdbcClient jdbc;
  @Autowired SiteSettings site;

  @Test
  void fiveAMonthInCryptoIsThisMonthsGiftAndAMonthlyEmail() {
    String email = "monthly-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    // the checkout's links use the site's address: this browser finds this server there
    String base = site.baseUrl();
    try (Chromium reader = Chromium.start(Chromium.siteAddressIs(base, port))) {
      WebDriver d = reader.driver();
      d.get(base + "/support/pay?frequency=monthly&amount_monthly=5&currency=USD");
      waitForPage(reader, "/support/pay");
      WebElement offer = d.findElement(By.id("monthly-by-email-btcpay-testmode"));
      assertThat(offer.getText()).contains("no automatic monthly payment");
      offer.findElement(By.name("email")).sendKeys(email);
      long before = funding.progress().raised().minor();
      reader.screenshot("monthly-crypto-offer");
      offer.findElement(By.cssSelector("button[type=submit]")).click();

      waitForPage(reader, "/support/btcpay-testmode/i/");
      assertThat(d.findElement(By.cssSelector(".testmode-amount")).getText()).startsWith("$5 = ");
      d.findElement(By.id("btcpay-testmode-pay")).click();

      waitForPage(reader, "/support/thanks");
      assertThat(d.findElement(By.cssSelector("h1")).getText()).isEqualTo("Thank you");
      assertThat(funding.progress().raised().minor() - before)
          .as("this month's gift counts toward the goal")
          .isEqualTo(500);
      assertThat(
              jdbc.sql("SELECT amount_minor FROM monthly_crypto_reminder WHERE email = :e")
                  .param("e", email)
                  .query(Long.class)
                  .list())
          .as("one monthly e-mail for this address, for $5")
          .containsExactly(500L);
    } finally {
      jdbc.sql("SELECT id FROM monthly_crypto_reminder WHERE email = :e")
          .param("e", email)
          .query(UUID.class)
          .list()
          .forEach(reminders::delete);
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
