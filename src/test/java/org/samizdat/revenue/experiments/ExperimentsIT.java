package org.samizdat.revenue.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.samizdat.WebClient;
import org.samizdat.WebClient.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Experiments over HTTP: the newsroom's screens, the readers' JSON and beacon, and crediting gifts.
 */
class ExperimentsIT extends ExperimentTest {
  @Test
  void anEditorCreatesStartsAndReadsAnExperimentAndPagesCarryTheControl() throws Exception {
    WebClient editor = admin();
    long id = create(editor, form("Urgency " + UUID.randomUUID(), "appeal", "FIXED"));
    Experiment e = experiments.get(id);
    assertThat(e.status()).isEqualTo(Experiment.Status.DRAFT);
    assertThat(e.variants()).hasSize(2);
    assertThat(e.variants().get(1).suggested()).containsExactly(300L, 700L, 1500L);
    assertThat(e.variants().get(1).preselected()).isEqualTo(1);

    editor.open("/newsroom/revenue/experiments/" + id);
    assertThat(editor.post("/newsroom/revenue/experiments/" + id + "/start", Map.of()).status())
        .isEqualTo(302);

    // Readers: the same JSON for everyone, cacheable, with both variants and their shares.
    WebClient reader = client();
    Response json = reader.get("/support/experiments.json");
    assertThat(json.status()).isEqualTo(200);
    assertThat(json.header("Cache-Control")).startsWith("public");
    assertThat(json.header("Set-Cookie")).isNull();
    JsonNode appeal = JsonMapper.builder().build().readTree(json.body()).get("appeal");
    assertThat(appeal.get("id").asLong()).isEqualTo(id);
    assertThat(appeal.get("variants")).hasSize(2);
    assertThat(appeal.get("variants").get(0).get("control").asBoolean()).isTrue();
    assertThat(appeal.get("variants").get(0).get("weight").asDouble()).isEqualTo(0.5);
    JsonNode urgent = appeal.get("variants").get(1);
    assertThat(urgent.get("heading").asString()).isEqualTo("We are running out of time");
    assertThat(urgent.get("copyHtml").asString()).contains("<strong>$10,000</strong>");
    assertThat(urgent.get("amounts").get(0).get("label").asString()).isEqualTo("$3");
    Response ru = reader.get("/ru/support/experiments.json");
    assertThat(ru.body()).contains("У нас мало времени");

    // Every page carries the control in its form (readers without JavaScript are counted as it).
    long control = e.control().id();
    Response support = reader.get("/support");
    assertThat(support.html().select("#support-form input[name=variant]").val()).isEmpty();
    String article = articleWithAppeal(reader);
    Response page = reader.get(article);
    assertThat(page.html().select("#appeal input[name=variant]").val())
        .isEqualTo(String.valueOf(control));
    assertThat(page.html().select("script[src=/js/experiments.js]")).hasSize(1);
    // ... and a browser without JavaScript counts its view of the control through the page's
    // <noscript> image, the same for everyone
    String seen = page.html().select("#appeal noscript.experiment-seen img").attr("src");
    assertThat(seen).isEqualTo("/support/experiments/seen?v=" + control);
    long before = experiments.results(id).variants().get(0).shown();
    Response pixel = reader.get(seen);
    assertThat(pixel.status()).isEqualTo(200);
    assertThat(pixel.header("Content-Type")).isEqualTo("image/gif");
    assertThat(pixel.header("Cache-Control")).isEqualTo("no-store");
    assertThat(pixel.header("Set-Cookie")).isNull();
    assertThat(experiments.results(id).variants().get(0).shown()).isEqualTo(before + 1);
    assertThat(reader.get("/support/experiments/seen?v=nonsense").status()).isEqualTo(200);
    assertThat(experiments.results(id).variants().get(0).shown()).isEqualTo(before + 1);

    // The results page and its CSV.
    Response results = editor.get("/newsroom/revenue/experiments/" + id);
    assertThat(results.status()).isEqualTo(200);
    assertThat(results.html().select(".experiment-results tbody tr")).hasSize(2);
    Response csv = editor.get("/newsroom/revenue/experiments/" + id + "/results.csv");
    assertThat(csv.header("Content-Type")).startsWith("text/csv");
    assertThat(csv.body()).contains("total,Control").contains("total,Urgent");

    // Stopped: pages no longer carry it.
    experiments.stop(id);
    assertThat(reader.get("/support/experiments.json").body()).isEqualTo("{}");
    assertThat(reader.get(article).html().select("script[src=/js/experiments.js]")).isEmpty();
    assertThat(reader.get(article).html().select("noscript.experiment-seen")).isEmpty();
  }

