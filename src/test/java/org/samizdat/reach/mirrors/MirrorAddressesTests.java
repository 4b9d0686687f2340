package org.samizdat.reach.mirrors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.samizdat.platform.InputRejected;

class MirrorAddressesTests {

  static final String MAIN = "https://samizdat.example";

  /** A real, published v3 address (DuckDuckGo's), to check the checksum against the world's. */
  static final String REAL_ONION = "duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion";

  /** A valid v3 address for a random key, as Tor would derive it. */
  static String randomOnion() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return MirrorAddresses.onionFor(key);
  }

  @Test
  void mirrorsAreTidiedDeduplicatedAndKeptInOrder() {
    assertThat(
            MirrorAddresses.mirrors(
                List.of(
                    " https://Mirror-One.example/ ",
                    "",
                    "http://two.example:8080/news/",
                    "https://mirror-one.example",
                    "HTTPS://three.example/a/b//"),
                MAIN))
        .containsExactly(
            "https://mirror-one.example",
            "http://two.example:8080/news",
            "https://three.example/a/b");
  }

  @Test
  void everyBadMirrorIsNamedWithWhatToFix() {
    assertThatThrownBy(
            () ->
                MirrorAddresses.mirrors(
                    List.of(
                        "ftp://files.example",
                        "https://ok.example",
                        "https://q.example/?lang=ru",
                        "https://f.example/#top",
                        "mirror.example",
                        "https://samizdat.example/",
                        "https://abc.onion",
                        "https://user:pw@x.example",
                        "https://bad host.example"),
                    MAIN))
        .isInstanceOfSatisfying(
            InputRejected.class,
            e -> {
              assertThat(e.problems()).containsOnlyKeys("mirrors");
              assertThat(e.problems().get("mirrors"))
                  .contains("\"ftp://files.example\" must start with https://")
                  .contains("\"https://q.example/?lang=ru\" must not have a query")
                  .contains("\"https://f.example/#top\" must not have a fragment")
                  .contains("\"mirror.example\" must start with https://")
                  .contains("\"https://samizdat.example/\" is the site's own address")
                  .contains(
                      "\"https://abc.onion\" is an onion address: enter it in the onion address field")
                  .contains("\"https://user:pw@x.example\" must not carry a user name or password")
                  .contains("\"https://bad host.example\" is not a web address")
                  .doesNotContain("ok.example");
            });
  }

  @Test
  void tooManyMirrorsAreRefused() {
    List<String> many =
        java.util.stream.IntStream.range(0, MirrorAddresses.MAX_MIRRORS + 1)
            .mapToObj(i -> "https://m" + i + ".example")
            .toList();
    assertThatThrownBy(() -> MirrorAddresses.mirrors(many, MAIN))
        .isInstanceOf(InputRejected.class)
        .hasMessageContaining("at most " + MirrorAddresses.MAX_MIRRORS);
  }

  @Test
  void aV3OnionAddressIsAcceptedInTheFormsPeopleCopyIt() {
    String onion = randomOnion();
    assertThat(onion).hasSize(62).matches("[a-z2-7]{56}\\.onion");
    assertThat(MirrorAddresses.onion(onion)).isEqualTo(onion);
    assertThat(MirrorAddresses.onion(" http://" + onion.toUpperCase() + "/ ")).isEqualTo(onion);
    assertThat(MirrorAddresses.onion("https://" + onion)).isEqualTo(onion);
    assertThat(MirrorAddresses.onion(REAL_ONION)).isEqualTo(REAL_ONION);
    assertThat(MirrorAddresses.onion("")).isNull();
    assertThat(MirrorAddresses.onion(null)).isNull();
  }

  @Test
  void badOnionAddressesAreRefusedSayingWhy() {
    String onion = randomOnion();
    assertThat(problem("example.org")).contains("must end in \".onion\"");
    assertThat(problem("expyuzz4wqqyqhjn.onion")).contains("old v2 onion address");
    assertThat(problem(onion.substring(1))).contains("56 characters").contains("has 55");
    assertThat(problem(onion.substring(0, 55) + "1.onion")).contains("\"1\" is not one of them");
    assertThat(problem("www." + onion)).contains("without a path, port or subdomain");
    assertThat(problem(onion + "/news")).contains("must end in \".onion\"");
    // One character changed: the checksum catches the typo.
    char[] typo = onion.toCharArray();
    typo[10] = typo[10] == 'a' ? 'b' : 'a';
    assertThat(problem(new String(typo))).contains("has a typo");
  }

  @Test
  void theChecksumCoversTheVersionByte() {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) 7);
    String good = MirrorAddresses.onionFor(key);
    // The last character carries the version (3, "d" with its padding bits); another version is
    // refused.
    String otherVersion = good.substring(0, 55) + "e.onion";
    assertThat(problem(otherVersion)).contains("has a typo");
  }

  private static String problem(String onion) {
    try {
      MirrorAddresses.onion(onion);
    } catch (InputRejected e) {
      return e.problems().get("onion");
    }
    throw new AssertionError("accepted " + onion);
  }
}
