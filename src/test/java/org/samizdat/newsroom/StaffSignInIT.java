package org.samizdat.newsroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.samizdat.IntegrationTest;
import org.samizdat.MutableClock;
import org.samizdat.OwnDataDirectory;
import org.samizdat.WebClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Sign-in on an app of its own: a fresh install with no admin password (so the start-up prints a
 * one-time link), a hand-moved clock, and a trusted proxy in front (so a test can come from other
 * addresses through {@code X-Forwarded-For}).
 */
@ContextConfiguration(initializers = OwnDataDirectory.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StaffSignInIT extends IntegrationTest {

  static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  static final String FIRST_ADMIN = "first-admin@samizdat.test";
  static final String PASSWORD = "a long enough password";

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("samizdat.newsroom.admin-email", () -> FIRST_ADMIN);
    registry.add("samizdat.newsroom.admin-password", () -> "");
    registry.add("server.forward-headers-strategy", () -> "native");
    registry.add("samizdat.security.max-failures-per-address", () -> "20");
  }

  @TestConfiguration(proxyBeanMethods = false)
  static class HandMovedClock {
    @Bean
    @Primary
    MutableClock signInTestClock() {
      return CLOCK;
    }
  }

  @Autowired AdminBootstrap bootstrap;
  @Autowired StaffDirectory staff;

  /** Runs the start-up step again (as a restart would) and returns what it printed. */
  private String restart() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      bootstrap.run(null);
    } finally {
      System.setOut(original);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String linkPath(String printed) {
    Matcher m =
        Pattern.compile("sign in:\\s+https?://[^/\\s]+(/newsroom/welcome/\\S+)").matcher(printed);
    assertThat(m.find()).as("a sign-in link in " + printed).isTrue();
    return m.group(1);
  }

  @Test
  @Order(1)
  void theFirstAdminSignsInOnceWithThePrintedLinkAndNoPasswordIsEverPrinted() throws Exception {
    // the start-up made the admin without a password; a restart before anyone signed in prints
    // a fresh link, and the earlier one stops working
    String printed = restart();
    assertThat(printed).contains("e-mail:   " + FIRST_ADMIN).doesNotContain("password:");
    String link = linkPath(printed);
    String second = linkPath(restart());
    assertThat(second).isNotEqualTo(link);
    assertThat(client().get(link).status()).isEqualTo(410);

    WebClient browser = client();
    WebClient.Response form = browser.open(second);
    assertThat(form.status()).isEqualTo(200);
    assertThat(form.body()).contains(FIRST_ADMIN);
    // a mistyped confirmation leaves the link usable
    WebClient.Response mistyped =
        browser.post(second, Map.of("password", PASSWORD, "confirmation", PASSWORD + "x"));
    assertThat(mistyped.status()).isEqualTo(400);
    assertThat(mistyped.html().select(".error").text()).contains("differ");
    WebClient.Response tooShort =
        browser.post(second, Map.of("password", "short", "confirmation", "short"));
    assertThat(tooShort.status()).isEqualTo(400);

    WebClient.Response done =
        browser.post(second, Map.of("password", PASSWORD, "confirmation", PASSWORD));
    assertThat(done.status()).isEqualTo(302);
    assertThat(done.location()).endsWith("/newsroom/account");
    assertThat(browser.get("/newsroom/staff").status()).as("signed in as the admin").isEqualTo(200);

    // used once: a second use, from anyone, is refused
    WebClient thief = client();
    thief.open("/newsroom/login");
    assertThat(thief.get(second).status()).isEqualTo(410);
    assertThat(
            thief
                .post(
                    second,
                    Map.of("password", "stolen password!", "confirmation", "stolen password!"))
                .status())
        .isEqualTo(410);
    client().login(FIRST_ADMIN, PASSWORD);
    // now that someone can sign in, a restart prints nothing
    assertThat(restart()).doesNotContain("/newsroom/welcome/");
  }

  @Test
  void aSignInEndsAfterItsAbsoluteLifetimeHoweverBusyTheSessionIs() {
    String email = "busy-" + UUID.randomUUID() + "@samizdat.test";
    staff.create(email, "Busy", PASSWORD, StaffRole.EDITOR, null);
    WebClient c = client();
    c.login(email, PASSWORD);
    for (int hour = 0; hour < 11; hour++) {
      CLOCK.advance(Duration.ofHours(1));
      assertThat(c.get("/newsroom/articles").status()).as("after %d h", hour + 1).isEqualTo(200);
    }
    CLOCK.advance(Duration.ofMinutes(59));
    assertThat(c.get("/newsroom/articles").status()).isEqualTo(200);
    CLOCK.advance(Duration.ofMinutes(1));
    WebClient.Response r = c.get("/newsroom/articles");
    assertThat(r.status()).isEqualTo(302);
    assertThat(r.location()).endsWith("/newsroom/login");
  }

  @Test
  void wrongPasswordsFromOneAddressDoNotStopTheRightOneFromAnother() {
    String email = "target-" + UUID.randomUUID() + "@samizdat.test";
    staff.create(email, "Target", PASSWORD, StaffRole.EDITOR, null);
    WebClient attacker = client().header("X-Forwarded-For", "203.0.113.7");
    attacker.open("/newsroom/login");
    for (int i = 0; i < 3; i++) {
      assertThat(
              attacker
                  .post("/newsroom/login", Map.of("email", email, "password", "guess " + i))
                  .location())
          .endsWith("?error");
    }
    // the attacker now waits 1 s, then 2 s, 4 s ... between guesses
    assertThat(
            attacker
                .post("/newsroom/login", Map.of("email", email, "password", "guess 3"))
                .location())
        .endsWith("?wait=1");
    CLOCK.advance(Duration.ofSeconds(1));
    assertThat(
            attacker
                .post("/newsroom/login", Map.of("email", email, "password", "guess 4"))
                .location())
        .endsWith("?error");
    assertThat(
            attacker
                .post("/newsroom/login", Map.of("email", email, "password", PASSWORD))
                .location())
        .as("even the right password waits there")
        .endsWith("?wait=2");

    // the owner, from their own address, gets straight in
    WebClient owner = client().header("X-Forwarded-For", "198.51.100.20");
    owner.login(email, PASSWORD);
    assertThat(owner.get("/newsroom/articles").status()).isEqualTo(200);

    // the waits are capped and end: after the window nothing is held against the address
    CLOCK.advance(Duration.ofMinutes(16));
    attacker.open("/newsroom/login");
    attacker.login(email, PASSWORD);
  }
}
