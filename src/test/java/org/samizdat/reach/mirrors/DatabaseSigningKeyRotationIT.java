package org.samizdat.reach.mirrors;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.samizdat.IntegrationTest;
import org.samizdat.MutableClock;
import org.samizdat.OwnDataDirectory;
import org.samizdat.WebClient;
import org.samizdat.WebClient.Response;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * With no key configured the site keeps its own in the database, says so in the newsroom, and an
 * admin rotates it there: announced for the overlap, then signing. An app of its own with a
 * hand-moved clock.
 */
@ContextConfiguration(initializers = OwnDataDirectory.class)
class DatabaseSigningKeyRotationIT extends IntegrationTest {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("samizdat.reach.signing-key.overlap", () -> "7d");
    registry.add("samizdat.reach.signing-key.handover-poll", () -> "1h");
  }

  @TestConfiguration(proxyBeanMethods = false)
  static class HandMovedClock {
    @Bean
    @Primary
    MutableClock rotationTestClock() {
      return CLOCK;
    }
  }

  @Autowired JdbcClient jdbc;
  @Autowired SigningKey key;

  @Test
  void anAdminRotatesTheKeyAndAfterTheOverlapTheNewKeySigns() throws Exception {
    WebClient admin = admin();
    Document before = admin.open("/newsroom/mirrors").html();
    assertThat(before.select(".key-in-database").text())
        .contains("SAMIZDAT_MIRROR_SIGNING_KEY_FILE");
    PublicKey old = SigningKeys.publicKey(client().get("/mirrors.pub").body());
    assertThat(before.selectFirst("code.key-fingerprint").text())
        .isEqualTo(SigningKeys.fingerprint(old));
    assertThat(
            JSON.readTree(client().get("/mirrors.json").bytes()).get("next_signing_key").isNull())
        .isTrue();

    Instant started = CLOCK.instant();
    Response rotated = admin.post("/newsroom/mirrors/rotate-key", Map.of());
    assertThat(rotated.status()).isEqualTo(302);
    Document during = admin.open("/newsroom/mirrors").html();
    assertThat(during.select(".flash").text()).contains("Rotation started");
    String nextFingerprint = during.selectFirst("code.next-key-fingerprint").text();
    assertThat(during.select("form[action=/newsroom/mirrors/rotate-key]")).isEmpty();
    assertThat(admin.post("/newsroom/mirrors/rotate-key", Map.of()).status()).isEqualTo(409);

    // The cached list was dropped: it now names the next key, signed by the old one.
    Response list = client().get("/mirrors.json");
    JsonNode next = JSON.readTree(list.bytes()).get("next_signing_key");
    PublicKey newKey = SigningKeys.publicKey(next.get("public_key").asString());
    assertThat(next.get("fingerprint").asString())
        .isEqualTo(nextFingerprint)
        .isEqualTo(SigningKeys.fingerprint(newKey));
    assertThat(Instant.parse(next.get("signs_from").asString()))
        .isEqualTo(started.plus(Duration.ofDays(7)));
    String signature = client().get("/mirrors.json.sig").body();
    assertThat(SigningKeys.verifies(old, list.bytes(), signature)).isTrue();

    CLOCK.advance(Duration.ofDays(7));
    key.handOverIfDue();

    Response after = client().get("/mirrors.json");
    String newSignature = client().get("/mirrors.json.sig").body();
    assertThat(SigningKeys.verifies(newKey, after.bytes(), newSignature)).isTrue();
    assertThat(SigningKeys.verifies(old, after.bytes(), newSignature)).isFalse();
    assertThat(JSON.readTree(after.bytes()).get("next_signing_key").isNull()).isTrue();
    assertThat(client().get("/mirrors.pub").body())
        .isEqualTo(Base64.getEncoder().encodeToString(newKey.getEncoded()));
    // The database now holds only the new key; the old private key is gone with the rotation.
    byte[] stored =
        jdbc.sql("SELECT public_key FROM mirror_signing_key").query(byte[].class).single();
    assertThat(stored).isEqualTo(newKey.getEncoded());
    assertThat(jdbc.sql("SELECT count(*) FROM mirror_signing_rotation").query(Long.class).single())
        .isZero();
    // a week later the earlier session has ended: sign in again
    assertThat(admin().open("/newsroom/mirrors").html().selectFirst("code.key-fingerprint").text())
        .isEqualTo(nextFingerprint);
  }
}
