package org.samizdat.reach.mirrors;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.samizdat.reach.Mirrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Tells Tor Browser that a reader page is also on the onion service ({@code Onion-Location}, which
 * it offers as ".onion available"). Runs ahead of the page cache, so pages served from memory carry
 * it too, and hides the header from the page cache so it is never stored with a page: a changed
 * onion address shows at once, and no page carries it twice.
 */
class OnionLocationFilter extends OncePerRequestFilter {

  static final String HEADER = "Onion-Location";
  private static final Logger log = LoggerFactory.getLogger(OnionLocationFilter.class);

  private final Mirrors mirrors;

  OnionLocationFilter(Mirrors mirrors) {
    this.mirrors = mirrors;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String method = request.getMethod();
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      return true;
    }
    return !isReaderPage(request.getRequestURI());
  }

  /**
   * Pages readers open in a browser: not the newsroom, webhooks, media, assets, feeds or other
   * files.
   */
  static boolean isReaderPage(String path) {
    if (path.startsWith("/newsroom")
        || path.startsWith("/webhooks")
        || path.startsWith("/actuator")
        || path.startsWith("/media/")
        || path.startsWith("/css/")
        || path.startsWith("/js/")
        || path.startsWith("/error")) {
      return false;
    }
    String last = path.substring(path.lastIndexOf('/') + 1);
    return !last.contains(".");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String onion = onionUrl();
    if (onion == null) {
      chain.doFilter(request, response);
      return;
    }
    String query = request.getQueryString();
    String location = onion + request.getRequestURI() + (query == null ? "" : "?" + query);
    response.setHeader(HEADER, location);
    chain.doFilter(request, new Hiding(response, location));
  }

  /** Never fails a page: without the list, the page goes out without the header. */
  private String onionUrl() {
    try {
      return mirrors.current().onionUrl();
    } catch (RuntimeException e) {
      log.debug("No onion address for this page: {}", e.getMessage());
      return null;
    }
  }

  /**
   * The response as the rest of the chain sees it: without Onion-Location, which stays set
   * underneath.
   */
  private static final class Hiding extends HttpServletResponseWrapper {
    private final String location;

    Hiding(HttpServletResponse response, String location) {
      super(response);
      this.location = location;
    }

    @Override
    public Collection<String> getHeaderNames() {
      List<String> names = new ArrayList<>();
      for (String name : super.getHeaderNames()) {
        if (!HEADER.equalsIgnoreCase(name)) {
          names.add(name);
        }
      }
      return names;
    }

    @Override
    public Collection<String> getHeaders(String name) {
      return HEADER.equalsIgnoreCase(name) ? List.of() : super.getHeaders(name);
    }

    @Override
    public String getHeader(String name) {
      return HEADER.equalsIgnoreCase(name) ? null : super.getHeader(name);
    }

    @Override
    public boolean containsHeader(String name) {
      return !HEADER.equalsIgnoreCase(name) && super.containsHeader(name);
    }

    /**
     * The page cache resets the response to serve a stored page when rendering fails: keep the
     * header.
     */
    @Override
    public void reset() {
      super.reset();
      setHeader(HEADER, location);
    }
  }
}
