package org.samizdat.reach.mirrors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.samizdat.IntegrationTest;
import org.samizdat.WebClient.Response;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.publishing.Actor;
import org.samizdat.publishing.ArticleDraft;
import org.samizdat.publishing.Articles;
import org.samizdat.publishing.Publishing;
import org.samizdat.publishing.Taxonomy;
import org.samizdat.reach.Mirror;
import org.samizdat.reach.MirrorList;
import org.samizdat.reach.MirrorStatus;
import org.samizdat.reach.Mirrors;
import org.samizdat.site.SiteSettings;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The mirror list as apps, Tor Browser and the health check meet it, on the running app. */
class MirrorsIT extends IntegrationTest {

  static final Actor EDITOR = new Actor(0, "Mirrors test");
  static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * Mirrors stored by tests are on the loopback interface, where nothing listens on port 9, so a
   * scheduled health check running meanwhile never reaches past this machine.
   */
  static final String NOWHERE = "http://127.0.0.1:9";

  @Autowired Mirrors mirrors;
  @Autowired MirrorSeeding seeding;
  @Autowired Publishing publishing;
  @Autowired Taxonomy taxonomy;
  @Autowired Articles articles;
  @Autowired PlatformSettings platform;
  @Autowired SiteSettings site;
  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate transaction;

  String u;
  final List<LoopbackSite> servers = new ArrayList<>();

  @BeforeEach
  void setUp() {
    u = UUID.randomUUID().toString().substring(0, 8);
  }

  /** Every integration test shares the database: leave no mirrors or onion address behind. */
  @AfterEach
  void tearDown() {
    mirrors.replace(List.of(), "");
    servers.forEach(LoopbackSite::close);
  }

  @Test
  void theListIsSignedWithTheKeyItPublishesAndATamperedCopyFails() throws Exception {
    String onion = MirrorAddressesTests.randomOnion();
    mirrors.replace(
        List.of(NOWHERE + "/mirror-a-" + u + "/", NOWHERE + "/mirror-b-" + u + "/news"), onion);

    Response list = client().get("/mirrors.json");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.header("Content-Type")).startsWith("application/json");
    assertThat(list.header("Cache-Control")).startsWith("public");
    assertThat(list.header("Surrogate-Key")).isEqualTo("mirrors");
    assertThat(list.header("Access-Control-Allow-Origin")).isEqualTo("*");
    JsonNode json = JSON.readTree(list.bytes());
    assertThat(json.get("name").asString()).isEqualTo(platform.name());
    assertThat(json.get("main").asString()).isEqualTo(site.baseUrl());
    assertThat(json.get("onion").asString()).isEqualTo("http://" + onion);
    assertThat(json.get("mirrors")).hasSize(2);
    JsonNode first = json.get("mirrors").get(0);
    assertThat(first.get("url").asString()).isEqualTo(NOWHERE + "/mirror-a-" + u);
    assertThat(first.get("status").asString()).isEqualTo("unchecked");
    assertThat(first.get("checked_at").isNull()).isTrue();
    assertThat(first.get("serves_latest").isNull()).isTrue();
    assertThat(json.get("mirrors").get(1).get("url").asString())
        .isEqualTo(NOWHERE + "/mirror-b-" + u + "/news");
    assertThat(OffsetDateTime.parse(json.get("updated").asString())).isNotNull();

    String signature = client().get("/mirrors.json.sig").body();
    String publicKey = client().get("/mirrors.pub").body();
    assertThat(Base64.getDecoder().decode(signature)).hasSize(64);
    assertThat(verifies(publicKey, list.bytes(), signature)).isTrue();
    byte[] tampered =
        list.body().replace("mirror-a-" + u, "evil-" + u).getBytes(StandardCharsets.UTF_8);
    assertThat(verifies(publicKey, tampered, signature)).isFalse();
    assertThat(verifies(publicKey, (list.body() + " ").getBytes(StandardCharsets.UTF_8), signature))
        .isFalse();

    String pem = client().get("/mirrors.pem").body();
    assertThat(pem)
        .startsWith("-----BEGIN PUBLIC KEY-----\n")
        .endsWith("-----END PUBLIC KEY-----\n")
        .contains(publicKey);
    assertThat(mirrors.publicKeyBase64()).isEqualTo(publicKey);
    assertThat(mirrors.publicKeyPem()).isEqualTo(pem);

    // A second reader gets the same bytes (from the page cache), and the signature still fits them.
    Response again = client().get("/mirrors.json");
    assertThat(again.bytes()).isEqualTo(list.bytes());
    assertThat(client().get("/mirrors.json.sig").body()).isEqualTo(signature);

