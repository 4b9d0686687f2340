package org.samizdat.reach.mirrors;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jsoup.Jsoup;
import org.jsoup.parser.Parser;
import org.samizdat.reach.MirrorStatus;

/**
 * Looks at one mirror the way a reader would: does its front page answer 200 in time, and does it
 * have the newest live article (its page, or failing that, its feed listing it)?
 */
final class MirrorProbe {

  /**
   * Enough for any front page or feed; a mirror sending more is cut off, not read into memory
   * whole.
   */
  static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

  static final String USER_AGENT = "SamizdatMirrorCheck/1";

  /**
   * The newest live article, which a mirror in step with the site has.
   *
   * @param path its address on the site, {@code /yyyy/MM/dd/slug}
   * @param feedPath the feed of its edition, {@code /feed.rss} or {@code /ru/feed.rss}
   */
  record Latest(String path, String headline, String feedPath) {}

  /**
   * @param latencyMillis how long the front page took; null when down
   * @param servesLatest null when down or when nothing is live to look for
   */
  record Finding(
      MirrorStatus status,
      Integer latencyMillis,
      Instant checkedAt,
      Boolean servesLatest,
      String problem) {}

  private final HttpClient http;
  private final Duration timeout;
  private final Clock clock;

  MirrorProbe(Duration timeout, Clock clock) {
    this.timeout = timeout;
    this.clock = clock;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  /**
   * @param latest null when the site has nothing live yet
   */
  Finding check(String mirrorUrl, Latest latest) {
    Instant checkedAt = clock.instant();
    long started = System.nanoTime();
    Page front;
    try {
      front = get(mirrorUrl + "/");
    } catch (IOException e) {
      return down(checkedAt, "Front page did not answer: " + describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return down(checkedAt, "The check was interrupted.");
    }
    int latency =
        (int) Math.min(Integer.MAX_VALUE, Duration.ofNanos(System.nanoTime() - started).toMillis());
    if (front.status() != 200) {
      return down(checkedAt, "Front page answered " + front.status() + " instead of 200.");
    }
    if (latest == null) {
      return new Finding(MirrorStatus.UP, latency, checkedAt, null, null);
    }
    if (hasArticle(mirrorUrl, latest) || feedLists(mirrorUrl, latest)) {
      return new Finding(MirrorStatus.UP, latency, checkedAt, true, null);
    }
    return new Finding(
        MirrorStatus.STALE,
        latency,
        checkedAt,
        false,
        "Does not have the newest article yet: \""
            + latest.headline()
            + "\" ("
            + latest.path()
            + ").");
  }

  private boolean hasArticle(String mirrorUrl, Latest latest) {
    try {
      Page page = get(mirrorUrl + latest.path());
      return page.status() == 200 && Jsoup.parse(page.text()).text().contains(latest.headline());
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Static mirrors may keep articles under other file names; their copy of the feed still names it.
   */
  private boolean feedLists(String mirrorUrl, Latest latest) {
    try {
      Page feed = get(mirrorUrl + latest.feedPath());
      if (feed.status() != 200) {
        return false;
      }
      String text = feed.text();
      return text.contains(latest.path())
          || Jsoup.parse(text, "", Parser.xmlParser()).text().contains(latest.headline());
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private Page get(String url) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(timeout)
            .header("User-Agent", USER_AGENT)
            .header("Cache-Control", "no-cache")
            .GET()
            .build();
    HttpResponse<InputStream> response =
        http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      byte[] bytes = body.readNBytes(MAX_BODY_BYTES);
      return new Page(response.statusCode(), bytes);
    }
  }

  private static Finding down(Instant checkedAt, String problem) {
    return new Finding(MirrorStatus.DOWN, null, checkedAt, null, problem);
  }

  private String describe(IOException e) {
    if (e instanceof HttpConnectTimeoutException) {
      return "no connection within " + timeout.toSeconds() + " s.";
    }
    if (e instanceof HttpTimeoutException) {
      return "no answer within " + timeout.toSeconds() + " s.";
    }
    if (e instanceof ConnectException) {
      return "connection refused or unreachable.";
    }
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")") + ".";
  }

  private record Page(int status, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }
}
