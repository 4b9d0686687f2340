package org.samizdat.platform.cache;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.samizdat.MutableClock;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

/**
 * The filter against servlet API stand-ins: the chain behind it is the app, which here renders a
 * page, then fails the way it does while the database is away.
 */
class PageCacheFilterTests {

  /** Pages are never fresh, so every request asks the app unless the filter knows better. */
  private final PageCache cache =
      new PageCache(
          new PageCacheSettings(true, Duration.ZERO, Duration.ofDays(1), DataSize.ofMegabytes(1)));

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private final PageCacheFilter filter = new PageCacheFilter(cache, clock);
  private final AtomicInteger renders = new AtomicInteger();
  private final AtomicReference<String> mode = new AtomicReference<>("ok");

  private final FilterChain app =
      (request, response) -> {
        renders.incrementAndGet();
        HttpServletResponse http = (HttpServletResponse) response;
        switch (mode.get()) {
          case "ok" -> {
            http.setStatus(200);
            http.setHeader("Cache-Control", "public, max-age=60");
            http.setHeader("Content-Security-Policy", "default-src 'self'");
            http.setContentType("text/html;charset=UTF-8");
            http.getOutputStream().write("<p>story</p>".getBytes(StandardCharsets.UTF_8));
          }
          case "503" -> http.setStatus(503);
          default ->
              throw new IllegalStateException("Could not open JDBC Connection for transaction");
        }
      };

  private MockHttpServletResponse get(String path) throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
    MockHttpServletResponse response = new MockHttpServletResponse();
    filter.doFilter(request, response, app);
    return response;
  }

  @Test
  void aPageRenderedWhileItsArticleChangedIsSentButNotKept() throws Exception {
    java.util.function.Function<String, FilterChain> renderingWhileEvicted =
        evicted ->
            (request, response) -> {
              HttpServletResponse http = (HttpServletResponse) response;
              http.setStatus(200);
              http.setHeader("Cache-Control", "public, max-age=60");
              http.setHeader(PageCacheFilter.KEYS_HEADER, "article-1 home-en support");
              http.getOutputStream().write("<p>as it was</p>".getBytes(StandardCharsets.UTF_8));
              // the editor's change commits here, after this render read the article
              cache.evictLocally(java.util.List.of(evicted));
            };

    MockHttpServletResponse response = new MockHttpServletResponse();
    filter.doFilter(
        new MockHttpServletRequest("GET", "/story"),
        response,
        renderingWhileEvicted.apply("article-1"));
    assertThat(response.getContentAsString()).isEqualTo("<p>as it was</p>");
    assertThat(cache.get("/story")).as("not kept: it shows the article before its change").isNull();

    filter.doFilter(
        new MockHttpServletRequest("GET", "/story"),
        new MockHttpServletResponse(),
        renderingWhileEvicted.apply("*"));
    assertThat(cache.get("/story")).as("everything was dropped meanwhile").isNull();

    filter.doFilter(
        new MockHttpServletRequest("GET", "/story"),
        new MockHttpServletResponse(),
        renderingWhileEvicted.apply("article-2"));
    assertThat(cache.get("/story")).as("another article changed: this page is kept").isNotNull();
  }

  @Test
  void aMissSendsEachHeaderOnce() throws Exception {
    MockHttpServletResponse first = get("/story");
    assertThat(first.getHeader("X-Page-Cache")).isEqualTo("miss");
    assertThat(first.getHeaders("Content-Security-Policy")).hasSize(1);
    assertThat(first.getHeaders("Cache-Control")).hasSize(1);
    assertThat(first.getContentAsString()).isEqualTo("<p>story</p>");
  }

  @Test
  void afterTheAppFailsStoredPagesAreServedStaleWithoutAskingItAgainThenItIsAskedOnceMore()
      throws Exception {
    get("/story");
    get("/other");
    assertThat(renders).hasValue(2);

    mode.set("throw");
    MockHttpServletResponse failed = get("/story");
    assertThat(failed.getStatus()).isEqualTo(200);
    assertThat(failed.getHeader("X-Page-Cache")).isEqualTo("stale");
    assertThat(failed.getHeaders("Content-Security-Policy")).hasSize(1);
    assertThat(renders).hasValue(3);

    // the app just failed: the next readers of stored pages are not made to wait for it
    for (int i = 0; i < 5; i++) {
      MockHttpServletResponse stale = get(i % 2 == 0 ? "/story" : "/other");
      assertThat(stale.getHeader("X-Page-Cache")).isEqualTo("stale");
      assertThat(stale.getContentAsString()).isEqualTo("<p>story</p>");
    }
    assertThat(renders).as("no reader of a stored page waited for the app").hasValue(3);

    // a page nobody stored still goes to the app, which answers 503 while it is in trouble
    mode.set("503");
    assertThat(get("/never-stored").getStatus()).isEqualTo(503);
    assertThat(renders).hasValue(4);
  }

  @Test
  void theAppIsAskedAgainOnceTheTroubleWindowHasPassedAndAGoodAnswerEndsIt() throws Exception {
    get("/story");
    mode.set("503");
    assertThat(get("/story").getHeader("X-Page-Cache")).isEqualTo("stale");
    int rendersInTrouble = renders.get();
    clock.advance(PageCacheFilter.TROUBLE.plusMillis(200));
    mode.set("ok");
    MockHttpServletResponse back = get("/story");
    assertThat(renders).as("asked again after the window").hasValue(rendersInTrouble + 1);
    assertThat(back.getHeader("X-Page-Cache")).isEqualTo("miss");
    get("/story");
    assertThat(renders).as("and every time after a good answer").hasValue(rendersInTrouble + 2);
  }
}
