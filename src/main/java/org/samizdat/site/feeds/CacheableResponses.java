package org.samizdat.site.feeds;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.DigestUtils;
import org.springframework.web.context.request.WebRequest;

/**
 * Answers for feed readers and crawlers: the same bytes for everyone, so a CDN may keep them for
 * five minutes, and a reader that polls with {@code If-None-Match} gets a 304 instead of the whole
 * feed again.
 */
final class CacheableResponses {

  static final String CACHE_CONTROL =
      "public, max-age=300, stale-while-revalidate=600, stale-if-error=86400";
  static final MediaType RSS = MediaType.parseMediaType("application/rss+xml; charset=utf-8");
  static final MediaType ATOM = MediaType.parseMediaType("application/atom+xml; charset=utf-8");
  static final MediaType XML = MediaType.parseMediaType("application/xml; charset=utf-8");
  static final MediaType TEXT = MediaType.parseMediaType("text/plain; charset=utf-8");

  /**
   * The surrogate key of every sitemap. Surrogate keys use the names of the site's page-cache keys
   * (SurrogateKeys.forChange), so publishing, changing or withdrawing an article purges these
   * answers from our own page cache and from a CDN that reads the header.
   */
  static final String SITEMAPS_KEY = "sitemap";

  static final String SURROGATE_KEY_HEADER = "Surrogate-Key";

  private CacheableResponses() {}

  /**
   * The surrogate key of every feed of one language: any change to an article in it purges them.
   */
  static String feedsKey(String language) {
    return "feeds-" + language;
  }

  /**
   * @param surrogateKey what purges this answer from caches; null for none
   */
  static ResponseEntity<byte[]> of(
      MediaType type, byte[] body, String surrogateKey, WebRequest request) {
    String etag = "\"" + DigestUtils.md5DigestAsHex(body) + "\"";
    if (request.checkNotModified(etag)) {
      return ResponseEntity.status(HttpStatus.NOT_MODIFIED)
          .header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL)
          .eTag(etag)
          .build();
    }
    ResponseEntity.BodyBuilder ok =
        ResponseEntity.ok()
            .contentType(type)
            .header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL)
            .eTag(etag);
    if (surrogateKey != null) {
      ok.header(SURROGATE_KEY_HEADER, surrogateKey);
    }
    return ok.body(body);
  }
}
