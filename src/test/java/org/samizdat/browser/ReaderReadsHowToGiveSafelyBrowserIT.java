package org.samizdat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.samizdat.IntegrationTest;
import org.samizdat.SlowTest;
import org.samizdat.revenue.GivingDetails;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A reader about to give follows "Giving safely" from the payment methods page, reads which method
 * leaves which traces, and goes on to the other ways to give, where the newsroom's wallet address
 * is shown with a QR code the page itself draws.
 */
@SlowTest
class ReaderReadsHowToGiveSafelyBrowserIT extends IntegrationTest {

  @Autowired GivingDetails giving;

  @Test
  void fromThePaymentMethodsToTheSafeGivingPageAndTheWalletsQrCode() {
    long id = giving.addCryptoAddress("BTC", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq");
    try (Chromium reader = Chromium.start()) {
      WebDriver d = reader.driver();
      String base = "http://localhost:" + port;

      d.get(base + "/support/pay?frequency=once&amount_once=10&currency=USD");
      waitForPage(reader, "/support/pay");
      d.findElement(By.cssSelector("main a[href='/support/safely']")).click();

      waitForPage(reader, "/support/safely");
      assertThat(d.findElement(By.cssSelector("article#safe-giving h1")).getText())
          .isEqualTo("Giving safely");
      String words = d.findElement(By.id("safe-giving")).getText();
      assertThat(words).contains("fresh wallet").contains("Lightning");
      reader.screenshot("safe-giving");

      d.findElement(By.cssSelector("article#safe-giving a.button")).click();
      waitForPage(reader, "/support");
      WebElement qr = d.findElement(By.cssSelector("#other-ways figure.crypto-address svg.qr"));
      assertThat(qr.isDisplayed()).isTrue();
      assertThat(qr.getSize().getWidth()).as("drawn at a scannable size").isGreaterThan(100);
      assertThat(d.findElement(By.cssSelector("#other-ways figure.crypto-address code")).getText())
          .isEqualTo("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq");
      reader.screenshot("crypto-address-qr");
    } finally {
      giving.deleteCryptoAddress(id);
    }
  }

  private static void waitForPage(Chromium browser, String path) {
    browser
        .waiting()
        .until(
            d ->
                URI.create(d.getCurrentUrl()).getPath().equals(path)
                    && "complete"
                        .equals(
                            ((JavascriptExecutor) d).executeScript("return document.readyState")));
  }
}
