package org.samizdat.site.feeds;

import java.nio.charset.StandardCharsets;
import org.samizdat.site.SiteSettings;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

/** What crawlers read: robots.txt and the sitemaps it points to. */
@RestController
class SitemapsController {

  private final Sitemaps sitemaps;
  private final SiteSettings site;

  SitemapsController(Sitemaps sitemaps, SiteSettings site) {
    this.sitemaps = sitemaps;
    this.site = site;
  }

  @GetMapping("/robots.txt")
  ResponseEntity<byte[]> robots(WebRequest request) {
    // The newsroom is behind a login anyway; this only keeps crawlers from knocking. Search
    // result pages are endless and add nothing the sitemaps do not list. Disallow comes before
    // Allow because some robots take the first rule that matches, not the longest.
    String robots =
        """
        User-agent: *
        Disallow: /newsroom/
        Disallow: /search
        Disallow: /ru/search
        Allow: /

        Sitemap: %s
        """
            .formatted(site.absolute("/sitemap.xml"));
    return CacheableResponses.of(
        CacheableResponses.TEXT, robots.getBytes(StandardCharsets.UTF_8), null, request);
  }

  @GetMapping("/sitemap.xml")
  ResponseEntity<byte[]> index(WebRequest request) {
    return CacheableResponses.of(
        CacheableResponses.XML, sitemaps.index(), CacheableResponses.SITEMAPS_KEY, request);
  }

  @GetMapping("/sitemap-articles.xml")
  ResponseEntity<byte[]> articles(@RequestParam(defaultValue = "1") int part, WebRequest request) {
    return CacheableResponses.of(
        CacheableResponses.XML, sitemaps.articles(part), CacheableResponses.SITEMAPS_KEY, request);
  }

  @GetMapping("/sitemap-pages.xml")
  ResponseEntity<byte[]> pages(WebRequest request) {
    return CacheableResponses.of(
        CacheableResponses.XML, sitemaps.pages(), CacheableResponses.SITEMAPS_KEY, request);
  }

  @GetMapping("/sitemap-news.xml")
  ResponseEntity<byte[]> news(WebRequest request) {
    return CacheableResponses.of(
        CacheableResponses.XML, sitemaps.news(), CacheableResponses.SITEMAPS_KEY, request);
  }
}