    // The key is made once and kept: what the database holds is what is published.
    byte[] stored =
        jdbc.sql("SELECT public_key FROM mirror_signing_key WHERE id = 1")
            .query(byte[].class)
            .single();
    assertThat(Base64.getEncoder().encodeToString(stored)).isEqualTo(publicKey);
  }

  @Test
  void theOpensslRecipeInTheReadmeVerifiesTheList() throws Exception {
    Path openssl = Path.of("/usr/bin/openssl");
    assumeThat(Files.isExecutable(openssl)).as("openssl installed").isTrue();
    mirrors.replace(List.of(NOWHERE + "/mirror-" + u), "");
    Path dir = Files.createTempDirectory("mirrors-openssl");
    Response list = client().get("/mirrors.json");
    Files.write(dir.resolve("mirrors.json"), list.bytes());
    Files.write(dir.resolve("mirrors.json.sig"), client().get("/mirrors.json.sig").bytes());
    Files.write(dir.resolve("mirrors.pem"), client().get("/mirrors.pem").bytes());
    Files.write(
        dir.resolve("tampered.json"),
        list.body().replace("mirror-" + u, "evil-" + u).getBytes(StandardCharsets.UTF_8));

    assertThat(run(dir, "sh", "-c", "base64 -d mirrors.json.sig > mirrors.json.sig.bin"))
        .isNotNull();
    assertThat(opensslVerifies(dir, openssl, "mirrors.json"))
        .contains("Signature Verified Successfully");
    assertThat(opensslVerifies(dir, openssl, "tampered.json")).isNull();
  }

  @Test
  void theHealthCheckTellsTheHealthyMirrorFromTheStaleAndTheDownOne() throws Exception {
    String headline = "Mirrors carry this " + u;
    long id = publish(headline);
    String path = articles.get(id).path(platform.timeZone());

    LoopbackSite healthy = serve(new LoopbackSite(this::proxyToTheSite));
    LoopbackSite stale =
        serve(
            new LoopbackSite()
                .page("/", "<h1>Old front page</h1>")
                .page(
                    "/feed.rss",
                    "<rss><channel><item><title>Old news</title></item></channel></rss>"));
    String down = LoopbackSite.nobodyListening();
    mirrors.replace(List.of(healthy.url(), stale.url(), down), "");
    assertThat(client().get("/mirrors.json").status()).isEqualTo(200); // now in the page cache

    MirrorList checked = mirrors.checkNow();

    assertThat(checked.mirrors())
        .extracting(Mirror::status)
        .containsExactly(MirrorStatus.UP, MirrorStatus.STALE, MirrorStatus.DOWN);
    Mirror up = checked.mirrors().get(0);
    assertThat(up.servesLatest()).isTrue();
    assertThat(up.latencyMillis()).isNotNull();
    assertThat(up.checkedAt()).isNotNull();
    Mirror behind = checked.mirrors().get(1);
    assertThat(behind.servesLatest()).isFalse();
    assertThat(behind.problem()).contains(headline).contains(path);
    Mirror gone = checked.mirrors().get(2);
    assertThat(gone.servesLatest()).isNull();
    assertThat(gone.latencyMillis()).isNull();
    assertThat(gone.problem()).startsWith("Front page did not answer");

    // The check purged the cached list: readers see what it found at once.
    JsonNode json = JSON.readTree(client().get("/mirrors.json").bytes());
    assertThat(json.get("mirrors"))
        .extracting(m -> m.get("status").asString())
        .containsExactly("up", "stale", "down");
    assertThat(json.get("mirrors"))
        .extracting(m -> m.get("serves_latest").toString())
        .containsExactly("true", "false", "null");
    assertThat(
            OffsetDateTime.parse(json.get("mirrors").get(0).get("checked_at").asString())
                .toInstant())
        .isEqualTo(up.checkedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    assertThat(json.get("updated").asString())
        .isEqualTo(json.get("mirrors").get(2).get("checked_at").asString());

    // Findings survive a change of the list for the mirrors that stay on it.
    mirrors.replace(List.of(stale.url(), healthy.url()), "");
    assertThat(mirrors.current().mirrors())
        .extracting(Mirror::url, Mirror::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(stale.url(), MirrorStatus.STALE),
            org.assertj.core.groups.Tuple.tuple(healthy.url(), MirrorStatus.UP));
  }

  @Test
  void readerPagesTellTorBrowserAboutTheOnionServiceOnceEvenFromTheCache() {
    long id = publish("Onion story " + u);
    String path = articles.get(id).path(platform.timeZone());
    assertThat(onionLocations(client().get(path))).isEmpty();

    String onion = MirrorAddressesTests.randomOnion();
    mirrors.replace(List.of(), "http://" + onion + "/");
    cacheNoticesHeardBack();
    Response miss = client().get(path);
    Response hit = client().get(path);
    assertThat(hit.header("X-Page-Cache")).isEqualTo("hit");
    assertThat(onionLocations(miss)).containsExactly("http://" + onion + path);
    assertThat(onionLocations(hit)).containsExactly("http://" + onion + path);
    assertThat(onionLocations(client().get("/search?q=onion+" + u)))
        .containsExactly("http://" + onion + "/search?q=onion+" + u);
    assertThat(onionLocations(client().get("/ru/"))).containsExactly("http://" + onion + "/ru/");
    assertThat(onionLocations(client().get("/feed.rss"))).isEmpty();
    assertThat(onionLocations(client().get("/mirrors.json"))).isEmpty();
    assertThat(onionLocations(client().get("/newsroom/login"))).isEmpty();
    // Canonical links stay on the main domain.
    assertThat(hit.html().selectFirst("link[rel=canonical]").attr("href"))
        .isEqualTo(site.absolute(path));

    // A new address applies at once, to stored pages too; none, and the header goes.
    String next = MirrorAddressesTests.randomOnion();
    mirrors.replace(List.of(), next);
    assertThat(onionLocations(client().get(path))).containsExactly("http://" + next + path);
    mirrors.replace(List.of(), "");
    assertThat(onionLocations(client().get(path))).isEmpty();
  }

  @Test
  void theFirstStartTakesTheConfiguredAddressesLeavingOutBadOnesAndLaterStartsKeepTheEditorsList() {
    String onion = MirrorAddressesTests.randomOnion();
    transaction.executeWithoutResult(
        tx -> {
          jdbc.sql("DELETE FROM mirror").update();
          jdbc.sql("DELETE FROM mirror_settings").update();
          boolean seeded =
              seeding.seed(
                  List.of(
                      "https://one-" + u + ".example/",
                      " ",
                      "ftp://bad.example",
                      "https://two-" + u + ".example",
                      "https://one-" + u + ".example"),
                  onion);
          assertThat(seeded).isTrue();
          assertThat(
                  jdbc.sql("SELECT url FROM mirror ORDER BY position").query(String.class).list())
              .containsExactly("https://one-" + u + ".example", "https://two-" + u + ".example");
          assertThat(
                  jdbc.sql("SELECT onion_address FROM mirror_settings")
                      .query(String.class)
                      .single())
              .isEqualTo(onion);

          assertThat(seeding.seed(List.of("https://three-" + u + ".example"), "")).isFalse();
          assertThat(
                  jdbc.sql("SELECT url FROM mirror ORDER BY position").query(String.class).list())
              .containsExactly("https://one-" + u + ".example", "https://two-" + u + ".example");
          tx.setRollbackOnly();
        });

    transaction.executeWithoutResult(
        tx -> {
          jdbc.sql("DELETE FROM mirror").update();
          jdbc.sql("DELETE FROM mirror_settings").update();
          assertThat(seeding.seed(List.of(), "not-an-onion.example")).isTrue();
          assertThat(
                  jdbc.sql("SELECT count(*) FROM mirror_settings WHERE onion_address IS NULL")
                      .query(Long.class)
                      .single())
              .isEqualTo(1);
          tx.setRollbackOnly();
        });
  }

  private long publish(String headline) {
    long author =
        taxonomy.createAuthor(
            "Mirror Writer " + u + " " + UUID.randomUUID().toString().substring(0, 4), null, "");
    long id =
        publishing.create(
            new ArticleDraft(
                "en",
                "",
                headline,
                "Standfirst",
                "Body text.",
                null,
                List.of(),
                List.of(author),
                null,
                "",
                "",
                null),
            EDITOR);
    publishing.publishNow(id, EDITOR);
    return id;
  }

  private LoopbackSite serve(LoopbackSite server) {
    servers.add(server);
    return server;
  }

  /** A healthy mirror: a reverse proxy in front of the running app. */
  private void proxyToTheSite(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + exchange.getRequestURI()))
            .GET()
            .build();
    try {
      HttpResponse<byte[]> response =
          HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
      exchange.sendResponseHeaders(
          response.statusCode(), response.body().length == 0 ? -1 : response.body().length);
      exchange.getResponseBody().write(response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exchange.sendResponseHeaders(502, -1);
    }
  }

  private static List<String> onionLocations(Response response) {
    return response.headers().entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase("Onion-Location"))
        .flatMap(e -> e.getValue().stream())
        .toList();
  }

  private static boolean verifies(String publicKeyBase64, byte[] message, String signatureBase64)
      throws Exception {
    PublicKey key =
        KeyFactory.getInstance("Ed25519")
            .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKeyBase64)));
    Signature verifier = Signature.getInstance("Ed25519");
    verifier.initVerify(key);
    verifier.update(message);
    return verifier.verify(Base64.getDecoder().decode(signatureBase64));
  }

  /**
   * openssl's check of {@code file} against mirrors.json.sig.bin with the public key mirrors.pem,
   * as a mirror's operator would run it.
   *
   * @return what openssl printed when the signature holds, or null when it does not
   */
  private static String opensslVerifies(Path dir, Path openssl, String file) throws Exception {
    return run(
        dir,
        openssl.toString(),
        "pkeyutl",
        "-verify",
        "-pubin",
        "-inkey",
        "mirrors.pem",
        "-rawin",
        "-in",
        file,
        "-sigfile",
        "mirrors.json.sig.bin");
  }

  /**
   * @return what the command printed when it succeeded, or null when it failed
   */
  private static String run(Path dir, String... command) throws Exception {
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return process.exitValue() == 0 ? out : null;
  }
}
