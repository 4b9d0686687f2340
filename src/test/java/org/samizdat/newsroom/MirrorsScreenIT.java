package org.samizdat.newsroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.samizdat.IntegrationTest;
import org.samizdat.WebClient;
import org.samizdat.WebClient.Response;
import org.samizdat.reach.Mirrors;
import org.springframework.beans.factory.annotation.Autowired;

/** Editors keep the mirrors and the onion address; readers find them on the about page. */
class MirrorsScreenIT extends IntegrationTest {

  /**
   * Stored mirrors stay on the loopback interface (nothing listens on port 9), so no check leaves
   * the machine.
   */
  static final String NOWHERE = "http://127.0.0.1:9";

  @Autowired Mirrors mirrors;
  @Autowired StaffDirectory staff;

  String u;

  @BeforeEach
  void setUp() {
    u = UUID.randomUUID().toString().substring(0, 8);
  }

  /** Every integration test shares the database: leave no mirrors or onion address behind. */
  @AfterEach
  void tearDown() {
    mirrors.replace(List.of(), "");
  }

  @Test
  void anEditorSavesTheAddressesAndReadersSeeThemOnTheAboutPageAtOnce() {
    String onion = onion();
    WebClient reader = client();
    assertThat(reader.get("/about").html().select("ul.mirrors")).isEmpty(); // now in the page cache
    assertThat(reader.get("/").html().select("footer a[href=/about]")).isNotEmpty();

    WebClient editor = editor();
    editor.open("/newsroom/mirrors");
    Response saved =
        editor.post(
            "/newsroom/mirrors",
            Map.of(
                "mirrorUrls",
                    NOWHERE + "/one-" + u + "/\r\n" + NOWHERE + "/two-" + u + "/news, " + NOWHERE
                        + "/one-" + u,
                "onion", "http://" + onion + "/"));
    assertThat(saved.status()).isEqualTo(302);
    assertThat(saved.location()).endsWith("/newsroom/mirrors");
    assertThat(mirrors.current().urls())
        .containsExactly(NOWHERE + "/one-" + u, NOWHERE + "/two-" + u + "/news");
    assertThat(mirrors.current().onionAddress()).isEqualTo(onion);

    Document page = editor.open("/newsroom/mirrors").html();
    assertThat(page.select(".flash").text()).contains("saved");
    assertThat(page.selectFirst("textarea[name=mirrorUrls]").text())
        .isEqualTo(NOWHERE + "/one-" + u + "\n" + NOWHERE + "/two-" + u + "/news");
    assertThat(page.selectFirst("input[name=onion]").val()).isEqualTo(onion);
    assertThat(page.select("table.mirrors-health tbody tr")).hasSize(2);
    assertThat(page.select("table.mirrors-health .status").eachText()).containsOnly("unchecked");
    assertThat(page.selectFirst("code.public-key").text()).isEqualTo(mirrors.publicKeyBase64());
    assertThat(page.selectFirst("pre.public-key-pem").text()).contains("BEGIN PUBLIC KEY");
    assertThat(page.selectFirst("pre.verify-commands").text())
        .contains(
            "openssl pkeyutl -verify -pubin -inkey mirrors.pem -rawin -in mirrors.json -sigfile mirrors.json.sig.bin")
        .contains("base64 -d mirrors.json.sig");

    for (String about : List.of("/about", "/ru/about")) {
      Document html = reader.get(about).html();
      assertThat(html.select("ul.mirrors a").eachAttr("href"))
          .as(about)
          .containsExactly(NOWHERE + "/one-" + u + "/", NOWHERE + "/two-" + u + "/news/");
      assertThat(html.select("p.onion a").attr("href"))
          .as(about)
          .isEqualTo("http://" + onion + "/");
      assertThat(html.select("a[href=/mirrors.json]")).as(about).isNotEmpty();
    }
  }

