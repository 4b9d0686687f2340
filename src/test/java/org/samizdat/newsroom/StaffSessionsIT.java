package org.samizdat.newsroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.samizdat.IntegrationTest;
import org.samizdat.WebClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A session ends when its account is disabled, its role or password changes, or its owner signs out
 * everywhere: on its next request, on any node, it gets the sign-in page.
 */
class StaffSessionsIT extends IntegrationTest {

  static final String PASSWORD = "a long enough password";

  @Autowired StaffDirectory staff;
  @Autowired JdbcClient jdbc;

  private record Member(long id, String email) {}

  private Member editor() {
    String email = "editor-" + UUID.randomUUID() + "@samizdat.test";
    return new Member(staff.create(email, "Editor", PASSWORD, StaffRole.EDITOR, null), email);
  }

  private WebClient signedIn(Member m) {
    WebClient c = client();
    c.login(m.email(), PASSWORD);
    assertThat(c.get("/newsroom/articles").status()).isEqualTo(200);
    return c;
  }

  private static void assertSignedOut(WebClient c) {
    WebClient.Response r = c.get("/newsroom/articles");
    assertThat(r.status()).isEqualTo(302);
    assertThat(r.location()).endsWith("/newsroom/login");
  }

  private WebClient.Response saveStaff(Member m, String role, boolean enabled) {
    WebClient admin = admin();
    admin.open("/newsroom/staff");
    var form = new java.util.LinkedHashMap<String, String>();
    form.put("displayName", "Editor");
    form.put("role", role);
    if (enabled) {
      form.put("enabled", "true");
    }
    return admin.post("/newsroom/staff/" + m.id(), form);
  }

  @Test
  void aDisabledEditorsOpenSessionGetsTheSignInPageOnItsNextRequest() {
    Member m = editor();
    WebClient session = signedIn(m);
    WebClient other = signedIn(m);

    assertThat(saveStaff(m, "EDITOR", false).status()).isEqualTo(302);

    assertSignedOut(session);
    assertSignedOut(other);
    WebClient again = client();
    again.open("/newsroom/login");
    assertThat(
            again
                .post("/newsroom/login", Map.of("email", m.email(), "password", PASSWORD))
                .location())
        .endsWith("?error");
  }

  @Test
  void aRoleChangeEndsTheSessionsThatCarryTheOldRole() {
    Member m = editor();
    WebClient session = signedIn(m);
    assertThat(session.get("/newsroom/sections").status()).isEqualTo(200);

    assertThat(saveStaff(m, "AUTHOR", true).status()).isEqualTo(302);

    assertSignedOut(session);
    WebClient fresh = signedIn(m);
    assertThat(fresh.get("/newsroom/articles").body()).contains("(AUTHOR)");
  }

  @Test
  void savingAMemberWithoutChangingRoleOrAccessKeepsTheirSession() {
    Member m = editor();
    WebClient session = signedIn(m);
    assertThat(saveStaff(m, "EDITOR", true).status()).isEqualTo(302);
    assertThat(session.get("/newsroom/articles").status()).isEqualTo(200);
  }

  @Test
  void signOutEverywhereEndsTheOtherSessionsToo() {
    Member m = editor();
    WebClient laptop = signedIn(m);
    WebClient phone = signedIn(m);
    WebClient.Response account = phone.open("/newsroom/account");
    assertThat(account.html().select("main").text()).contains("signed in in 2 places");

    WebClient.Response out = phone.post("/newsroom/account/sign-out-everywhere", Map.of());
    assertThat(out.location()).endsWith("/newsroom/login?logout");

    assertSignedOut(laptop);
    assertSignedOut(phone);
    assertThat(
            jdbc.sql("SELECT count(*) FROM spring_session WHERE principal_name = :p")
                .param("p", m.email())
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void changingYourPasswordEndsYourOtherSessionsButNotThisOne() {
    Member m = editor();
    WebClient laptop = signedIn(m);
    WebClient phone = signedIn(m);
    phone.open("/newsroom/account");
    WebClient.Response wrong =
        phone.post(
            "/newsroom/account/password",
            Map.of(
                "current", "not it at all",
                "password", "the new password",
                "confirmation", "the new password"));
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.html().select(".error").text()).contains("current password is not right");
    assertThat(laptop.get("/newsroom/articles").status()).isEqualTo(200);

    WebClient.Response changed =
        phone.post(
            "/newsroom/account/password",
            Map.of(
                "current", PASSWORD,
                "password", "the new password",
                "confirmation", "the new password"));
    assertThat(changed.status()).isEqualTo(302);

    assertSignedOut(laptop);
    assertThat(phone.get("/newsroom/articles").status()).isEqualTo(200);
    client().login(m.email(), "the new password");
  }

  @Test
  void anAdminSettingSomeonesPasswordEndsTheirSessions() {
    Member m = editor();
    WebClient session = signedIn(m);
    WebClient admin = admin();
    admin.open("/newsroom/staff");
    admin.post(
        "/newsroom/staff/" + m.id(),
        Map.of(
            "displayName", "Editor",
            "role", "EDITOR",
            "enabled", "true",
            "password", "set by the admin"));
    assertSignedOut(session);
  }

  @Test
  void noPasswordHashIsKeptInTheSession() {
    Member m = editor();
    signedIn(m);
    List<byte[]> attributes =
        jdbc.sql(
                """
                SELECT a.attribute_bytes FROM spring_session_attributes a
                JOIN spring_session s ON s.primary_id = a.session_primary_id
                WHERE s.principal_name = :p
                """)
            .param("p", m.email())
            .query((rs, n) -> rs.getBytes(1))
            .list();
    assertThat(attributes).isNotEmpty();
    String hash =
        jdbc.sql("SELECT password_hash FROM staff_user WHERE id = :id")
            .param("id", m.id())
            .query(String.class)
            .single();
    for (byte[] bytes : attributes) {
      String text = new String(bytes, StandardCharsets.ISO_8859_1);
      assertThat(text).doesNotContain(hash.substring(hash.indexOf('$'))).doesNotContain("$2a$");
    }
  }
}
