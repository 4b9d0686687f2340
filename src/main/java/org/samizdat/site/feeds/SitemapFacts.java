package org.samizdat.site.feeds;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.samizdat.platform.cache.ClusterInvalidation;
import org.samizdat.publishing.Articles;
import org.samizdat.publishing.ListNewest;
import org.samizdat.publishing.SitemapPart;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * What the sitemap index and the pages sitemap need to know about the whole archive (where each
 * article part starts and when it last changed, when each list last got an article), kept in memory
 * because working it out reads every live article (a quarter of a second at 100,000). Forgotten
 * whenever the sitemaps' pages are dropped from the page cache (an article published, changed or
 * withdrawn, here or on another node, or notices possibly missed), so it is never older than the
 * sitemaps a cached page would serve, on any node, whether the page cache is on or not.
 */
@Component
class SitemapFacts {

  /**
   * A value, the generation it was worked out in (of use only while that generation lasts) and when
   * ({@link System#nanoTime()}).
   */
  private record Known<T>(long generation, T value, long at) {

    boolean usable(long generation) {
      return this.generation == generation && System.nanoTime() - at < SAFETY_NET.toNanos();
    }
  }

  /**
   * A safety net only, as for the lists' page boundaries: every change that matters already drops
   * these facts, here and on every node.
   */
  static final Duration SAFETY_NET = Duration.ofMinutes(10);

  private final Articles articles;
  private final int partSize;
  private final AtomicLong generation = new AtomicLong();
  private volatile Known<List<SitemapPart>> parts;
  private volatile Known<List<ListNewest>> newest;

  SitemapFacts(
      Articles articles,
      ClusterInvalidation invalidation,
      @Value("${samizdat.site.sitemap-part-size:" + Sitemaps.PART_SIZE + "}") int partSize) {
    if (partSize < 1 || partSize > Sitemaps.MAX_URLS) {
      throw new IllegalArgumentException(
          "samizdat.site.sitemap-part-size must be between 1 and "
              + Sitemaps.MAX_URLS
              + " (the sitemaps.org limit), not "
              + partSize);
    }
    this.articles = articles;
    this.partSize = partSize;
    invalidation.onEvict(this::dropped);
  }

  int partSize() {
    return partSize;
  }

  /** The article sitemap's parts, oldest first; empty when nothing is live. */
  List<SitemapPart> parts() {
    long at = generation.get();
    Known<List<SitemapPart>> known = parts;
    if (known != null && known.usable(at)) {
      return known.value();
    }
    List<SitemapPart> fresh = List.copyOf(articles.liveParts(partSize));
    parts = new Known<>(at, fresh, System.nanoTime());
    return fresh;
  }

  /** When each edition, section, tag and author list last got a live article. */
  List<ListNewest> newestPerList() {
    long at = generation.get();
    Known<List<ListNewest>> known = newest;
    if (known != null && known.usable(at)) {
      return known.value();
    }
    List<ListNewest> fresh = List.copyOf(articles.newestPerList());
    newest = new Known<>(at, fresh, System.nanoTime());
    return fresh;
  }

  private void dropped(Collection<String> keys) {
    if (keys.contains(CacheableResponses.SITEMAPS_KEY) || keys.contains("*")) {
      // A value worked out while this happens is filed under the old generation, which nobody
      // asks for any more: it can never be served after the change.
      generation.incrementAndGet();
    }
  }
}
