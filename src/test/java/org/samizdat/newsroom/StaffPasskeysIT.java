package org.samizdat.newsroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.samizdat.IntegrationTest;
import org.samizdat.WebClient;
import org.samizdat.platform.security.Totp;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.web.webauthn.api.AuthenticatorTransport;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.ImmutableCredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCose;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialType;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rules around staff passkeys, over HTTP on real PostgreSQL: what Spring Security's WebAuthn
 * endpoints hand out and refuse (the ceremony itself runs in {@code StaffPasskeyBrowserIT}, with a
 * real authenticator), who may list and remove which passkey, and that passkeys belong to staff and
 * go with their account.
 */
class StaffPasskeysIT extends IntegrationTest {

  static final String PASSWORD = "a staff member's password";
  static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired JdbcClient jdbc;
  @Autowired PublicKeyCredentialUserEntityRepository users;
  @Autowired UserCredentialRepository credentials;

  private String newMember() {
    String email =
        "pk-"
            + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt())
            + "@samizdat.test";
    WebClient admin = admin();
    admin.open("/newsroom/staff");
    assertThat(
            admin
                .post(
                    "/newsroom/staff",
                    Map.of(
                        "email",
                        email,
                        "displayName",
                        "Member",
                        "password",
                        PASSWORD,
                        "role",
                        "AUTHOR"))
                .status())
        .isEqualTo(302);
    return email;
  }

  private long idOf(String email) {
    return jdbc.sql("SELECT id FROM staff_user WHERE email = :e")
        .param("e", email)
        .query(Long.class)
        .single();
  }

  /** A passkey record as a registration would leave it (the key bytes do not matter here). */
  private String givePasskey(String email, String label) {
    byte[] handle = new byte[32];
    ThreadLocalRandom.current().nextBytes(handle);
    var user = users.findByUsername(email);
    if (user == null) {
      user =
          ImmutablePublicKeyCredentialUserEntity.builder()
              .id(new Bytes(handle))
              .name(email)
              .displayName(email)
              .build();
      users.save(user);
    }
    byte[] id = new byte[16];
    ThreadLocalRandom.current().nextBytes(id);
    credentials.save(
        ImmutableCredentialRecord.builder()
            .credentialType(PublicKeyCredentialType.PUBLIC_KEY)
            .credentialId(new Bytes(id))
            .userEntityUserId(user.getId())
            .publicKey(new ImmutablePublicKeyCose(new byte[] {1, 2, 3}))
            .signatureCount(0)
            .uvInitialized(true)
            .transports(Set.of(AuthenticatorTransport.INTERNAL))
            .backupEligible(false)
            .backupState(false)
            .created(Instant.now())
            .lastUsed(Instant.now())
            .label(label)
            .build());
    return new Bytes(id).toBase64UrlString();
  }

  private long audited(String subjectLike) {
    return jdbc.sql("SELECT count(*) FROM audit_entry WHERE subject LIKE :s")
        .param("s", subjectLike)
        .query(Long.class)
        .single();
  }

  @Test
  void registrationOptionsAreForTheSignedInMemberOnlyAndAskForAVerifiedDiscoverablePasskey()
      throws Exception {
    WebClient anonymous = client();
    anonymous.open("/newsroom/login");
    assertThat(anonymous.postJson("/webauthn/register/options", null, true).status())
        .as("nobody signed in: no options")
        .isNotEqualTo(200);

    String email = newMember();
    WebClient member = client();
    member.login(email, PASSWORD);
    member.open("/newsroom/account");
    assertThat(member.postJson("/webauthn/register/options", null, false).status())
        .as("without the CSRF token")
        .isEqualTo(403);
    WebClient.Response options = member.postJson("/webauthn/register/options", null, true);
    assertThat(options.status()).isEqualTo(200);
    JsonNode json = JSON.readTree(options.body());
    assertThat(json.path("rp").path("id").asString()).isEqualTo("localhost");
    assertThat(json.path("user").path("name").asString()).isEqualTo(email);
    assertThat(json.path("authenticatorSelection").path("residentKey").asString())
        .isEqualTo("required");
    assertThat(json.path("authenticatorSelection").path("userVerification").asString())
        .isEqualTo("required");
    assertThat(json.path("challenge").asString()).hasSizeGreaterThan(20);
    // the WebAuthn user handle is the member's, in the database, bound to their account
    assertThat(
            jdbc.sql("SELECT staff_id FROM user_entities WHERE name = :e")
                .param("e", email)
                .query(Long.class)
                .single())
        .isEqualTo(idOf(email));

    // a forged or broken passkey is a clear 400 with a sentence, never a server error
    String forged =
        """
        {"publicKey":{"label":"%s","credential":{"id":"AAAA","rawId":"AAAA","type":"public-key",
         "response":{"attestationObject":"AAAA","clientDataJSON":"AAAA","transports":["internal"]},
         "clientExtensionResults":{},"authenticatorAttachment":"platform"}}}
        """;
    WebClient.Response refused =
        member.postJson("/webauthn/register", forged.formatted("Phone"), true);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(JSON.readTree(refused.body()).path("message").asString())
        .contains("could not be checked");
    member.postJson("/webauthn/register/options", null, true);
    WebClient.Response unnamed = member.postJson("/webauthn/register", forged.formatted(" "), true);
    assertThat(unnamed.status()).isEqualTo(400);
    assertThat(JSON.readTree(unnamed.body()).path("message").asString()).contains("name");
    // the options are used up by a try: a second send has nothing to answer
    assertThat(member.postJson("/webauthn/register", forged.formatted("Phone"), true).status())
        .isEqualTo(400);
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM user_credentials c JOIN user_entities u ON u.id ="
                        + " c.user_entity_user_id WHERE u.name = :e")
                .param("e", email)
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void aPasskeySignInAsksForAVerifiedUserAndABadOneIsRefusedAndAudited() throws Exception {
    WebClient stranger = client();
    stranger.open("/newsroom/login");
    assertThat(stranger.open("/newsroom/login").html().select("#passkey-sign-in").text())
        .isEqualTo("Sign in with a passkey");
    WebClient.Response options = stranger.postJson("/webauthn/authenticate/options", null, true);
    assertThat(options.status()).isEqualTo(200);
    JsonNode json = JSON.readTree(options.body());
    assertThat(json.path("rpId").asString()).isEqualTo("localhost");
    assertThat(json.path("userVerification").asString()).isEqualTo("required");

    long before =
        jdbc.sql(
                "SELECT count(*) FROM audit_entry WHERE action = 'sign-in-failed' AND subject ="
                    + " 'passkey'")
            .query(Long.class)
            .single();
    WebClient.Response refused =
        stranger.postJson(
            "/login/webauthn",
            """
            {"id":"AAAA","rawId":"AAAA","credType":"public-key","clientExtensionResults":{},
             "response":{"authenticatorData":"AAAA","clientDataJSON":"AAAA","signature":"AAAA",
             "userHandle":"AAAA"}}
            """,
            true);
    assertThat(refused.status()).isEqualTo(401);
    assertThat(JSON.readTree(refused.body()).path("authenticated").asBoolean()).isFalse();
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM audit_entry WHERE action = 'sign-in-failed' AND subject ="
                        + " 'passkey'")
                .query(Long.class)
                .single())
        .isEqualTo(before + 1);
    assertThat(stranger.get("/newsroom/articles").status()).as("still signed out").isEqualTo(302);
  }

  @Test
  void membersSeeAndRemoveOnlyTheirOwnPasskeys() {
    String email = newMember();
    String other = newMember();
    String mine = givePasskey(email, "Office key " + email);
    String theirs = givePasskey(other, "Their phone");

    WebClient member = client();
    member.login(email, PASSWORD);
    var page = member.open("/newsroom/account").html();
    assertThat(page.select("table.passkeys").text())
        .contains("Office key " + email)
        .doesNotContain("Their phone");

    WebClient.Response notMine =
        member.post("/newsroom/account/passkeys/" + theirs + "/delete", Map.of());
    assertThat(notMine.status()).isEqualTo(404);
    assertThat(credentials.findByCredentialId(Bytes.fromBase64(theirs))).isNotNull();

    WebClient.Response removed =
        member.post("/newsroom/account/passkeys/" + mine + "/delete", Map.of());
    assertThat(removed.status()).isEqualTo(302);
    assertThat(credentials.findByCredentialId(Bytes.fromBase64(mine))).isNull();
    assertThat(member.open("/newsroom/account").html().select("table.passkeys")).isEmpty();
    assertThat(audited("passkey \"Office key " + email + "\" removed")).isEqualTo(1);
  }

  @Test
  void aSignInWaitingForItsSecondFactorMayUseAPasskeyAndOneHeldAtAccountMayAddOne() {
    // a member with an authenticator app, past the password only: the code page offers a passkey
    // instead, and a passkey sign-in is open to it while the newsroom and adding passkeys are not
    String email = newMember();
    WebClient member = client();
    member.login(email, PASSWORD);
    member.open("/newsroom/account");
    member.post("/newsroom/account/totp/start", Map.of());
    String secret =
        member.open("/newsroom/account").html().select("#totp-secret").text().replace(" ", "");
    assertThat(
            member
                .post(
                    "/newsroom/account/totp/confirm",
                    Map.of("code", Totp.code(Totp.fromBase32(secret), Totp.step(Instant.now()))))
                .status())
        .isEqualTo(302);
    WebClient halfway = client();
    halfway.open("/newsroom/login");
    assertThat(
            halfway
                .post("/newsroom/login", Map.of("email", email, "password", PASSWORD))
                .location())
        .endsWith("/newsroom/login/code");
    assertThat(halfway.open("/newsroom/login/code").html().select("#passkey-sign-in").text())
        .isEqualTo("Use a passkey instead");
    assertThat(halfway.postJson("/webauthn/authenticate/options", null, true).status())
        .isEqualTo(200);
    assertThat(halfway.postJson("/webauthn/register/options", null, true).location())
        .endsWith("/newsroom/login/code");
    assertThat(halfway.get("/newsroom/articles").location()).endsWith("/newsroom/login/code");

    // a second factor required of everyone, a member without one: held at Account, where adding
    // a passkey is open; once they have one, the newsroom opens
    String newcomerEmail = newMember();
    WebClient admin = admin();
    admin.open("/newsroom/staff");
    admin.post("/newsroom/staff/second-factor", Map.of("required", "true"));
    try {
      WebClient newcomer = client();
      newcomer.open("/newsroom/login");
      assertThat(
              newcomer
                  .post("/newsroom/login", Map.of("email", newcomerEmail, "password", PASSWORD))
                  .location())
          .endsWith("/newsroom/account");
      var account = newcomer.open("/newsroom/account").html();
      assertThat(account.select("#passkey-add button").text()).isEqualTo("Add a passkey");
      assertThat(account.select(".error").text()).contains("add a passkey");
      assertThat(newcomer.postJson("/webauthn/register/options", null, true).status())
          .isEqualTo(200);
      assertThat(newcomer.get("/newsroom/articles").location()).endsWith("/newsroom/account");
      givePasskey(newcomerEmail, "New phone"); // as the browser's registration leaves it
      newcomer.open("/newsroom/account");
      assertThat(newcomer.get("/newsroom/articles").status()).isEqualTo(200);
    } finally {
      admin.open("/newsroom/staff");
      admin.post("/newsroom/staff/second-factor", Map.of("required", "false"));
    }
  }

  @Test
  void anAdminRemovesTheSecondFactorsOfAMemberWhoseDeviceWasTakenAndTheirSessionsEnd() {
    String email = newMember();
    givePasskey(email, "Seized laptop");
    givePasskey(email, "Phone");
    WebClient member = client();
    member.login(email, PASSWORD);
    WebClient admin = admin();
    var staffPage = admin.open("/newsroom/staff").html();
    var row = staffPage.select("tr:has(td:containsOwn(" + email + "))");
    assertThat(row.select(".second-factors").text()).contains("Second factor: 2 passkeys");

    WebClient.Response removed =
        admin.post("/newsroom/staff/" + idOf(email) + "/second-factors/remove", Map.of());
    assertThat(removed.status()).isEqualTo(302);
    assertThat(users.findByUsername(email)).isNull();
    assertThat(member.get("/newsroom/articles").status())
        .as("the member's session ended")
        .isEqualTo(302);
    assertThat(audited(email + ": authenticator app and 2 passkeys removed by an admin"))
        .isEqualTo(1);
    row = admin.open("/newsroom/staff").html().select("tr:has(td:containsOwn(" + email + "))");
    assertThat(row.select(".second-factors").text()).isEqualTo("Second factor: none");
    // only admins may
    member.login(email, PASSWORD);
    assertThat(
            member
                .post("/newsroom/staff/" + idOf(email) + "/second-factors/remove", Map.of())
                .status())
        .isEqualTo(403);
  }

  @Test
  void passkeysBelongToStaffAndGoWithTheirAccount() {
    var stranger =
        ImmutablePublicKeyCredentialUserEntity.builder()
            .id(Bytes.random())
            .name("not-staff@example.org")
            .displayName("x")
            .build();
    assertThatThrownBy(() -> users.save(stranger)).hasMessageContaining("staff");

    String email = newMember();
    String key = givePasskey(email, "Laptop");
    jdbc.sql("DELETE FROM staff_user WHERE id = :id").param("id", idOf(email)).update();
    assertThat(credentials.findByCredentialId(Bytes.fromBase64(key))).isNull();
    assertThat(users.findByUsername(email)).isNull();
  }
}