  @Test
  void aGiftMadeFromAVariantIsCreditedToItWhenTheProviderConfirmsIt() throws Exception {
    long id = create(admin(), form("Credit " + UUID.randomUUID(), "appeal", "BANDIT_CONVERSION"));
    experiments.start(id);
    Experiment e = experiments.get(id);
    long urgent = e.variants().get(1).id();

    shown(urgent);
    shown(urgent);
    for (int i = 0; i < 20; i++) {
      shown(e.control().id());
    }
    WebClient reader = client();
    Response pay =
        reader.get(
            "/support/pay?frequency=monthly&amount_monthly=7&currency=USD&variant=" + urgent);
    assertThat(pay.status()).isEqualTo(200);
    var methodForm = pay.html().selectFirst("form[action=/support/checkout]");
    assertThat(methodForm.select("input[name=variant]").val()).isEqualTo(String.valueOf(urgent));

    Map<String, String> checkout = new LinkedHashMap<>();
    for (var input : methodForm.select("input[type=hidden]")) {
      checkout.put(input.attr("name"), input.val());
    }
    Response started = reader.post("/support/checkout", checkout);
    assertThat(started.status()).isEqualTo(303);
    // Not yet a gift: only the provider's webhook completes it.
    ExperimentResults before = experiments.results(id);
    assertThat(before.variants().get(1).checkouts()).isEqualTo(1);
    assertThat(before.variants().get(1).gifts()).isZero();

    Response paid =
        reader.post(
            started.location(),
            Map.of(
                "action",
                "pay",
                "email",
                "variant-" + UUID.randomUUID() + "@example.org",
                "name",
                ""));
    assertThat(paid.status()).isEqualTo(302);

    ExperimentResults after = experiments.results(id);
    var b = after.variants().get(1);
    assertThat(b.shown()).isEqualTo(2);
    assertThat(b.continued()).isEqualTo(1);
    assertThat(b.checkouts()).isEqualTo(1);
    assertThat(b.gifts()).isEqualTo(1);
    assertThat(b.revenueMinor()).isEqualTo(700);
    assertThat(after.variants().get(0).gifts()).isZero();

    // The bandit moves traffic towards it once it is weighed, on whichever node takes the lock.
    assertThat(experiments.reweigh()).isEqualTo(1);
    Experiment weighed = experiments.get(id);
    assertThat(weighed.variants().get(1).weight())
        .isGreaterThan(weighed.variants().get(0).weight());
    assertThat(weighed.variants().get(0).weight()).isGreaterThanOrEqualTo(0.05 - 1e-9);
  }

  @Test
  void parallelBeaconsLoseNoViewAndBadOnesCountNothing() throws Exception {
    long id = create(admin(), form("Parallel " + UUID.randomUUID(), "banner", "FIXED"));
    experiments.start(id);
    long b = experiments.get(id).variants().get(1).id();

    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<Integer>> sent = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      sent.add(pool.submit(() -> shown(b)));
    }
    for (Future<Integer> f : sent) {
      assertThat(f.get()).isEqualTo(204);
    }
    pool.shutdown();
    assertThat(experiments.results(id).variants().get(1).shown()).isEqualTo(400);

    assertThat(post("/support/experiments/shown", "not a number")).isEqualTo(204);
    assertThat(post("/support/experiments/shown", "999999999")).isEqualTo(204);
    assertThat(post("/support/experiments/shown", "x".repeat(5000))).isEqualTo(204);
    assertThat(experiments.results(id).variants().get(1).shown()).isEqualTo(400);
    experiments.pause(id);
    shown(b);
    assertThat(experiments.results(id).variants().get(1).shown())
        .as("a paused experiment counts nothing")
        .isEqualTo(400);
  }

  @Test
  void badFormsAreRefusedWithEveryProblemNamedAndNothingStored() {
    WebClient editor = admin();
    long before = jdbc.sql("SELECT count(*) FROM experiment").query(Long.class).single();
    Map<String, String> bad = form("", "nowhere", "FIXED");
    bad.put("v1.split", "30");
    bad.put("v1.suggested", "3, lots");
    editor.open("/newsroom/revenue/experiments");
    Response refused = editor.post("/newsroom/revenue/experiments", bad);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.html().select(".error li").eachText())
        .anyMatch(t -> t.contains("name"))
        .anyMatch(t -> t.contains("Choose where"))
        .anyMatch(t -> t.contains("100%"))
        .anyMatch(t -> t.contains("amounts are numbers"));
    assertThat(jdbc.sql("SELECT count(*) FROM experiment").query(Long.class).single())
        .isEqualTo(before);

    long first = create(editor, form("One " + UUID.randomUUID(), "support", "FIXED"));
    long second = create(editor, form("Two " + UUID.randomUUID(), "support", "FIXED"));
    experiments.start(first);
    editor.open("/newsroom/revenue/experiments/" + second);
    Response clash = editor.post("/newsroom/revenue/experiments/" + second + "/start", Map.of());
    assertThat(clash.status()).isEqualTo(409);
    assertThat(clash.body()).contains("already live");
    assertThat(client().get("/newsroom/revenue/experiments").status()).isEqualTo(302);
  }

  int shown(long variant) {
    return post("/support/experiments/shown", String.valueOf(variant));
  }

  int post(String path, String body) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                  .header("Content-Type", "text/plain")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
