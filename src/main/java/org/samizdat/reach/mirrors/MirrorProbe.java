package org.samizdat.reach.mirrors;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
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

  /** Redirects followed at most, each checked like the first address. */
  static final int MAX_REDIRECTS = 5;

  private final Outbound outbound;
  private final Duration timeout;
  private final Clock clock;

  MirrorProbe(Duration timeout, Clock clock, Outbound outbound) {
    this.timeout = timeout;
    this.clock = clock;
    this.outbound = outbound;
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

  /**
   * One page, following redirects by hand so each new address is checked before it is connected to
   * (see {@link Outbound}); through the outbound proxy when there is one.
   */
  private Page get(String url) throws IOException, InterruptedException {
    URI uri = URI.create(url);
    long deadline = System.nanoTime() + timeout.toNanos();
    for (int hop = 0; ; hop++) {
      outbound.check(uri);
      HttpURLConnection connection =
          (HttpURLConnection) uri.toURL().openConnection(outbound.proxy());
      try {
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setConnectTimeout((int) timeout.toMillis());
        connection.setReadTimeout((int) timeout.toMillis());
        connection.setRequestProperty("User-Agent", USER_AGENT);
        connection.setRequestProperty("Cache-Control", "no-cache");
        int status = connection.getResponseCode();
        String location = connection.getHeaderField("Location");
        if (status >= 300 && status < 400 && location != null) {
          if (hop >= MAX_REDIRECTS) {
            throw new IOException("more than " + MAX_REDIRECTS + " redirects");
          }
          uri = uri.resolve(location.strip());
          continue;
        }
        InputStream stream =
            status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        byte[] bytes = stream == null ? new byte[0] : read(stream, deadline);
        return new Page(status, bytes);
      } finally {
        connection.disconnect();
      }
    }
  }

  /** Reads at most MAX_BODY_BYTES, and no longer than the check's time: a trickle is cut off. */
  private byte[] read(InputStream stream, long deadline) throws IOException {
    try (InputStream in = stream) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      int n;
      while (out.size() < MAX_BODY_BYTES
          && (n = in.read(buffer, 0, Math.min(buffer.length, MAX_BODY_BYTES - out.size()))) != -1) {
        out.write(buffer, 0, n);
        if (System.nanoTime() > deadline) {
          throw new SocketTimeoutException("slower than the check allows");
        }
      }
      return out.toByteArray();
    }
  }

  private static Finding down(Instant checkedAt, String problem) {
    return new Finding(MirrorStatus.DOWN, null, checkedAt, null, problem);
  }

  /**
   * What staff see: a few fixed words, never an exception's text (which can carry addresses and
   * internals of the origin's network).
   */
  private String describe(IOException e) {
    if (e instanceof Outbound.InsideAddress inside) {
      return "refused, " + inside.getMessage() + ".";
    }
    if (e instanceof SocketTimeoutException || e instanceof HttpTimeoutException) {
      return "no answer within " + Math.max(1, timeout.toSeconds()) + " s.";
    }
    return "unreachable.";
  }

  private record Page(int status, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }
}
