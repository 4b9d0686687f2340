package org.samizdat.publishing;

import java.time.Instant;

/**
 * A run of live articles in the article sitemap, oldest first: its first and last article
 * (published time and id: the range the part's query reads), the newest change among its articles
 * or removal of one that stood in it or before it (the part's {@code lastmod}) and how many
 * articles it holds.
 */
public record SitemapPart(
    Instant firstPublishedAt,
    long firstId,
    Instant lastPublishedAt,
    long lastId,
    Instant lastChanged,
    int size) {

  /** The same part, changed at {@code at} if that is later than its last change. */
  SitemapPart changedAt(Instant at) {
    return at == null || !at.isAfter(lastChanged)
        ? this
        : new SitemapPart(firstPublishedAt, firstId, lastPublishedAt, lastId, at, size);
  }
}
