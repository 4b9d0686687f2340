package org.samizdat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;
import org.samizdat.IntegrationTest;
import org.samizdat.SlowTest;
import org.samizdat.WebClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A staff member adds a passkey on their account screen and signs in with it, no password, in
 * headless Chromium whose virtual authenticator (CTAP2, built in, resident keys, user verification)
 * plays the phone or laptop. Then the passkey is the second factor the newsroom requires, and a
 * disabled account cannot use it.
 */
@SlowTest
class StaffPasskeyBrowserIT extends IntegrationTest {

  static final String PASSWORD = "a passkey owner's password";

  @Autowired JdbcClient jdbc;

  @Test
  void aMemberAddsAPasskeyAndSignsInWithItAloneEvenWhenASecondFactorIsRequired() {
    String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    String email = "passkey-" + suffix + "@samizdat.test";
    WebClient admin = admin();
    assertThat(
            admin
                .post(
                    "/newsroom/staff",
                    Map.of(
                        "email",
                        email,
                        "displayName",
                        "Pat Passkey " + suffix,
                        "password",
                        PASSWORD,
                        "role",
                        "EDITOR"))
                .status())
        .isEqualTo(302);
    long id =
        jdbc.sql("SELECT id FROM staff_user WHERE email = :e")
            .param("e", email)
            .query(Long.class)
            .single();
    // WebAuthn's RP id is the site's host, localhost here: the browser must use that name
    String base = "http://localhost:" + port;

    try (Chromium browser = Chromium.start()) {
      WebDriver driver = browser.driver();
      VirtualAuthenticator authenticator =
          ((HasVirtualAuthenticator) driver)
              .addVirtualAuthenticator(
                  new VirtualAuthenticatorOptions()
                      .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                      .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
                      .setHasResidentKey(true)
                      .setHasUserVerification(true)
                      .setIsUserVerified(true));
      try {
        // signed in with the password, the member adds a passkey under Account
        signInWithPassword(browser, base, email);
        driver.get(base + "/newsroom/account");
        browser
            .waiting()
            .until(ExpectedConditions.visibilityOfElementLocated(By.id("passkey-add")));
        driver
            .findElement(By.cssSelector("#passkey-add input[name=label]"))
            .sendKeys("Work laptop");
        driver.findElement(By.cssSelector("#passkey-add button")).click();
        browser
            .waiting()
            // the page is replaced under the wait (a POST, then its redirect): a node of the old
            // one
            // may be gone mid-read
            .ignoring(org.openqa.selenium.WebDriverException.class)
            .until(
                ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector(".flash"), "Passkey added"));
        assertThat(driver.findElement(By.cssSelector("table.passkeys")).getText())
            .contains("Work laptop");
        assertThat(authenticator.getCredentials()).hasSize(1);
        assertThat(authenticator.getCredentials().get(0).isResidentCredential()).isTrue();
        assertThat(
                jdbc.sql(
                        "SELECT count(*) FROM audit_entry WHERE actor = :e AND action ="
                            + " 'second-factor-change' AND subject LIKE '%Work laptop%added%'")
                    .param("e", email)
                    .query(Long.class)
                    .single())
            .isEqualTo(1);

        // signed out, the passkey alone signs in: no e-mail, no password
        signOut(browser);
        signInWithPasskey(browser, base);
        assertThat(driver.getCurrentUrl()).isEqualTo(base + "/newsroom/articles");
        assertThat(driver.findElement(By.cssSelector(".nr-logout")).getText())
            .contains("Pat Passkey " + suffix);
        driver.get(base + "/newsroom/account");
        assertThat(driver.findElement(By.cssSelector("table.passkeys")).getText())
            .doesNotContain("never"); // its last use is shown
        assertThat(
                jdbc.sql(
                        "SELECT count(*) FROM audit_entry WHERE actor = :e AND action = 'sign-in'"
                            + " AND subject = 'passkey'")
                    .param("e", email)
                    .query(Long.class)
                    .single())
            .isEqualTo(1);
        browser.screenshot("passkey-account");
        // the session is the member's like a password one: named for them (so disabling them,
        // changing their role or "sign out everywhere" finds it), its lifetime counted from now
        assertThat(
                jdbc.sql(
                        "SELECT count(*) FROM spring_session s JOIN spring_session_attributes a"
                            + " ON a.session_primary_id = s.primary_id WHERE s.principal_name = :e"
                            + " AND a.attribute_name = 'samizdat.signedInAt'")
                    .param("e", email)
                    .query(Long.class)
                    .single())
            .isEqualTo(1);
        driver.findElement(By.cssSelector("form[action$='sign-out-everywhere'] button")).click();
        browser.waiting().until(ExpectedConditions.urlContains("/newsroom/login"));
        assertThat(
                jdbc.sql("SELECT count(*) FROM spring_session WHERE principal_name = :e")
                    .param("e", email)
                    .query(Long.class)
                    .single())
            .isZero();

        // the newsroom now requires a second factor: the passkey is one, a password alone is not
        admin.open("/newsroom/staff");
        admin.post("/newsroom/staff/second-factor", Map.of("required", "true"));
        signInWithPasskey(browser, base);
        assertThat(driver.getCurrentUrl()).isEqualTo(base + "/newsroom/articles");
        driver.get(base + "/newsroom/articles");
        assertThat(driver.getCurrentUrl()).endsWith("/newsroom/articles");
        signOut(browser);
        signInWithPassword(browser, base, email);
        assertThat(driver.getCurrentUrl()).contains("/newsroom/login?passkey");
        assertThat(driver.findElement(By.cssSelector(".error")).getText()).contains("passkey");
        driver.get(base + "/newsroom/articles");
        assertThat(driver.getCurrentUrl())
            .as("a password alone opens nothing")
            .contains("/newsroom/login?passkey");
        driver.findElement(By.id("passkey-sign-in")).click();
        browser.waiting().until(ExpectedConditions.urlToBe(base + "/newsroom/articles"));

        // disabled by an admin, the member's session ends and the passkey no longer signs in
        admin.open("/newsroom/staff");
        assertThat(
                admin
                    .post(
                        "/newsroom/staff/" + id,
                        Map.of("displayName", "Pat Passkey " + suffix, "role", "EDITOR"))
                    .status())
            .isEqualTo(302);
        driver.get(base + "/newsroom/articles");
        assertThat(driver.getCurrentUrl()).contains("/newsroom/login");
        driver.findElement(By.id("passkey-sign-in")).click();
        browser
            .waiting()
            // the page is replaced under the wait (a POST, then its redirect): a node of the old
            // one
            // may be gone mid-read
            .ignoring(org.openqa.selenium.WebDriverException.class)
            .until(
                ExpectedConditions.textToBePresentInElementLocated(
                    By.id("passkey-sign-in-status"), "disabled"));
        driver.get(base + "/newsroom/articles");
        assertThat(driver.getCurrentUrl()).contains("/newsroom/login");
        assertThat(
                jdbc.sql(
                        "SELECT count(*) FROM audit_entry WHERE actor = :e AND action ="
                            + " 'sign-in-failed' AND subject = 'passkey; account disabled'")
                    .param("e", email)
                    .query(Long.class)
                    .single())
            .isEqualTo(1);
      } catch (RuntimeException | AssertionError e) {
        browser.screenshotQuietly("passkey-failure");
        throw e;
      } finally {
        admin.open("/newsroom/staff");
        admin.post("/newsroom/staff/second-factor", Map.of("required", "false"));
      }
    }
  }

  private static void signInWithPassword(Chromium browser, String base, String email) {
    WebDriver driver = browser.driver();
    driver.get(base + "/newsroom/login");
    driver.findElement(By.id("email")).sendKeys(email);
    driver.findElement(By.id("password")).sendKeys(PASSWORD);
    driver.findElement(By.cssSelector("form[action='/newsroom/login'] button")).click();
    browser.waiting().until(d -> !d.getCurrentUrl().equals(base + "/newsroom/login"));
  }

  private static void signInWithPasskey(Chromium browser, String base) {
    WebDriver driver = browser.driver();
    driver.get(base + "/newsroom/login");
    browser
        .waiting()
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("passkey-sign-in")))
        .click();
    // the newsroom's front door is the article list
    browser.waiting().until(ExpectedConditions.urlToBe(base + "/newsroom/articles"));
  }

  private static void signOut(Chromium browser) {
    browser.driver().findElement(By.cssSelector(".nr-logout button")).click();
    browser.waiting().until(ExpectedConditions.urlContains("/newsroom/login"));
  }
}
