package org.samizdat.reach.mirrors;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
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
 * The signing key kept outside the database, on an app of its own: the current key in a file
 * readable only by its owner (SAMIZDAT_MIRROR_SIGNING_KEY_FILE), a next key in the variable
 * (SAMIZDAT_MIRROR_SIGNING_KEY_NEXT), and a hand-moved clock to end the overlap.
 */
@ContextConfiguration(initializers = OwnDataDirectory.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConfiguredSigningKeyIT extends IntegrationTest {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  static final Instant STARTED = CLOCK.instant();
  static final KeyPair CURRENT = SigningKeys.fresh();
  static final KeyPair NEXT = SigningKeys.fresh();
  static final Path KEY_FILE = SigningKeys.file(CURRENT, "rw-------");

  @DynamicPropertySource
  static void keys(DynamicPropertyRegistry registry) {
    registry.add("samizdat.reach.signing-key.file", KEY_FILE::toString);
    registry.add(
        "samizdat.reach.signing-key.next-value",
        () -> Base64.getEncoder().encodeToString(NEXT.getPrivate().getEncoded()));
    registry.add("samizdat.reach.signing-key.handover-poll", () -> "1h");
  }

  @TestConfiguration(proxyBeanMethods = false)
  static class HandMovedClock {
    @Bean
    @Primary
    MutableClock signingKeyTestClock() {
      return CLOCK;
    }
  }

  @Autowired JdbcClient jdbc;
  @Autowired SigningKey key;

  @Test
  @Order(1)
  void theConfiguredKeySignsTheListWhichAnnouncesTheNextKeyAndTheDatabaseHoldsNoPrivateKey()
      throws Exception {
    Response list = client().get("/mirrors.json");
    assertThat(list.status()).isEqualTo(200);
    String signature = client().get("/mirrors.json.sig").body();
    assertThat(SigningKeys.verifies(CURRENT.getPublic(), list.bytes(), signature)).isTrue();
    assertThat(SigningKeys.verifies(NEXT.getPublic(), list.bytes(), signature)).isFalse();
    assertThat(client().get("/mirrors.pub").body())
        .isEqualTo(Base64.getEncoder().encodeToString(CURRENT.getPublic().getEncoded()));

    JsonNode json = JSON.readTree(list.bytes());
    assertThat(json.get("signing_key").get("fingerprint").asString())
        .isEqualTo(SigningKeys.fingerprint(CURRENT.getPublic()));
    JsonNode next = json.get("next_signing_key");
    assertThat(SigningKeys.publicKey(next.get("public_key").asString()).getEncoded())
        .isEqualTo(NEXT.getPublic().getEncoded());
    assertThat(next.get("fingerprint").asString())
        .isEqualTo(SigningKeys.fingerprint(NEXT.getPublic()));
    assertThat(Instant.parse(next.get("signs_from").asString()))
        .isEqualTo(STARTED.plus(Duration.ofDays(30)));

    assertThat(jdbc.sql("SELECT count(*) FROM mirror_signing_key").query(Long.class).single())
        .isZero();
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM mirror_signing_rotation WHERE next_private_key IS NOT NULL")
                .query(Long.class)
                .single())
        .isZero();

    // The newsroom shows the fingerprints readers pin, says where the key lives, offers no
    // rotation of its own (configuration does that) and refuses one.
    WebClient admin = admin();
    Document page = admin.open("/newsroom/mirrors").html();
    assertThat(page.selectFirst("code.key-fingerprint").text())
        .isEqualTo(SigningKeys.fingerprint(CURRENT.getPublic()));
    assertThat(page.selectFirst("code.next-key-fingerprint").text())
        .isEqualTo(SigningKeys.fingerprint(NEXT.getPublic()));
    assertThat(page.select(".key-outside")).isNotEmpty();
    assertThat(page.select(".key-in-database")).isEmpty();
    assertThat(page.select("form[action=/newsroom/mirrors/rotate-key]")).isEmpty();
    Response refused = admin.post("/newsroom/mirrors/rotate-key", java.util.Map.of());
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.html().text()).contains("SAMIZDAT_MIRROR_SIGNING_KEY_NEXT_FILE");
  }

  @Test
  @Order(2)
  void afterTheOverlapTheNextKeySignsTheList() throws Exception {
    assertThat(client().get("/mirrors.json").status()).isEqualTo(200); // in the page cache now
    CLOCK.advance(Duration.ofDays(30).plusSeconds(1));
    key.handOverIfDue(); // what the scheduled poll does

    Response list = client().get("/mirrors.json");
    String signature = client().get("/mirrors.json.sig").body();
    assertThat(SigningKeys.verifies(NEXT.getPublic(), list.bytes(), signature)).isTrue();
    assertThat(SigningKeys.verifies(CURRENT.getPublic(), list.bytes(), signature)).isFalse();
    JsonNode json = JSON.readTree(list.bytes());
    assertThat(json.get("signing_key").get("fingerprint").asString())
        .isEqualTo(SigningKeys.fingerprint(NEXT.getPublic()));
    assertThat(json.get("next_signing_key").isNull()).isTrue();
    assertThat(client().get("/mirrors.pub").body())
        .isEqualTo(Base64.getEncoder().encodeToString(NEXT.getPublic().getEncoded()));
    assertThat(admin().open("/newsroom/mirrors").html().selectFirst("code.key-fingerprint").text())
        .isEqualTo(SigningKeys.fingerprint(NEXT.getPublic()));
    assertThat(jdbc.sql("SELECT count(*) FROM mirror_signing_key").query(Long.class).single())
        .isZero();
  }
}