  @Test
  void badAddressesAreRefusedWithTheirReasonsAndNothingChanges() {
    mirrors.replace(List.of(NOWHERE + "/kept-" + u), "");
    WebClient editor = editor();
    editor.open("/newsroom/mirrors");
    Response refused =
        editor.post(
            "/newsroom/mirrors",
            Map.of(
                "mirrorUrls",
                "https://fine-" + u + ".example\nhttps://q-" + u + ".example/?a=b\nmirror.example",
                "onion",
                "expyuzz4wqqyqhjn.onion"));
    assertThat(refused.status()).isEqualTo(400);
    Document html = refused.html();
    assertThat(html.select("[role=alert]").text())
        .contains("must not have a query")
        .contains("\"mirror.example\" must start with https://")
        .contains("old v2 onion address");
    assertThat(html.selectFirst("textarea[name=mirrorUrls]").text())
        .contains("https://q-" + u + ".example/?a=b");
    assertThat(html.selectFirst("input[name=onion]").val()).isEqualTo("expyuzz4wqqyqhjn.onion");
    assertThat(mirrors.current().urls()).containsExactly(NOWHERE + "/kept-" + u);
    assertThat(mirrors.current().onionAddress()).isNull();
  }

  @Test
  void checkNowShowsWhatTheHealthCheckFound() throws IOException {
    String down;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      down = "http://127.0.0.1:" + socket.getLocalPort();
    }
    mirrors.replace(List.of(down), "");
    WebClient editor = editor();
    editor.open("/newsroom/mirrors");
    Response checked = editor.post("/newsroom/mirrors/check", Map.of());
    assertThat(checked.status()).isEqualTo(302);
    Document page = editor.open("/newsroom/mirrors").html();
    assertThat(page.select(".flash").text()).contains("Checked 1 mirror: 0 up to date.");
    assertThat(page.select("tr[data-mirror=" + down + "] .status").text()).isEqualTo("down");
    assertThat(page.select("tr[data-mirror=" + down + "]").text())
        .contains("Front page did not answer");
  }

  @Test
  void authorsCannotSeeOrChangeTheMirrorsAndFormsNeedTheirToken() {
    String email = "mirror-author-" + u + "@samizdat.test";
    staff.create(email, "Author " + u, "author-password-123", StaffRole.AUTHOR, null);
    WebClient author = client();
    author.login(email, "author-password-123");
    assertThat(author.get("/newsroom/articles").html().select("a[href=/newsroom/mirrors]"))
        .isEmpty();
    assertThat(author.get("/newsroom/mirrors").status()).isEqualTo(403);
    assertThat(
            author
                .post(
                    "/newsroom/mirrors", Map.of("mirrorUrls", "https://evil.example", "onion", ""))
                .status())
        .isEqualTo(403);
    assertThat(author.post("/newsroom/mirrors/check", Map.of()).status()).isEqualTo(403);
    assertThat(mirrors.current().urls()).doesNotContain("https://evil.example");

    WebClient editor = editor();
    assertThat(editor.get("/newsroom/articles").html().select("a[href=/newsroom/mirrors]"))
        .isNotEmpty();
    Response forged =
        editor.postForm(
            "/newsroom/mirrors", Map.of("mirrorUrls", "https://evil.example", "onion", ""), false);
    assertThat(forged.status()).isEqualTo(403);
    assertThat(mirrors.current().urls()).doesNotContain("https://evil.example");
  }

  private WebClient editor() {
    String email = "mirror-editor-" + u + "@samizdat.test";
    staff.create(email, "Editor " + u, "editor-password-123", StaffRole.EDITOR, null);
    WebClient editor = client();
    editor.login(email, "editor-password-123");
    return editor;
  }

  /** A valid v3 onion address, made the way Tor makes one from a key. */
  private static String onion() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    byte[] all = new byte[35];
    System.arraycopy(key, 0, all, 0, 32);
    try {
      java.security.MessageDigest sha3 = java.security.MessageDigest.getInstance("SHA3-256");
      sha3.update(".onion checksum".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      sha3.update(key);
      sha3.update((byte) 3);
      byte[] digest = sha3.digest();
      all[32] = digest[0];
      all[33] = digest[1];
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    all[34] = 3;
    String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    StringBuilder out = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (byte b : all) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    return out + ".onion";
  }
}
