package org.samizdat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.samizdat.IntegrationTest;
import org.samizdat.SlowTest;
import org.samizdat.revenue.Funding;
import org.samizdat.site.SiteSettings;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A reader gives $25 once in crypto through the local BTCPay test checkout (the same rail, invoice
 * and signed webhook as a real BTCPay store) and $10 once without leaving an address; the goal
 * moves by each, and nothing anywhere holds an address for the anonymous gift.
 */
@SlowTest
class ReaderGivesInCryptoAndAnonymouslyBrowserIT extends IntegrationTest {

  @Autowired Funding funding;
  @Autowired SiteSettings site;
  @Autowired JdbcClient jdbc;

  @Test
  void twentyFiveOnceInCryptoThenTenAnonymouslyEachMoveTheGoal() {
    String base = site.baseUrl();
    try (Chromium reader = Chromium.start(Chromium.siteAddressIs(base, port))) {
      WebDriver d = reader.driver();

      // 1. $25 once in crypto, from the appeal on /support.
      d.get(base + "/support");
      waitForPage(reader, "/support");
      WebElement form = d.findElement(By.cssSelector("#support-form"));
      form.findElement(By.cssSelector("fieldset.frequency input[value=once]")).click();
      WebElement twentyFive =
          form.findElement(By.cssSelector("input[name=amount_once][value='25']"));
      reader.waiting().until(x -> twentyFive.isDisplayed());
      twentyFive.click();
      form.findElement(By.cssSelector("button[type=submit]")).click();
      waitForPage(reader, "/support/pay");
      assertThat(d.findElement(By.cssSelector("main p.intro")).getText())
          .startsWith("You are giving $25 once.");
      WebElement crypto =
          d.findElement(
              By.cssSelector(
                  "ul.methods-list form:has(input[name=provider][value=btcpay-testmode])"
                      + " button.method"));
      assertThat(crypto.getText())
          .isEqualTo("Crypto: Bitcoin, Lightning (TEST MODE: no money moves)");
      long before = funding.progress().raised().minor();
      crypto.click();

      waitForPage(reader, "/support/btcpay-testmode/i/");
      assertThat(d.findElement(By.cssSelector(".testmode-flag")).getText()).startsWith("TEST MODE");
      assertThat(d.findElement(By.cssSelector(".testmode-amount")).getText())
          .isEqualTo("$25 = 0.00050000 BTC");
      reader.screenshot("crypto-testmode-checkout");
      d.findElement(By.id("btcpay-testmode-pay")).click();

      waitForPage(reader, "/support/thanks");
      assertThat(d.findElement(By.cssSelector("h1")).getText()).isEqualTo("Thank you");
      assertThat(d.findElement(By.cssSelector(".support-outcome p.amount")).getText())
          .isEqualTo("Your gift: $25 once");
      assertThat(d.findElement(By.cssSelector("#receipt")).getText())
          .contains("$25")
          .contains("SG-");
      assertThat(d.findElement(By.cssSelector("main .testmode-flag")).getText())
          .contains("TEST MODE");
      reader.screenshot("crypto-thanks");
      assertThat(funding.progress().raised().minor() - before)
          .as("the goal moved by the crypto gift, in cents")
          .isEqualTo(2500);

      // 2. $10 once without leaving an address.
      Instant start = Instant.now().minusSeconds(1);
      long supportersBefore = count("SELECT count(*) FROM supporter");
      long mailsBefore = count("SELECT count(*) FROM mail_outbox");
      d.get(base + "/support/pay?frequency=once&amount_once=10&currency=USD");
      waitForPage(reader, "/support/pay");
      WebElement anonymous =
          d.findElement(
              By.cssSelector(
                  "ul.methods-list form:has(input[name=provider][value=testmode]) button.anonymous"));
      assertThat(anonymous.getText()).isEqualTo("…without leaving my address");
      long beforeAnonymous = funding.progress().raised().minor();
      anonymous.click();

      waitForPage(reader, "/support/testmode/");
      assertThat(d.findElements(By.id("email"))).as("no address asked").isEmpty();
      d.findElement(By.id("testmode-pay")).click();
      waitForPage(reader, "/support/thanks");
      String reference = d.findElement(By.cssSelector("#receipt .reference")).getText();
      assertThat(reference).matches("SG-[A-Z0-9]{5}-[A-Z0-9]{5}");
      assertThat(d.findElement(By.id("support-outcome")).getText())
          .contains("no receipt will be e-mailed")
          .doesNotContain("on its way to your e-mail");
      reader.screenshot("anonymous-thanks");
      assertThat(funding.progress().raised().minor() - beforeAnonymous)
          .as("the goal moved by the anonymous gift")
          .isEqualTo(1000);

      // No address stored anywhere for it.
      assertThat(
              count(
                  "SELECT count(*) FROM ledger_entry WHERE provider = 'testmode' AND amount_minor = 1000"
                      + " AND supporter_id IS NULL AND recorded_at >= '"
                      + Timestamp.from(start)
                      + "'"))
          .isEqualTo(1);
      assertThat(count("SELECT count(*) FROM supporter")).isEqualTo(supportersBefore);
      assertThat(count("SELECT count(*) FROM mail_outbox")).isEqualTo(mailsBefore);
      assertThat(
              count(
                  "SELECT count(*) FROM provider_event WHERE received_at >= '"
                      + Timestamp.from(start)
                      + "' AND event_json LIKE '%@%'"))
          .as("no address in the stored provider events")
          .isZero();
    }
  }

  private long count(String sql) {
    return jdbc.sql(sql).query(Long.class).single();
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
