package org.samizdat.platform.cache;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.samizdat.platform.security.SecurityHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Serves reader pages from memory ahead of everything else (security, MVC, the database), so a
 * story that breaks costs a hash lookup per reader. A page is stored only when the app itself
 * marked it {@code Cache-Control: public} with status 200, and it is replayed with exactly the
 * headers it was rendered with (security headers included), a strong ETag (304 on If-None-Match)
 * and gzip for clients that take it. When the app cannot render (the database is away), a stored
 * page past its freshness is still served, within stale-if-error.
 */
public class PageCacheFilter extends OncePerRequestFilter {

  /**
   * A controller sets this request attribute to the id of the article a page shows, for view
   * counts.
   */
  public static final String VIEW_ATTRIBUTE = "samizdat.pageCache.view";

  public static final String KEYS_HEADER = "Surrogate-Key";

  /** Sent by the static export, which reads every page: such requests are not readers' views. */
  public static final String NOT_A_READER_HEADER = "X-Samizdat-Export";

  // HSTS depends on the request (HTTPS only), not on the page: added per request instead
  private static final Set<String> SKIPPED_HEADERS =
      Set.of(
          "set-cookie",
          "date",
          "content-length",
          "transfer-encoding",
          "content-encoding",
          "connection",
          "keep-alive",
          "strict-transport-security");

  /**
   * After the app failed to render a stored page, how long its stale copy is sent without asking
   * the app again.
   */
  static final Duration TROUBLE = Duration.ofSeconds(2);

  private final PageCache cache;
  private final Clock clock;

  /**
   * Until when the app is known to fail: set when it could not render a page (the database is away:
   * each try waits out the connection pool's timeout), cleared (null) by the next page it renders.
   * Meanwhile readers of stored pages get them at once, stale.
   */
  private volatile Instant troubleUntil;

  public PageCacheFilter(PageCache cache, Clock clock) {
    this.cache = cache;
    this.clock = clock;
  }

  private boolean inTrouble() {
    Instant until = troubleUntil;
    return until != null && clock.instant().isBefore(until);
  }

