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
import org.samizdat.platform.security.Totp;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
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
  @Autowired JdbcClient jdbc;

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

  private static String codeFor(WebClient.Response account, Instant at) {
    String secret = account.html().select("#totp-secret").text();
    assertThat(secret).as("the key shown for the app").isNotBlank();
    assertThat(account.html().select("#totp-uri").attr("href"))
        .startsWith("otpauth://totp/")
        .contains("secret=" + secret.replace(" ", ""))
        .contains("period=30");
    // the QR code beside it, drawn on the server, reads as that same link
    assertThat(qrText(account.html().selectFirst("#totp-qr svg")))
        .isEqualTo(account.html().select("#totp-uri").attr("href"));
    return Totp.code(Totp.fromBase32(secret), Totp.step(at));
  }

  /** Reads a QR code drawn as SVG: one {@code Mx yh1v1h-1z} square per dark module, margin 2. */
  private static String qrText(org.jsoup.nodes.Element svg) {
    assertThat(svg).as("a QR code on the set-up page").isNotNull();
    String[] box = svg.attr("viewBox").split(" ");
    int size = Integer.parseInt(box[2]) - 4;
    var modules = new com.google.zxing.common.BitMatrix(size);
    Matcher m =
        Pattern.compile("M(\\d+) (\\d+)h1v1h-1z").matcher(svg.selectFirst("path").attr("d"));
    while (m.find()) {
      modules.set(Integer.parseInt(m.group(1)) - 2, Integer.parseInt(m.group(2)) - 2);
    }
    try {
      return new com.google.zxing.qrcode.decoder.Decoder().decode(modules).getText();
    } catch (com.google.zxing.ChecksumException | com.google.zxing.FormatException e) {
      throw new AssertionError("the QR code does not decode", e);
    }
  }

  /** Signs in with the password; the answer's location says what comes next. */
  private WebClient passwordOnly(String email, String password, String expectedNext) {
    WebClient c = client();
    c.open("/newsroom/login");
    WebClient.Response r = c.post("/newsroom/login", Map.of("email", email, "password", password));
    assertThat(r.location()).endsWith(expectedNext);
    return c;
  }

  @Test
  void anAuthenticatorAppIsSetUpAndItsCodesCheckedAgainstTheClockOncePerCode() {
    String email = "totp-" + UUID.randomUUID() + "@samizdat.test";
    staff.create(email, "Totp", PASSWORD, StaffRole.EDITOR, null);
    WebClient owner = client();
    owner.login(email, PASSWORD);
    owner.open("/newsroom/account");
    assertThat(owner.post("/newsroom/account/totp/start", Map.of()).status()).isEqualTo(302);
    WebClient.Response account = owner.open("/newsroom/account");
    String secret = account.html().select("#totp-secret").text().replace(" ", "");
    byte[] key = Totp.fromBase32(secret);
    // the secret is sealed in the database, not stored as the app shows it
    assertThat(
            new String(
                jdbc.sql(
                        "SELECT secret FROM staff_totp t JOIN staff_user s ON s.id = t.staff_id WHERE s.email = :e")
                    .param("e", email)
                    .query((rs, n) -> rs.getBytes(1))
                    .single(),
                StandardCharsets.ISO_8859_1))
        .doesNotContain(new String(key, StandardCharsets.ISO_8859_1));

    WebClient.Response wrong =
        owner.post(
            "/newsroom/account/totp/confirm",
            Map.of(
                "code", "000000".equals(codeFor(account, CLOCK.instant())) ? "111111" : "000000"));
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.html().select(".error").text()).contains("does not match");
    assertThat(
            owner
                .post(
                    "/newsroom/account/totp/confirm",
                    Map.of("code", codeFor(account, CLOCK.instant())))
                .status())
        .isEqualTo(302);

    // a password alone no longer opens the newsroom
    WebClient laptop = passwordOnly(email, PASSWORD, "/newsroom/login/code");
    WebClient.Response held = laptop.get("/newsroom/articles");
    assertThat(held.location()).endsWith("/newsroom/login/code");
    laptop.open("/newsroom/login/code");
    String used = Totp.code(key, Totp.step(CLOCK.instant()));
    WebClient.Response replay = laptop.post("/newsroom/login/code", Map.of("code", used));
    assertThat(replay.status()).as("the code used to confirm is spent").isEqualTo(400);
    String old = Totp.code(key, Totp.step(CLOCK.instant()) - 2);
    assertThat(laptop.post("/newsroom/login/code", Map.of("code", old)).status())
        .as("a code from a minute ago")
        .isEqualTo(400);

    CLOCK.advance(Duration.ofSeconds(30));
    String now = Totp.code(key, Totp.step(CLOCK.instant()));
    WebClient.Response in = laptop.post("/newsroom/login/code", Map.of("code", now));
    assertThat(in.status()).isEqualTo(302);
    assertThat(in.location()).endsWith("/newsroom");
    assertThat(laptop.get("/newsroom/articles").status()).isEqualTo(200);

    // the same code, seen over a shoulder and typed elsewhere within its window, is refused
    WebClient thief = passwordOnly(email, PASSWORD, "/newsroom/login/code");
    thief.open("/newsroom/login/code");
    assertThat(thief.post("/newsroom/login/code", Map.of("code", now)).status()).isEqualTo(400);
    assertThat(thief.get("/newsroom/articles").location()).endsWith("/newsroom/login/code");
  }

  @Test
  @Order(Integer.MAX_VALUE) // last: it leaves the policy on
  void anAdminIsToldUntilASecondFactorIsRequiredAndThenStaffMustSetOneUp() {
    WebClient admin = client();
    admin.login(FIRST_ADMIN, PASSWORD);
    assertThat(admin.get("/newsroom/articles").html().select(".second-factor-notice")).isNotEmpty();
    String email = "policy-" + UUID.randomUUID() + "@samizdat.test";
    staff.create(email, "Policy", PASSWORD, StaffRole.EDITOR, null);
    WebClient before = client();
    before.login(email, PASSWORD);
    assertThat(before.get("/newsroom/articles").html().select(".second-factor-notice"))
        .as("only admins are told")
        .isEmpty();

    admin.open("/newsroom/staff");
    assertThat(admin.post("/newsroom/staff/second-factor", Map.of("required", "true")).status())
        .isEqualTo(302);
    assertThat(admin.get("/newsroom/articles").html().select(".second-factor-notice")).isEmpty();

    WebClient member = passwordOnly(email, PASSWORD, "/newsroom/account");
    assertThat(member.get("/newsroom/articles").location()).endsWith("/newsroom/account");
    member.open("/newsroom/account");
    member.post("/newsroom/account/totp/start", Map.of());
    WebClient.Response account = member.open("/newsroom/account");
    assertThat(
            member
                .post(
                    "/newsroom/account/totp/confirm",
                    Map.of("code", codeFor(account, CLOCK.instant())))
                .status())
        .isEqualTo(302);
    assertThat(member.get("/newsroom/articles").status()).isEqualTo(200);

    // an editor may not change the policy
    assertThat(member.post("/newsroom/staff/second-factor", Map.of("required", "false")).status())
        .isEqualTo(403);
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
