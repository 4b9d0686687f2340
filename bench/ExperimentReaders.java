import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Simulated readers for an appeal experiment running on a local site in TEST MODE: each reader
 * reads the cached experiments JSON as the page's script does, picks a variant by the published
 * shares, sends the view beacon, and gives with the chance given for that variant (through the
 * test-mode checkout, so the gift is confirmed by a signed webhook like a real one). Every few
 * hundred readers it prints the shares the site publishes, so the bandit can be watched moving.
 *
 * <pre>
 * # the site, reweighing every 20 s instead of every 5 minutes:
 * SAMIZDAT_DEMO_CONTENT=true java -jar target/samizdat.jar \
 *   --samizdat.revenue.experiments.reweigh-interval=20s --samizdat.revenue.experiments.reweigh-poll=5s
 * # start a bandit on the appeal with two variants in the newsroom, then:
 * java bench/ExperimentReaders.java http://localhost:8080 appeal 3000 0.02,0.05
 * </pre>
 */
public class ExperimentReaders {

  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  public static void main(String[] args) throws Exception {
    String base = args.length > 0 ? args[0] : "http://localhost:8080";
    String placement = args.length > 1 ? args[1] : "appeal";
    int readers = args.length > 2 ? Integer.parseInt(args[2]) : 3000;
    String[] rateArgs = (args.length > 3 ? args[3] : "0.02,0.05").split(",");
    double[] rates = new double[rateArgs.length];
    for (int i = 0; i < rates.length; i++) {
      rates[i] = Double.parseDouble(rateArgs[i]);
    }
    Random random = new Random(2026);
    List<long[]> variants = variants(base, placement);
    if (variants.isEmpty()) {
      System.err.println(
          "No experiment is running on the " + placement + ": start one in the newsroom.");
      System.exit(2);
    }
    long[] shown = new long[variants.size()];
    long[] gave = new long[variants.size()];
    for (int r = 1; r <= readers; r++) {
      if (r % 100 == 0) {
        variants = variants(base, placement);
      }
      int pick = pick(variants, random.nextDouble());
      long id = variants.get(pick)[0];
      post(base + "/support/experiments/shown", "text/plain", String.valueOf(id));
      shown[pick]++;
      if (random.nextDouble() < rates[Math.min(pick, rates.length - 1)] && give(base, id, r)) {
        gave[pick]++;
      }
      if (r % 250 == 0 || r == readers) {
        StringBuilder line = new StringBuilder("readers=" + r);
        for (int i = 0; i < variants.size(); i++) {
          line.append(
              String.format(
                  "  variant%d share=%.2f shown=%d gave=%d",
                  i, Double.longBitsToDouble(variants.get(i)[1]), shown[i], gave[i]));
        }
        System.out.println(line);
      }
    }
  }

  /** [id, weight bits] per variant of the placement's running experiment, in the JSON's order. */
  static List<long[]> variants(String base, String placement) throws Exception {
    String json = get(base + "/support/experiments.json");
    List<long[]> out = new ArrayList<>();
    int at = json.indexOf("\"" + placement + "\"");
    if (at < 0) {
      return out;
    }
    int end = json.indexOf("]}", at);
    Matcher m =
        Pattern.compile("\"id\":(\\d+),\"weight\":([0-9.Ee-]+)").matcher(json.substring(at, end));
    while (m.find()) {
      out.add(
          new long[] {
            Long.parseLong(m.group(1)), Double.doubleToLongBits(Double.parseDouble(m.group(2)))
          });
    }
    return out;
  }

  static int pick(List<long[]> variants, double u) {
    double acc = 0;
    for (int i = 0; i < variants.size(); i++) {
      acc += Double.longBitsToDouble(variants.get(i)[1]);
      if (u < acc) {
        return i;
      }
    }
    return variants.size() - 1;
  }

  /**
   * Continue, choose the test-mode checkout, pay: the site's own forms, as a browser posts them.
   */
  static boolean give(String base, long variant, int reader) throws Exception {
    get(base + "/support/pay?frequency=once&amount_once=10&currency=USD&variant=" + variant);
    HttpResponse<String> checkout =
        post(
            base + "/support/checkout",
            "application/x-www-form-urlencoded",
            form(
                Map.of(
                    "provider",
                    "testmode",
                    "frequency",
                    "once",
                    "amount",
                    "1000",
                    "currency",
                    "USD",
                    "variant",
                    String.valueOf(variant))));
    String location = checkout.headers().firstValue("Location").orElse(null);
    if (checkout.statusCode() != 303 || location == null) {
      return false;
    }
    HttpResponse<String> paid =
        post(
            location.startsWith("http") ? location : base + location,
            "application/x-www-form-urlencoded",
            form(Map.of("action", "pay", "email", "reader" + reader + "@example.org", "name", "")));
    return paid.statusCode() == 302;
  }

  static String form(Map<String, String> fields) {
    StringBuilder b = new StringBuilder();
    fields.forEach(
        (k, v) ->
            b.append(b.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return b.toString();
  }

  static String get(String url) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).GET().build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  static HttpResponse<String> post(String url, String type, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", type)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
