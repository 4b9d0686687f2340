package org.samizdat.platform.faults;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.samizdat.IntegrationTest;
import org.samizdat.SlowTest;
import org.samizdat.WebClient;
import org.samizdat.platform.Money;
import org.samizdat.platform.cache.ClusterInvalidation;
import org.samizdat.platform.security.AppSecrets;
import org.samizdat.platform.security.LoginThrottle;
import org.samizdat.publishing.Taxonomy;
import org.samizdat.revenue.Frequency;
import org.samizdat.revenue.PaymentEvent;
import org.samizdat.revenue.TestModeWebhooks;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A corpus of hostile input pushed through every reader address, every reader form, the webhooks
 * and the newsroom's forms. Every answer must be a clean 4xx (or a value stored and shown safely):
 * never a 5xx, never the injected markup unescaped, never an injected header, and every HTML answer
 * carries the strict security headers.
 *
 * <p>Problems are collected rather than failing on the first, so one run shows them all.
 *
 * <p>HSTS: {@code server.forward-headers-strategy} is not configured, so an {@code
 * X-Forwarded-Proto: https} from a client is (rightly) not believed and no request here is HTTPS;
 * the test therefore only asserts that HSTS is never sent over plain HTTP.
 */
@SlowTest
class HostileInputIT extends IntegrationTest {

  static final String SCRIPT = "<script>alert(1)</script>";
  static final String IMG = "\"><img src=x onerror=alert(1)>";
  static final String JS_URL = "javascript:alert(1)";
  static final String SQL_OR = "' OR 1=1--";
  static final String SQL_DROP = "'; DROP TABLE article;--";
  static final String TRAVERSAL = "../../etc/passwd";
  static final String ENCODED_TRAVERSAL = "..%2f..%2f";
  static final String DOT_TRAVERSAL = "%2e%2e/";
  static final String CRLF_COOKIE = "x\r\nSet-Cookie: a=b";
  static final String ENCODED_CRLF_LOCATION = "%0d%0aLocation:%20http://evil";
  static final String NUL = "nul\u0000byte";
  static final String LONG = "A".repeat(10_000);

  /**
   * Hostile values as a person could type them: sent percent-encoded as UTF-8, so the app sees them
   * exactly.
   */
  static final List<String> VALUES =
      List.of(
          SCRIPT,
          IMG,
          JS_URL,
          SQL_OR,
          SQL_DROP,
          TRAVERSAL,
          ENCODED_TRAVERSAL,
          DOT_TRAVERSAL,
          CRLF_COOKIE,
          ENCODED_CRLF_LOCATION,
          NUL,
          "\u0000",
          LONG,
          "\u202Eevil\u202C",
          "%",
          "%%32%65",
          "${7*7}#{7*7}{{7*7}}",
          "-1",
          "99999999999999999999",
          "1e308",
          " ");

  /**
   * Hostile bytes written into the URL or form body as they are: percent-escapes that decode to
   * broken UTF-8, NUL or CR/LF, double-encoded traversal, and raw bytes that are not UTF-8.
   */
  static final List<String> RAW =
      List.of(
          "%C3%28",
          "%FF",
          "%C0%AF",
          "%ED%A0%80",
          "%F4%90%80%80",
          "%00",
          "a%00b",
          "%0d%0aSet-Cookie:%20a=b",
          ENCODED_CRLF_LOCATION,
          ENCODED_TRAVERSAL,
          "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
          "%252e%252e%252f",
          "..;/..;/",
          "\u00C3\u0028",
          "\u00FF\u00FE",
          "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
          "%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
          "%");

  static final List<String> PATHS =
      List.of(
          "/section/{X}",
          "/ru/section/{X}",
          "/tag/{X}",
          "/ru/tag/{X}",
          "/author/{X}",
          "/2024/01/15/{X}",
          "/ru/2024/01/15/{X}",
          "/support/manage/{X}",
          "/support/remind/{X}",
          "/support/testmode/{X}",
          "/media/{X}",
          "/section/{X}/feed.rss",
          "/tag/{X}/feed.atom",
          "/ru/tag/{X}/feed.rss",
          "/{X}",
          "/{X}/feed.rss",
          "/css/{X}",
          "/newsroom/{X}");

  static final List<String> QUERIES =
      List.of(
          "/?page={X}",
          "/ru/?page={X}",
          "/search?q={X}",
          "/ru/search?q={X}&page=1",
          "/search?q=news&page={X}",
          "/support/pay?amount={X}&frequency={X}&currency={X}",
          "/support/pay?frequency=monthly&amount={X}&currency=USD",
          "/support/pay?frequency=once&amount=5&currency={X}&custom={X}",
          "/support/pay?frequency={X}&amount_monthly={X}",
          "/feed.rss?{X}",
          "/feed.atom?x={X}",
          "/ru/feed.rss?x={X}",
          "/section/news?page={X}",
          "/support/thanks?checkout={X}",
          "/support/cancelled?{X}={X}",
          "/sitemap.xml?x={X}",
          "/robots.txt?{X}",
          "/newsroom/login?error={X}&wait={X}",
          "/about?{X}");

