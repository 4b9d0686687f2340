package org.samizdat.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.samizdat.IntegrationTest;
import org.samizdat.WebClient;
import org.samizdat.WebClient.Response;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class SecurityAndErrorsIT extends IntegrationTest {

  @Autowired JdbcClient jdbc;

  @Test
  void theNewsroomAsksForSignIn() {
    Response r = client().get("/newsroom/articles");
    assertThat(r.status()).isEqualTo(302);
    assertThat(r.location()).endsWith("/newsroom/login");
  }

  @Test
  void aWrongPasswordSaysSoWithoutRevealingWhetherTheAccountExists() {
    WebClient c = client();
    c.open("/newsroom/login");
    Response r =
        c.post(
            "/newsroom/login",
            Map.of(
                "email", "nobody-" + UUID.randomUUID() + "@samizdat.test", "password", "whatever"));
    assertThat(r.location()).endsWith("/newsroom/login?error");
    assertThat(c.get("/newsroom/login?error").html().select(".error").text())
        .isEqualTo("That e-mail and password do not match a staff account.");
  }

  @Test
  void repeatedFailuresMakeThatAccountWaitFromThatAddressInsteadOfLockingIt() {
    String email = "throttled-" + UUID.randomUUID() + "@samizdat.test";
    WebClient c = client();
    c.open("/newsroom/login");
    // two free failures, the third earns a one-second wait before the next attempt from here
    for (int i = 0; i < 3; i++) {
      assertThat(
              c.post("/newsroom/login", Map.of("email", email, "password", "guess " + i))
                  .location())
          .endsWith("?error");
    }
    Response waiting = c.post("/newsroom/login", Map.of("email", email, "password", "guess 4"));
    assertThat(waiting.location()).contains("/newsroom/login?wait=");
    Response page = c.get(waiting.location());
    assertThat(page.status()).isEqualTo(429);
    assertThat(page.html().select(".error").text())
        .startsWith("Too many failed sign-in attempts")
        .contains("seconds");
    assertThat(
            jdbc.sql("SELECT count(*) FROM login_failure WHERE email = :e")
                .param("e", email)
                .query(Long.class)
                .single())
        .as("a refused attempt is not one more failure")
        .isEqualTo(3);
    // another account from the same address is not affected
    WebClient admin = client();
    admin.login(ADMIN_EMAIL, ADMIN_PASSWORD);
  }

  @Test
  void aFormWithoutItsCsrfTokenIsRefused() {
    WebClient c = admin();
    Response r =
        c.postForm(
            "/newsroom/sections", Map.of("slug", "csrf-test", "nameEn", "x", "nameRu", "x"), false);
    assertThat(r.status()).isEqualTo(403);
    assertThat(
            jdbc.sql("SELECT count(*) FROM section WHERE slug = 'csrf-test'")
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void everyPageCarriesStrictSecurityHeadersAndReadersGetNoCookie() {
    for (String path : new String[] {"/", "/newsroom/login", "/no/such/page"}) {
      Response r = client().get(path);
      assertThat(r.header("Content-Security-Policy"))
          .as(path)
          .contains("script-src 'self'")
          .contains("frame-ancestors 'none'")
          .doesNotContain("unsafe-inline");
      assertThat(r.header("X-Frame-Options")).as(path).isEqualTo("DENY");
      assertThat(r.header("Referrer-Policy")).as(path).isEqualTo("same-origin");
      assertThat(r.header("Permissions-Policy")).as(path).contains("geolocation=()");
      assertThat(r.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
    }
    assertThat(client().get("/").header("Set-Cookie")).isNull();
    assertThat(admin().get("/newsroom/articles").header("Cache-Control")).contains("no-store");
  }

  @Test
  void errorsArePagesInTheSiteDesignThatSayWhatIsWrong() {
    Response missing = client().get("/2020/01/01/no-such-article");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.header("Content-Type")).startsWith("text/html");
    assertThat(missing.html().select("h1").text()).isEqualTo("Page not found");
    assertThat(missing.html().select(".masthead").text()).isNotEmpty();
    assertThat(missing.body())
        .doesNotContain("Whitelabel")
        .doesNotContain("Exception")
        .doesNotContain("at org.");

    assertThat(client().get("/2020/02/31/impossible-date").status()).isEqualTo(404);
    Response bad = admin().get("/newsroom/articles?status=bogus");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.html().select("p").text()).contains("Unknown status 'bogus'");
    Response notNumber = admin().get("/newsroom/articles/not-a-number");
    assertThat(notNumber.status()).isEqualTo(400);
    assertThat(notNumber.body()).doesNotContain("Exception");
  }

  @Test
  void healthIsUpWhileTheDatabaseAnswers() {
    Response r = client().get("/actuator/health");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).contains("\"status\":\"UP\"");
    assertThat(client().get("/actuator/env").status()).isEqualTo(404);
  }
}