  private void trouble() {
    troubleUntil = clock.instant().plus(TROUBLE);
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    if (!cache.enabled()) {
      return true;
    }
    String method = request.getMethod();
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      return true;
    }
    String path = request.getRequestURI();
    return path.startsWith("/newsroom")
        || path.startsWith("/webhooks")
        || path.startsWith("/actuator")
        || path.startsWith("/media/")
        || path.startsWith("/support/")
        || path.startsWith("/ru/support/")
        || path.startsWith("/css/")
        || path.startsWith("/js/")
        || path.startsWith("/error");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String key =
        request.getQueryString() == null
            ? request.getRequestURI()
            : request.getRequestURI() + "?" + request.getQueryString();
    PageCache.Entry entry = cache.get(key);
    Instant now = clock.instant();
    if (entry != null && entry.storedAt().plus(cache.settings().fresh()).isAfter(now)) {
      write(entry, request, response, false, true);
      return;
    }
    if (entry != null && inTrouble()) {
      // the app failed a moment ago: do not make this reader wait for it to fail again
      write(entry, request, response, true, true);
      return;
    }
    Capture capture = new Capture(response, entry != null);
    long evictionsBefore = cache.evictionsSoFar();
    try {
      chain.doFilter(request, capture);
    } catch (IOException | ServletException | RuntimeException e) {
      trouble();
      if (entry != null && !response.isCommitted()) {
        response.reset();
        write(entry, request, response, true, true);
        return;
      }
      throw e;
    }
    int status = capture.status;
    if (status >= 500) {
      trouble();
    }
    if (capture.errorSent) {
      // The container renders the error page after this filter returns; nothing to add here.
      return;
    }
    if (status >= 500 && entry != null && !response.isCommitted()) {
      response.reset();
      write(entry, request, response, true, true);
      return;
    }
    if (status < 500) {
      troubleUntil = null;
    }
    byte[] body = capture.bytes();
    String cacheControl = capture.getHeader("Cache-Control");
    // The static export reads every page of the archive once: storing them would push readers'
    // pages out of the cache and gzip each one for nothing.
    if (status == 200
        && cacheControl != null
        && cacheControl.startsWith("public")
        && capture.getHeader("Set-Cookie") == null
        && request.getHeader(NOT_A_READER_HEADER) == null) {
      PageCache.Entry stored = store(key, capture, body, request, evictionsBefore);
      write(stored, request, response, false, false);
      return;
    }
    // not cacheable: pass through what the app wrote
    if (!response.isCommitted() && body.length > 0) {
      response.setContentLength(body.length);
    }
    if (!"HEAD".equals(request.getMethod())) {
      response.getOutputStream().write(body);
    }
  }

  private PageCache.Entry store(
      String key, Capture capture, byte[] body, HttpServletRequest request, long evictionsBefore)
      throws IOException {
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    for (String name : capture.getHeaderNames()) {
      if (SKIPPED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        continue;
      }
      for (String value : capture.getHeaders(name)) {
        headers.add(new AbstractMap.SimpleImmutableEntry<>(name, value));
        if (name.equalsIgnoreCase(KEYS_HEADER)) {
          keys.addAll(Arrays.asList(value.trim().split("\\s+")));
        }
      }
    }
    // The container sends Content-Language from the response's locale (Spring MVC sets it for
    // every view it renders), not from a header: kept as the header the reader got, in place of
    // one set by hand, as the container's would be.
    if (capture.locale != null) {
      headers.removeIf(h -> h.getKey().equalsIgnoreCase("Content-Language"));
      headers.add(
          new AbstractMap.SimpleImmutableEntry<>(
              "Content-Language", capture.locale.toLanguageTag()));
    }
    Object view = request.getAttribute(VIEW_ATTRIBUTE);
    PageCache.Entry entry =
        new PageCache.Entry(
            List.copyOf(headers),
            capture.getContentType(),
            body,
            gzip(body),
            etag(body),
            Set.copyOf(keys),
            view instanceof Long id ? id : -1,
            clock.instant());
    cache.put(key, entry, evictionsBefore);
    return entry;
  }

  private void write(
      PageCache.Entry entry,
      HttpServletRequest request,
      HttpServletResponse response,
      boolean stale,
      boolean fromCache)
      throws IOException {
    if (fromCache && entry.viewOf() > 0 && request.getHeader(NOT_A_READER_HEADER) == null) {
      cache.countView(entry.viewOf());
    }
    response.setStatus(200);
    if (fromCache) {
      // on a miss the app has just set these very headers on this response
      for (Map.Entry<String, String> h : entry.headers()) {
        response.addHeader(h.getKey(), h.getValue());
      }
      SecurityHeaders.addIfMissing(request, response);
    }
    if (entry.contentType() != null) {
      response.setContentType(entry.contentType());
    }
    response.setHeader("ETag", entry.etag());
    response.setHeader("Vary", "Accept-Encoding");
    response.setHeader("X-Page-Cache", stale ? "stale" : fromCache ? "hit" : "miss");
    if (stale) {
      response.setHeader("Warning", "110 - \"Response is Stale\"");
    }
    String inm = request.getHeader("If-None-Match");
    if (inm != null && matches(inm, entry.etag())) {
      response.setStatus(304);
      return;
    }
    String ae = request.getHeader("Accept-Encoding");
    boolean gzip = ae != null && ae.contains("gzip") && entry.gzip().length < entry.body().length;
    byte[] bytes = gzip ? entry.gzip() : entry.body();
    if (gzip) {
      response.setHeader("Content-Encoding", "gzip");
    }
    response.setContentLength(bytes.length);
    if (!"HEAD".equals(request.getMethod())) {
      ServletOutputStream out = response.getOutputStream();
      out.write(bytes);
    }
  }

  private static boolean matches(String ifNoneMatch, String etag) {
    for (String candidate : ifNoneMatch.split(",")) {
      String c = candidate.trim();
      if (c.startsWith("W/")) {
        c = c.substring(2);
      }
      if (c.equals(etag) || c.equals("*")) {
        return true;
      }
    }
    return false;
  }

  private static String etag(byte[] body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
      return "\""
          + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 12))
          + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] gzip(byte[] body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 3 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(body);
    }
    return out.toByteArray();
  }

  /** Holds what the app writes, so it can be stored before it is sent. */
  private static final class Capture extends HttpServletResponseWrapper {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(16 * 1024);
    private int status = 200;
    private boolean errorSent;

    /** The locale the app set, if it did: the container makes Content-Language of it. */
    private Locale locale;

    private ServletOutputStream stream;
    private PrintWriter writer;

    /**
     * A stored copy exists: a server error (e.g. the database is away and its resolver sends 503)
     * is only noted, not passed to the container, so the stale copy can be sent instead of the
     * container's error page.
     */
    private final boolean holdServerErrors;

    Capture(HttpServletResponse response, boolean holdServerErrors) {
      super(response);
      this.holdServerErrors = holdServerErrors;
    }

    @Override
    public void setStatus(int sc) {
      this.status = sc;
      super.setStatus(sc);
    }

    @Override
    public void setLocale(Locale locale) {
      // the container ignores it once the response is committed
      if (!isCommitted()) {
        this.locale = locale;
      }
      super.setLocale(locale);
    }

    @Override
    public void sendError(int sc) throws IOException {
      this.status = sc;
      if (holdServerErrors && sc >= 500) {
        return;
      }
      this.errorSent = true;
      super.sendError(sc);
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
      this.status = sc;
      if (holdServerErrors && sc >= 500) {
        return;
      }
      this.errorSent = true;
      super.sendError(sc, msg);
    }

    @Override
    public void sendRedirect(String location) throws IOException {
      this.status = 302;
      super.sendRedirect(location);
    }

    @Override
    public ServletOutputStream getOutputStream() {
      if (stream == null) {
        stream =
            new ServletOutputStream() {
              @Override
              public boolean isReady() {
                return true;
              }

              @Override
              public void setWriteListener(WriteListener listener) {
                throw new UnsupportedOperationException();
              }

              @Override
              public void write(int b) {
                buffer.write(b);
              }

              @Override
              public void write(byte[] b, int off, int len) {
                buffer.write(b, off, len);
              }
            };
      }
      return stream;
    }

    @Override
    public PrintWriter getWriter() {
      if (writer == null) {
        String enc =
            getCharacterEncoding() == null ? StandardCharsets.UTF_8.name() : getCharacterEncoding();
        writer =
            new PrintWriter(
                new OutputStreamWriter(getOutputStream(), java.nio.charset.Charset.forName(enc)),
                false);
      }
      return writer;
    }

    @Override
    public void flushBuffer() {
      if (writer != null) {
        writer.flush();
      }
    }

    @Override
    public void setContentLength(int len) {
      // the real length is set when the bytes are written
    }

    @Override
    public void setContentLengthLong(long len) {
      // the real length is set when the bytes are written
    }

    byte[] bytes() {
      if (writer != null) {
        writer.flush();
      }
      return buffer.toByteArray();
    }
  }
}