  @Autowired JdbcClient jdbc;
  @Autowired AppSecrets secrets;
  @Autowired Taxonomy taxonomy;
  @Autowired ClusterInvalidation invalidation;

  final List<String> problems = new ArrayList<>();
  int checked;
  String u;

  @BeforeEach
  void setUp() {
    problems.clear();
    checked = 0;
    u = UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void noProblems() {
    assertThat(checked).as("answers checked").isPositive();
    assertThat(problems).as("hostile-input problems in " + checked + " answers").isEmpty();
  }

  // ---------------------------------------------------------------- reader addresses

  @Test
  void everyReaderAddressWithHostilePathSegmentsAndQueryValues() {
    RawHttp raw = new RawHttp(port);
    for (String value : VALUES) {
      for (String target : PATHS) {
        String t = target.replace("{X}", pathEncode(value));
        check("GET " + abbreviate(t), raw.get(t));
      }
      for (String target : QUERIES) {
        String t = target.replace("{X}", queryEncode(value));
        check("GET " + abbreviate(t), raw.get(t));
      }
    }
    for (String bytes : RAW) {
      for (String target : PATHS) {
        String t = target.replace("{X}", bytes);
        check("GET raw " + abbreviate(t), raw.get(t));
      }
      for (String target : QUERIES) {
        String t = target.replace("{X}", bytes);
        check("GET raw " + abbreviate(t), raw.get(t));
      }
    }
  }

  @Test
  void unencodedInjectionInTheRequestLineAndHeadersIsRefusedCleanly() {
    RawHttp raw = new RawHttp(port);
    for (String value :
        List.of(
            SCRIPT,
            IMG,
            TRAVERSAL,
            "/../../etc/passwd",
            "x\u0000y",
            CRLF_COOKIE,
            "x\rLocation: http://evil",
            "a b",
            "\u00C3\u0028",
            "\u00FF")) {
      for (String target : List.of("/tag/{X}", "/search?q={X}", "/{X}", "/media/{X}")) {
        String t = target.replace("{X}", value);
        check("GET unencoded " + abbreviate(t), raw.get(t));
      }
      // hostile header values: reflected nowhere, never break the answer
      String headerSafe = value.replace("\r", "").replace("\n", "");
      check(
          "GET / with hostile headers " + abbreviate(value),
          raw.get(
              "/",
              Map.of(
                  "Accept-Language",
                  headerSafe,
                  "Referer",
                  headerSafe,
                  "User-Agent",
                  headerSafe,
                  "If-None-Match",
                  headerSafe,
                  "Accept-Encoding",
                  headerSafe,
                  "X-Forwarded-For",
                  headerSafe,
                  "Cookie",
                  "samizdat_session=" + headerSafe)));
    }
    // a header whose value carries CR LF: on the wire it becomes a second header, which must not
    // matter
    check("GET / header split", raw.get("/", Map.of("Referer", CRLF_COOKIE)));
    // forwarded headers are not trusted (no server.forward-headers-strategy): no HSTS, no foreign
    // host in links
    RawHttp.Response forwarded =
        raw.get(
            "/support", Map.of("X-Forwarded-Host", "evil.example", "X-Forwarded-Proto", "https"));
    check("GET /support with X-Forwarded-Host and -Proto", forwarded);
    assertThat(forwarded.body()).doesNotContain("evil.example");
  }

  @Test
  void veryLongAddressesAndQueryStrings() {
    RawHttp raw = new RawHttp(port);
    String k8 = "a".repeat(8 * 1024);
    String k16 = "b".repeat(16 * 1024);
    for (String t :
        List.of(
            "/tag/" + k8,
            "/section/" + k8,
            "/2024/01/15/" + k8,
            "/" + k8,
            "/media/" + k8,
            "/search?q=" + k8,
            "/search?q=" + k16,
            "/support/pay?amount=" + k8,
            "/?" + k8,
            "/tag/" + "c".repeat(7000),
            "/search?q=" + "d".repeat(7000),
            "/search?" + "e=1&".repeat(2000))) {
      check("GET long " + abbreviate(t), raw.get(t));
    }
    // many parameters in a form body
    check(
        "POST many params",
        raw.postForm("/support/manage", "email=a@b.test&" + "x=1&".repeat(20_000)));
    check("POST 1MB value", raw.postForm("/support/manage", "email=" + "f".repeat(1024 * 1024)));
  }

  // ---------------------------------------------------------------- reader forms

  @Test
  void readerFormsWithHostileValues() {
    RawHttp raw = new RawHttp(port);
    List<String> bodies = new ArrayList<>();
    for (String value : VALUES) {
      String v = queryEncode(value);
      bodies.add(v);
    }
    bodies.addAll(RAW);
    for (String v : bodies) {
      String label = abbreviate(v);
      check(
          "POST /support/checkout all " + label,
          raw.postForm(
              "/support/checkout",
              "provider=" + v + "&frequency=" + v + "&amount=" + v + "&currency=" + v));
      check(
          "POST /support/checkout amount " + label,
          raw.postForm(
              "/support/checkout",
              "provider=testmode&frequency=once&amount=" + v + "&currency=USD"));
      check(
          "POST /support/checkout provider " + label,
          raw.postForm(
              "/support/checkout", "provider=" + v + "&frequency=once&amount=1000&currency=USD"));
      check(
          "POST /support/checkout currency " + label,
          raw.postForm(
              "/ru/support/checkout",
              "provider=testmode&frequency=monthly&amount=1000&currency=" + v));
      check("POST /support/manage " + label, raw.postForm("/support/manage", "email=" + v));
      check(
          "POST /ru/support/manage " + label,
          raw.postForm("/ru/support/manage", "email=" + v + "%40example.test"));
      check(
          "POST /support/remind " + label,
          raw.postForm("/support/remind", "email=" + v + "&date=" + v));
      check(
          "POST /support/remind date " + label,
          raw.postForm("/support/remind", "email=reader%40example.test&date=" + v));
      check(
          "POST /support/remind email " + label,
          raw.postForm("/support/remind", "email=" + v + "&date=2099-01-01"));
      check(
          "POST /support/manage/X/cancel " + label,
          raw.postForm("/support/manage/" + v + "/recurring/1/cancel", ""));
      check(
          "POST /support/manage/X/amount " + label,
          raw.postForm("/support/manage/" + v + "/recurring/" + v + "/amount", "amount=" + v));
      check(
          "POST /support/remind/X/delete " + label,
          raw.postForm("/support/remind/" + v + "/delete", ""));
      check(
          "POST /support/testmode/X " + label,
          raw.postForm("/support/testmode/" + v, "action=pay&email=" + v));
      check(
          "POST /support/funnel " + label,
          raw.post(
              "/support/funnel",
              Map.of("Content-Type", "text/plain"),
              v.getBytes(StandardCharsets.ISO_8859_1)));
      check(
          "POST form with hostile parameter name " + label,
          raw.postForm("/support/manage", v + "=" + v + "&email=x"));
    }
    // a content type that lies, and a body that is no form at all
    check(
        "POST /support/checkout json",
        raw.post(
            "/support/checkout",
            Map.of("Content-Type", "application/json"),
            "{\"amount\":\"<script>alert(1)</script>\"}".getBytes(StandardCharsets.UTF_8)));
    check(
        "POST /support/checkout bad charset",
        raw.post(
            "/support/checkout",
            Map.of("Content-Type", "application/x-www-form-urlencoded; charset=" + SCRIPT),
            "amount=1".getBytes(StandardCharsets.UTF_8)));
    check(
        "POST /support/checkout multipart garbage",
        raw.post(
            "/support/checkout",
            Map.of("Content-Type", "multipart/form-data; boundary=x"),
            "--x\r\n\u00FF\u0000garbage".getBytes(StandardCharsets.ISO_8859_1)));
  }

  // ---------------------------------------------------------------- webhooks

  @Test
  void webhooksWithHostileBodiesAndHeaders() throws Exception {
    RawHttp raw = new RawHttp(port);
    List<byte[]> bodies = new ArrayList<>();
    for (String value : VALUES) {
      bodies.add(value.getBytes(StandardCharsets.UTF_8));
      bodies.add(
          ("{\"type\":\""
                  + value.replace("\"", "\\\"")
                  + "\",\"event\":{\"eventId\":\""
                  + value.replace("\"", "\\\"")
                  + "\"}}")
              .getBytes(StandardCharsets.UTF_8));
    }
    bodies.add(new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, 0x00});
    bodies.add(new byte[0]);
    bodies.add("{".repeat(50_000).getBytes(StandardCharsets.UTF_8));
    bodies.add(new byte[600 * 1024]);
    List<String> signatures = new ArrayList<>();
    for (String value : VALUES) {
      signatures.add(value.replace("\r", "").replace("\n", "").replace("\u0000", ""));
    }
    signatures.add("t=1,v1=" + "0".repeat(64));
    signatures.add("t=" + Instant.now().getEpochSecond() + ",v1=" + SCRIPT);
    signatures.add("t=-1,v1=");
    signatures.add("t=99999999999999999999999,v1=x");
    int i = 0;
    for (byte[] body : bodies) {
      String signature = signatures.get(i++ % signatures.size());
      for (String provider : List.of("testmode", "stripe")) {
        String header =
            provider.equals("testmode") ? "samizdat-testmode-signature" : "Stripe-Signature";
        check(
            "POST /webhooks/" + provider + " #" + i,
            raw.post(
                "/webhooks/" + provider,
                Map.of("Content-Type", "application/json", header, signature),
                body));
        check(
            "POST /webhooks/" + provider + " unsigned #" + i,
            raw.post("/webhooks/" + provider, Map.of("Content-Type", "text/plain"), body));
      }
    }
    for (String value : VALUES) {
      check(
          "POST /webhooks/X " + abbreviate(value),
          raw.post(
              "/webhooks/" + pathEncode(value),
              Map.of("Content-Type", "application/json"),
              "{}".getBytes(StandardCharsets.UTF_8)));
    }
    for (String bytes : RAW) {
      check(
          "POST /webhooks/raw " + abbreviate(bytes),
          raw.post(
              "/webhooks/" + bytes,
              Map.of("Content-Type", "application/json"),
              "{}".getBytes(StandardCharsets.UTF_8)));
    }

    // Correctly signed events carrying hostile data: a provider (or a compromised account) sending
    // odd values must not break the webhook, and what is stored must show safely in the newsroom.
    TestModeWebhooks webhooks = new TestModeWebhooks(secrets, port);
    WebClient admin = admin();
    for (String value : List.of(SCRIPT, IMG, SQL_DROP, NUL, CRLF_COOKIE, LONG)) {
      String id = "evt_hostile_" + UUID.randomUUID();
      PaymentEvent event =
          new PaymentEvent.CheckoutCompleted(
              id,
              Instant.now(),
              null,
              value + "@example.test",
              new Money(1000, java.util.Currency.getInstance("USD")),
              Frequency.ONCE,
              "cus_" + value,
              null,
              "pi_" + value);
      var answer = webhooks.send(event);
      check(
          "signed webhook " + abbreviate(value),
          new RawHttp.Response(
              answer.statusCode(),
              answer.headers().map().entrySet().stream()
                  .flatMap(e -> e.getValue().stream().map(v -> new RawHttp.Header(e.getKey(), v)))
                  .toList(),
              answer.body().getBytes(StandardCharsets.UTF_8)));
      // the type itself is hostile
      String payload = "{\"type\":\"" + SCRIPT + "\",\"event\":{}}";
      var odd = webhooks.send(payload, webhooks.sign(payload));
      check(
          "signed webhook with hostile type",
          new RawHttp.Response(
              odd.statusCode(),
              List.of(
                  new RawHttp.Header(
                      "Content-Type", odd.headers().firstValue("Content-Type").orElse(""))),
              odd.body().getBytes(StandardCharsets.UTF_8)));
    }
    check(
        "newsroom contributions after hostile webhooks",
        admin.get("/newsroom/revenue/contributions"));
    check("newsroom unmatched after hostile webhooks", admin.get("/newsroom/revenue/unmatched"));
    check("newsroom revenue after hostile webhooks", admin.get("/newsroom/revenue"));
    check("newsroom contributions csv", admin.get("/newsroom/revenue/contributions.csv"));
    for (String value : VALUES) {
      check(
          "newsroom contributions search " + abbreviate(value),
          admin.get(
              "/newsroom/revenue/contributions?email="
                  + queryEncode(value)
                  + "&kind="
                  + queryEncode(value)));
    }
  }

