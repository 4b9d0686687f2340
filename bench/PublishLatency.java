import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Time from "Update live article" on node A until node B, which had the page cached, serves the new
 * headline. Signs in to A's newsroom like a browser (CSRF token from the form), changes an
 * article's headline through the editor, then polls B's copy of the page every few ms.
 *
 * <pre>
 * java -cp jsoup.jar PublishLatency.java http://127.0.0.1:A http://127.0.0.1:B email password rounds
 * </pre>
 */
public class PublishLatency {

  static final HttpClient PLAIN =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  public static void main(String[] args) throws Exception {
    String a = args[0];
    String b = args[1];
    String email = args[2];
    String password = args[3];
    int rounds = Integer.parseInt(args[4]);
    long pollMicros = args.length > 5 ? Long.parseLong(args[5]) : 2000;
    HttpClient staff =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    // sign in on A
    Document login = Jsoup.parse(get(staff, a + "/newsroom/login").body());
    HttpResponse<String> signedIn =
        post(
            staff,
            a + "/newsroom/login",
            Map.of(
                "email",
                email,
                "password",
                password,
                "_csrf",
                login.selectFirst("input[name=_csrf]").val()));
    String location = signedIn.headers().firstValue("Location").orElse("");
    if (signedIn.statusCode() != 302 || location.contains("error") || location.contains("locked")) {
      throw new IllegalStateException("sign-in failed: " + signedIn.statusCode() + " " + location);
    }

    // a published English article
    long id = Long.parseLong(System.getProperty("article", "0"));
    if (id == 0) {
      Document list =
          Jsoup.parse(get(staff, a + "/newsroom/articles?status=PUBLISHED&language=en").body());
      Element link = list.selectFirst("td a[href~=^/newsroom/articles/\\d+$]");
      if (link == null) {
        throw new IllegalStateException("no published article in the newsroom list");
      }
      id = Long.parseLong(link.attr("href").replaceAll("\\D", ""));
    }
    String editorUrl = a + "/newsroom/articles/" + id;
    String path = editor(staff, editorUrl).publicPath;
    System.out.printf(
        "article %d at %s; node A %s publishes, node B %s is polled every %.1f ms%n",
        id, path, a, b, pollMicros / 1000.0);

    String run = Long.toString(System.currentTimeMillis() % 100000);
    List<Double> visible = new ArrayList<>();
    List<Double> posted = new ArrayList<>();
    System.out.printf(
        "%5s  %12s  %18s  %12s%n", "round", "POST on A ms", "visible on B ms", "B polls");
    // round 0 warms both JVMs up (the first save on a fresh JVM compiles the whole path) and is not
    // counted
    for (int i = 0; i <= rounds; i++) {
      Editor form = editor(staff, editorUrl);
      String headline =
          "Bench "
              + run
              + " round "
              + i
              + ": "
              + form.fields.get("headline").replaceAll("^Bench \\d+ round \\d+: ", "");
      // B has the current version in its page cache
      get(PLAIN, b + path);
      HttpResponse<String> cached = get(PLAIN, b + path);
      String state = cached.headers().firstValue("X-Page-Cache").orElse("none");
      if (!"hit".equals(state)) {
        System.out.println(
            "warning: node B did not serve the page from its cache (X-Page-Cache: " + state + ")");
      }
      String marker = "Bench " + run + " round " + i + ":";
      if (cached.body().contains(marker)) {
        throw new IllegalStateException("node B already shows the new headline");
      }
      Map<String, String> fields = new LinkedHashMap<>(form.fields);
      fields.put("headline", headline);
      fields.put("action", "publish");

      long t0 = System.nanoTime();
      HttpResponse<String> saved = post(staff, editorUrl, fields);
      long tPosted = System.nanoTime();
      if (saved.statusCode() != 302) {
        throw new IllegalStateException(
            "update refused: " + saved.statusCode() + " " + saved.body());
      }
      long deadline = t0 + Duration.ofSeconds(10).toNanos();
      int polls = 0;
      while (true) {
        polls++;
        HttpResponse<String> r = get(PLAIN, b + path);
        if (r.statusCode() == 200 && r.body().contains(marker)) {
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("node B still serves the old headline after 10 s");
        }
        Thread.sleep(pollMicros / 1000, (int) (pollMicros % 1000) * 1000);
      }
      long t1 = System.nanoTime();
      if (i > 0) {
        posted.add((tPosted - t0) / 1e6);
        visible.add((t1 - t0) / 1e6);
      }
      System.out.printf(
          "%5s  %12.1f  %18.1f  %12d%n",
          i == 0 ? "warm" : Integer.toString(i), (tPosted - t0) / 1e6, (t1 - t0) / 1e6, polls);
      Thread.sleep(200);
    }
    System.out.println();
    System.out.printf(
        "publish on A -> served by B (ms): min %.1f  median %.1f  max %.1f  (n=%d)%n",
        Collections.min(visible), median(visible), Collections.max(visible), visible.size());
    System.out.printf(
        "of which the editor's POST on A (ms): min %.1f  median %.1f  max %.1f%n",
        Collections.min(posted), median(posted), Collections.max(posted));
    System.out.printf(
        "reference, the editor's own confirmation (POST on A) = 1: B serves the change at %.2fx (medians)%n",
        median(visible) / median(posted));
    System.out.printf(
        "RESULT max_ms=%.1f median_ms=%.1f%n", Collections.max(visible), median(visible));
  }

  record Editor(Map<String, String> fields, String publicPath) {}

  /** The editor form's fields as a browser would send them (checked boxes only, no file). */
  static Editor editor(HttpClient staff, String url) throws Exception {
    HttpResponse<String> r = get(staff, url);
    if (r.statusCode() != 200) {
      throw new IllegalStateException("editor " + url + " answered " + r.statusCode());
    }
    Document doc = Jsoup.parse(r.body());
    Element form = doc.selectFirst("form.editor");
    Map<String, String> fields = new LinkedHashMap<>();
    List<String> authors = new ArrayList<>();
    for (Element input : form.select("input[name]")) {
      String type = input.attr("type");
      if (type.equals("file")) {
        continue;
      }
      if (type.equals("checkbox")) {
        if (input.hasAttr("checked")) {
          authors.add(input.val());
        }
        continue;
      }
      fields.put(input.attr("name"), input.val());
    }
    for (Element textarea : form.select("textarea[name]")) {
      fields.put(textarea.attr("name"), textarea.wholeText());
    }
    for (Element select : form.select("select[name]")) {
      Element option = select.selectFirst("option[selected]");
      if (option == null) {
        option = select.selectFirst("option");
      }
      fields.put(select.attr("name"), option == null ? "" : option.val());
    }
    // checkboxes share one name: sent as authorIds=1&authorIds=2
    for (int i = 0; i < authors.size(); i++) {
      fields.put("authorIds[" + i + "]", authors.get(i));
    }
    Element view = doc.selectFirst("a:containsOwn(View on the site)");
    return new Editor(fields, view == null ? null : view.attr("href"));
  }

  static HttpResponse<String> get(HttpClient client, String url) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> post(HttpClient client, String url, Map<String, String> form)
      throws Exception {
    StringBuilder body = new StringBuilder();
    form.forEach(
        (k, v) -> {
          if (body.length() > 0) {
            body.append('&');
          }
          String name = k.replaceAll("\\[\\d+]$", "");
          body.append(URLEncoder.encode(name, StandardCharsets.UTF_8))
              .append('=')
              .append(URLEncoder.encode(v == null ? "" : v, StandardCharsets.UTF_8));
        });
    return client.send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
