package org.samizdat.publishing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.samizdat.platform.cache.ClusterInvalidation;
import org.springframework.stereotype.Component;

/**
 * Where each page of a reader's list starts (the published time and id of its first article) and
 * how many articles the list has, so that page 400 of a section seeks straight to its first row
 * instead of walking past 4,800 others, and no page counts the whole list again. Computed once per
 * list in one query, and forgotten whenever the page cache drops anything (an article published,
 * changed or withdrawn, here or on another node, or notices possibly missed), so it is exactly as
 * fresh as the pages it serves.
 */
@Component
class LiveListIndex {

  /** A list of live articles: any of the filters may be null. */
  record ListKey(
      long generation, String language, Long sectionId, Long tagId, Long authorId, int pageSize) {}

  /** The first row of every page, in order, and the number of articles in the list. */
  record Boundaries(long total, Instant[] publishedAt, long[] ids) {
    int pages() {
      return ids.length;
    }
  }

  private final Cache<ListKey, Boundaries> lists =
      Caffeine.newBuilder()
          .maximumWeight(8_000_000)
          .weigher((ListKey k, Boundaries b) -> 64 + b.ids().length * 40)
          // a safety net only: every change that matters already drops the whole index
          .expireAfterWrite(Duration.ofMinutes(10))
          .build();

  private final AtomicLong generation = new AtomicLong();

  LiveListIndex(ClusterInvalidation invalidation) {
    invalidation.onEvict(keys -> forget());
  }

  ListKey key(String language, Long sectionId, Long tagId, Long authorId, int pageSize) {
    return new ListKey(generation.get(), language, sectionId, tagId, authorId, pageSize);
  }

  /**
   * The boundaries of this list, computed when missing. A result computed while a change arrived is
   * filed under the generation it started in, which nobody asks for any more.
   */
  Boundaries boundaries(ListKey key, Supplier<Boundaries> compute) {
    Boundaries known = lists.getIfPresent(key);
    if (known != null) {
      return known;
    }
    Boundaries fresh = compute.get();
    lists.put(key, fresh);
    return fresh;
  }

  void forget() {
    generation.incrementAndGet();
    lists.invalidateAll();
  }
}