  // ---------------------------------------------------------------- newsroom

  @Test
  void theLoginFormWithHostileValues() {
    for (String value : VALUES) {
      WebClient c = client();
      c.open("/newsroom/login");
      WebClient.Response r = c.post("/newsroom/login", Map.of("email", value, "password", value));
      check("POST /newsroom/login " + abbreviate(value), r);
      if (r.status() == 302) {
        assertLocationIsLocal("login " + abbreviate(value), r.location());
        check("GET " + r.location(), c.get(r.location()));
      }
    }
    RawHttp raw = new RawHttp(port);
    for (String bytes : RAW) {
      raw.get("/newsroom/login");
      check(
          "POST /newsroom/login raw " + abbreviate(bytes),
          raw.postForm(
              "/newsroom/login", "email=" + bytes + "&password=" + bytes + "&_csrf=" + bytes));
    }
  }

  @Test
  void theArticleEditorStoresHostileValuesSafelyOrRefusesThem() {
    long author = taxonomy.createAuthor("Hostile author " + u, "hostile-author-" + u, "");
    WebClient admin = admin();
    admin.open("/newsroom/articles/new");
    List<String> fields =
        List.of(
            "headline",
            "standfirst",
            "body",
            "slug",
            "tags",
            "heroCaption",
            "heroCredit",
            "heroAlt",
            "language",
            "sectionId",
            "authorIds",
            "translationId",
            "heroImageId",
            "version",
            "action",
            "publishAt");
    List<Long> created = new ArrayList<>();
    for (String field : fields) {
      for (String value : VALUES) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("language", "en");
        form.put("headline", "Hostile " + field + " " + u);
        form.put("body", "Body");
        form.put("authorIds", String.valueOf(author));
        form.put("action", field.equals("publishAt") ? "schedule" : "save");
        form.put(field, value);
        WebClient.Response r = admin.post("/newsroom/articles", form);
        String label = "POST /newsroom/articles " + field + "=" + abbreviate(value);
        check(label, r);
        if (r.status() == 302) {
          assertLocationIsLocal(label, r.location());
          Matcher m = Pattern.compile("/newsroom/articles/(\\d+)$").matcher(r.location());
          if (m.find()) {
            created.add(Long.parseLong(m.group(1)));
          }
          check("GET editor after " + label, admin.get(r.location()));
        }
      }
    }
    for (String bytes : RAW) {
      RawHttp raw = signedInRaw();
      String csrf = csrfOf(raw.get("/newsroom/articles/new"));
      for (String field : List.of("headline", "body", "slug", "tags", "language", "authorIds")) {
        String body =
            "_csrf="
                + csrf
                + "&language=en&headline=Raw+"
                + u
                + "&body=b&authorIds="
                + author
                + "&action=save&"
                + field
                + "="
                + bytes;
        check(
            "POST raw /newsroom/articles " + field + "=" + abbreviate(bytes),
            raw.postForm("/newsroom/articles", body));
      }
    }
    check("newsroom article list", admin.get("/newsroom/articles"));
    for (String value : VALUES) {
      String v = queryEncode(value);
      check(
          "GET /newsroom/articles filters " + abbreviate(value),
          admin.get(
              "/newsroom/articles?status="
                  + v
                  + "&q="
                  + v
                  + "&language="
                  + v
                  + "&page="
                  + v
                  + "&section="
                  + v
                  + "&author="
                  + v));
      check(
          "GET /newsroom/articles?q " + abbreviate(value), admin.get("/newsroom/articles?q=" + v));
      check(
          "GET /newsroom/articles/X " + abbreviate(value),
          admin.get("/newsroom/articles/" + pathEncode(value)));
      check(
          "GET /newsroom/articles/new?language " + abbreviate(value),
          admin.get("/newsroom/articles/new?language=" + v));
      check(
          "POST /newsroom/preview " + abbreviate(value),
          admin.post("/newsroom/preview", Map.of("body", value)));
    }
    assertThat(created).as("some hostile values are stored (and then shown safely)").isNotEmpty();
  }

  @Test
  void aPublishedArticleFullOfHostileTextReachesReadersEscapedEverywhere() {
    long author =
        taxonomy.createAuthor(
            "Author " + IMG + " " + u, "hostile-writer-" + u, "Bio " + SCRIPT + " " + JS_URL);
    WebClient admin = admin();
    admin.open("/newsroom/articles/new");
    Map<String, String> form = new LinkedHashMap<>();
    form.put("language", "en");
    form.put("headline", "</script>" + SCRIPT + " " + IMG + " " + u);
    form.put("standfirst", SCRIPT + " " + IMG + " " + SQL_DROP);
    form.put(
        "body",
        "Hello "
            + SCRIPT
            + "\n\n"
            + IMG
            + "\n\n[click]("
            + JS_URL
            + ")\n\n<a href=\"javascript:alert(1)\">x</a>"
            + "\n\n<iframe src=\"https://evil.example\"></iframe>\n\n![x](javascript:alert(1))\n\n<svg onload=alert(1)>");
    form.put("tags", "hostile " + u + ", " + SCRIPT + ", " + IMG.replace(",", ""));
    form.put("heroCaption", SCRIPT);
    form.put("heroCredit", IMG);
    form.put("authorIds", String.valueOf(author));
    form.put("action", "publish");
    WebClient.Response saved = admin.post("/newsroom/articles", form);
    check("publish hostile article", saved);
    assertThat(saved.status())
        .as("a hostile article is stored, not refused: " + saved.body())
        .isEqualTo(302);
    long id = Long.parseLong(saved.location().replaceAll(".*/", ""));
    String path =
        jdbc.sql(
                "SELECT to_char(published_at AT TIME ZONE 'UTC', 'YYYY/MM/DD') || '/' || slug FROM article WHERE id = :id")
            .param("id", id)
            .query(String.class)
            .single();
    try {
      WebClient reader = client();
      WebClient.Response article = reader.get("/" + path);
      assertThat(article.status()).isEqualTo(200);
      check("reader article", article);
      check("reader article again (from the cache)", reader.get("/" + path));
      check("home", reader.get("/"));
      check("author page", reader.get("/author/hostile-writer-" + u));
      check("tag page", reader.get("/tag/hostile-" + u));
      check("search", reader.get("/search?q=" + queryEncode("Hostile " + u)));
      check("search script", reader.get("/search?q=" + queryEncode(SCRIPT)));
      check("feed rss", reader.get("/feed.rss"));
      check("feed atom", reader.get("/feed.atom"));
      check("tag feed", reader.get("/tag/hostile-" + u + "/feed.rss"));
      check("sitemap news", reader.get("/sitemap-news.xml"));
      check("newsroom editor", admin.get("/newsroom/articles/" + id));
      check("newsroom revisions", admin.get("/newsroom/articles/" + id + "/revisions"));
      check("newsroom list", admin.get("/newsroom/articles"));
      check("newsroom authors", admin.get("/newsroom/authors"));
      check("newsroom tags", admin.get("/newsroom/tags"));
      // the JSON-LD block is a script element: the headline must not close it
      var jsonLd = article.html().select("script[type=application/ld+json]");
      assertThat(jsonLd).hasSize(1);
      assertThat(jsonLd.first().data())
          .doesNotContain("</script")
          .doesNotContain("<script")
          .contains("\\u003cscript");
      // the body's markup is sanitised, not merely escaped away
      assertThat(
              article
                  .html()
                  .select(
                      "article a[href^=javascript], article iframe, article svg, article img[onerror]"))
          .isEmpty();
    } finally {
      // keep the shared site tidy for the other tests: withdraw it
      admin.open("/newsroom/articles/" + id);
      admin.post("/newsroom/articles/" + id + "/delete", Map.of());
    }
  }

  @Test
  void sectionsAuthorsTagsAndStaffFormsWithHostileValues() {
    WebClient admin = admin();
    admin.open("/newsroom/sections");
    List<String> stored = new ArrayList<>();
    try {
      for (String value : VALUES) {
        String label = abbreviate(value);
        String slug = "hostile-" + u + "-" + Integer.toHexString(value.hashCode() & 0xffff);
        check(
            "POST sections slug " + label,
            admin.post(
                "/newsroom/sections",
                Map.of("slug", value, "nameEn", "n", "nameRu", "n", "position", "1")));
        WebClient.Response named =
            admin.post(
                "/newsroom/sections",
                Map.of("slug", slug, "nameEn", value, "nameRu", value, "position", "1"));
        check("POST sections names " + label, named);
        if (named.status() == 302) {
          stored.add(slug);
          check("reader section with hostile name", client().get("/section/" + slug));
        }
        check(
            "POST sections position " + label,
            admin.post(
                "/newsroom/sections",
                Map.of("slug", slug + "-p", "nameEn", "n", "nameRu", "n", "position", value)));
        check(
            "POST sections/X " + label,
            admin.post(
                "/newsroom/sections/" + pathEncode(value),
                Map.of("nameEn", value, "nameRu", value, "position", value)));
        check(
            "POST authors " + label,
            admin.post("/newsroom/authors", Map.of("name", value, "slug", value, "bio", value)));
        WebClient.Response author =
            admin.post(
                "/newsroom/authors",
                Map.of(
                    "name",
                    value,
                    "slug",
                    "hostile-bio-" + u + "-" + Integer.toHexString(value.hashCode() & 0xffff),
                    "bio",
                    value));
        check("POST authors bio " + label, author);
        check(
            "POST authors/X " + label,
            admin.post(
                "/newsroom/authors/" + pathEncode(value), Map.of("name", value, "bio", value)));
        check(
            "POST tags " + label,
            admin.post("/newsroom/tags", Map.of("language", value, "name", value)));
        check(
            "POST tags en " + label,
            admin.post("/newsroom/tags", Map.of("language", "en", "name", value)));
        check(
            "POST tags/X " + label,
            admin.post("/newsroom/tags/" + pathEncode(value), Map.of("name", value)));
        check(
            "POST staff " + label,
            admin.post(
                "/newsroom/staff",
                Map.of(
                    "email",
                    value,
                    "displayName",
                    value,
                    "password",
                    value,
                    "role",
                    value,
                    "authorId",
                    value)));
        check(
            "POST staff valid role " + label,
            admin.post(
                "/newsroom/staff",
                Map.of(
                    "email",
                    "hostile-" + UUID.randomUUID() + "@samizdat.test",
                    "displayName",
                    value,
                    "password",
                    value + " long enough passphrase",
                    "role",
                    "author")));
        check(
            "POST staff/X " + label,
            admin.post(
                "/newsroom/staff/" + pathEncode(value),
                Map.of("displayName", value, "role", value, "enabled", value, "password", value)));
      }
      for (String page :
          List.of(
              "/newsroom/sections",
              "/newsroom/authors",
              "/newsroom/tags",
              "/newsroom/staff",
              "/")) {
        check(
            "GET " + page + " after hostile saves",
            page.startsWith("/newsroom") ? admin.get(page) : client().get(page));
      }
      for (String bytes : RAW) {
        RawHttp raw = signedInRaw();
        String csrf = csrfOf(raw.get("/newsroom/sections"));
        check(
            "POST raw sections " + abbreviate(bytes),
            raw.postForm(
                "/newsroom/sections",
                "_csrf="
                    + csrf
                    + "&slug="
                    + bytes
                    + "&nameEn="
                    + bytes
                    + "&nameRu="
                    + bytes
                    + "&position="
                    + bytes));
        check(
            "POST raw authors " + abbreviate(bytes),
            raw.postForm(
                "/newsroom/authors", "_csrf=" + csrf + "&name=" + bytes + "&slug=&bio=" + bytes));
        check(
            "POST raw tags " + abbreviate(bytes),
            raw.postForm("/newsroom/tags", "_csrf=" + csrf + "&language=en&name=" + bytes));
        check(
            "POST raw staff " + abbreviate(bytes),
            raw.postForm(
                "/newsroom/staff",
                "_csrf="
                    + csrf
                    + "&email="
                    + bytes
                    + "&displayName="
                    + bytes
                    + "&password="
                    + bytes
                    + "&role=author"));
      }
    } finally {
      // hostile section names show in every reader page's navigation; take them out again
      for (String slug : stored) {
        jdbc.sql(
                "DELETE FROM section WHERE slug = :slug AND NOT EXISTS (SELECT 1 FROM article WHERE section_id = section.id)")
            .param("slug", slug)
            .update();
      }
      invalidation.evict(List.of("*"));
    }
  }

  // ---------------------------------------------------------------- brute force

  @Test
  void passwordGuessingIsThrottledAndEveryFailureIsLoggedAsAWarningOnOneLine() {
    Logger logger = (Logger) LoggerFactory.getLogger(LoginThrottle.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      String email = "guess-" + u + "@samizdat.test";
      WebClient c = client();
      c.open("/newsroom/login");
      for (int i = 0; i < 3; i++) {
        check(
            "guess " + i,
            c.post("/newsroom/login", Map.of("email", email, "password", "guess " + i)));
      }
      WebClient.Response locked =
          c.post("/newsroom/login", Map.of("email", email, "password", ADMIN_PASSWORD));
      assertThat(locked.location()).contains("/newsroom/login?wait=");
      check("waiting page", c.get(locked.location()));
      List<ILoggingEvent> warnings =
          appender.list.stream()
              .filter(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains(email))
              .toList();
      assertThat(warnings).hasSize(3);
      assertThat(warnings)
          .allSatisfy(
              e ->
                  assertThat(e.getFormattedMessage()).startsWith("Failed sign-in to the newsroom"));

      // an account name with CR/LF must not forge a second log line
      appender.list.clear();
      WebClient forger = client();
      forger.open("/newsroom/login");
      forger.post(
          "/newsroom/login",
          Map.of("email", "x\r\n2099-01-01 INFO Admin signed in " + u, "password", "p"));
      List<ILoggingEvent> forged =
          appender.list.stream().filter(e -> e.getFormattedMessage().contains(u)).toList();
      assertThat(forged).hasSize(1);
      assertThat(forged.get(0).getLevel()).isEqualTo(Level.WARN);
      assertThat(forged.get(0).getFormattedMessage()).doesNotContain("\r").doesNotContain("\n");
    } finally {
      logger.detachAppender(appender);
    }
  }

  // ---------------------------------------------------------------- checks

  private void check(String label, WebClient.Response r) {
    List<RawHttp.Header> headers = new ArrayList<>();
    r.headers()
        .forEach((name, values) -> values.forEach(v -> headers.add(new RawHttp.Header(name, v))));
    check(label, new RawHttp.Response(r.status(), headers, r.bytes()));
  }

  private void check(String label, RawHttp.Response r) {
    checked++;
    String body = r.body();
    String latin = new String(r.bytes(), StandardCharsets.ISO_8859_1);
    if (r.status() >= 500) {
      problem(label, "answered " + r.status() + ": " + abbreviate(body.replaceAll("\\s+", " ")));
    }
    String type =
        r.header("Content-Type") == null ? "" : r.header("Content-Type").toLowerCase(Locale.ROOT);
    // a CSV export holds the stored values as they are (ContributionsCsv guards against spreadsheet
    // formulas)
    for (String text : type.startsWith("text/csv") ? List.<String>of() : List.of(body, latin)) {
      String lower = text.toLowerCase(Locale.ROOT);
      if (lower.contains("<script>alert(1)</script>")) {
        problem(label, "reflects <script>alert(1)</script> unescaped");
      }
      if (lower.contains("<img src=x onerror=alert(1)>")) {
        problem(label, "reflects <img onerror> unescaped");
      }
      if (lower.contains("<svg onload")) {
        problem(label, "reflects <svg onload> unescaped");
      }
    }
    if (body.contains("\tat org.")
        || body.contains("at java.base/")
        || body.contains("Whitelabel Error Page")
        || body.contains("Apache Tomcat")
        || body.contains("Exception:")
        || body.contains("PSQLException")) {
      problem(
          label,
          "shows a stack trace or framework page: " + abbreviate(body.replaceAll("\\s+", " ")));
    }
    for (RawHttp.Header h : r.headers()) {
      String v = h.value().toLowerCase(Locale.ROOT);
      String n = h.name().toLowerCase(Locale.ROOT);
      if (n.equals("set-cookie")
          && (v.startsWith("a=") || v.contains("a=b") || v.contains("evil"))) {
        problem(label, "sets an injected cookie: " + h.value());
      }
      if (n.equals("location")
          && (v.contains("evil")
              || v.contains("set-cookie")
              || v.contains("location:")
              || v.contains("<script")
              || v.contains("\r")
              || v.contains("\n"))) {
        problem(label, "redirects to an injected location: " + abbreviate(h.value()));
      }
      if (v.contains("set-cookie: a=b")
          || v.contains("location: http://evil")
          || v.contains("<script>alert")) {
        problem(label, "header " + h.name() + " carries injected text: " + abbreviate(h.value()));
      }
      if (n.equals("a") || n.equals("strict-transport-security")) {
        problem(label, "unexpected header " + h.name() + ": " + h.value());
      }
    }
    if (r.status() == RawHttp.HTTP_09) {
      return; // no status line and no headers to check: only the body, checked above
    }
    // An empty answer (a preview of blank Markdown) has nothing to protect; Spring Security leaves
    // its
    // headers off such answers, which is harmless.
    if (r.isHtml() && r.status() != 304 && r.bytes().length > 0) {
      String csp = r.header("Content-Security-Policy");
      if (csp == null
          || !csp.contains("script-src 'self'")
          || !csp.contains("frame-ancestors 'none'")
          || csp.contains("unsafe-inline")) {
        problem(label, "HTML without the strict CSP (status " + r.status() + "): " + csp);
      }
      if (!"DENY".equals(r.header("X-Frame-Options"))) {
        problem(label, "HTML without X-Frame-Options DENY");
      }
      if (r.header("Referrer-Policy") == null) {
        problem(label, "HTML without Referrer-Policy");
      }
      if (r.header("Permissions-Policy") == null) {
        problem(label, "HTML without Permissions-Policy");
      }
      if (!"nosniff".equals(r.header("X-Content-Type-Options"))) {
        problem(label, "HTML without X-Content-Type-Options nosniff");
      }
      for (Element e : r.html().getAllElements()) {
        for (Attribute a : e.attributes()) {
          String name = a.getKey().toLowerCase(Locale.ROOT);
          String value =
              a.getValue().trim().toLowerCase(Locale.ROOT).replaceAll("[\\s\\x00-\\x1f]", "");
          if (name.startsWith("on")) {
            problem(
                label,
                "element <" + e.tagName() + "> has an event handler attribute " + a.getKey());
          }
          if ((name.equals("href")
                  || name.equals("src")
                  || name.equals("action")
                  || name.equals("formaction")
                  || name.equals("xlink:href"))
              && (value.startsWith("javascript:") || value.startsWith("data:text/html"))) {
            problem(label, "element <" + e.tagName() + "> links to " + a.getValue());
          }
        }
        if (e.tagName().equals("script")
            && !e.data().isBlank()
            && !"application/ld+json".equals(e.attr("type"))) {
          problem(label, "inline script: " + abbreviate(e.data()));
        }
      }
    } else if (r.status() >= 400
        && r.status() != 404
        && body.toLowerCase(Locale.ROOT).contains("<html")) {
      problem(label, "an HTML error page not marked text/html: " + r.header("Content-Type"));
    }
  }

  private void problem(String label, String what) {
    String line = label + " -> " + what;
    if (problems.size() < 200 && !problems.contains(line)) {
      problems.add(line);
    }
  }

  private void assertLocationIsLocal(String label, String location) {
    if (location == null) {
      return;
    }
    String l = location.toLowerCase(Locale.ROOT);
    if (!(l.startsWith("/") && !l.startsWith("//"))
        && !l.startsWith("http://localhost:" + port + "/")) {
      problem(label, "redirects off the site: " + location);
    }
  }

  /** A session signed in as the admin, over the raw client, with its cookie. */
  private RawHttp signedInRaw() {
    RawHttp raw = new RawHttp(port);
    String csrf = csrfOf(raw.get("/newsroom/login"));
    RawHttp.Response login =
        raw.postForm(
            "/newsroom/login",
            "email="
                + queryEncode(ADMIN_EMAIL)
                + "&password="
                + queryEncode(ADMIN_PASSWORD)
                + "&_csrf="
                + queryEncode(csrf));
    assertThat(login.status()).isEqualTo(302);
    assertThat(login.header("Location")).doesNotContain("error").doesNotContain("wait=");
    return raw;
  }

  private static String csrfOf(RawHttp.Response page) {
    Element token = page.html().selectFirst("input[name=_csrf]");
    assertThat(token).as("a CSRF token on the page").isNotNull();
    return queryEncode(token.val());
  }

  static String queryEncode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  static String pathEncode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static String abbreviate(String s) {
    String printable = s.replace("\r", "\\r").replace("\n", "\\n").replace("\u0000", "\\0");
    return printable.length() <= 90
        ? printable
        : printable.substring(0, 90) + "…(" + printable.length() + ")";
  }
}
