package org.samizdat.platform.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.springframework.stereotype.Component;

/**
 * Rendered reader pages held in memory, ready to be written out as they are. Each page carries
 * surrogate keys (article-12, tag-5, home-en ...) so that publishing one article evicts exactly the
 * pages that show it. Eviction on other nodes goes through {@link ClusterInvalidation}.
 */
@Component
public class PageCache {

  /** One stored page: the bytes (and their gzip) and the headers to send with them. */
  record Entry(
      List<Map.Entry<String, String>> headers,
      String contentType,
      byte[] body,
      byte[] gzip,
      String etag,
      Set<String> keys,
      long viewOf,
      Instant storedAt) {}

  private final Cache<String, Entry> pages;
  private final PageCacheSettings settings;
  private volatile LongConsumer viewCounter = id -> {};
  private final List<Consumer<Collection<String>>> evictionListeners = new CopyOnWriteArrayList<>();

  PageCache(PageCacheSettings settings) {
    this.settings = settings;
    this.pages =
        Caffeine.newBuilder()
            .maximumWeight(settings.maxSize().toBytes())
            .weigher((String k, Entry e) -> e.body().length + e.gzip().length + 512)
            .expireAfterWrite(settings.staleIfError())
            .build();
  }

  public boolean enabled() {
    return settings.enabled();
  }

  /**
   * Called on every page served from the cache that shows an article, so readership still counts.
   */
  public void onArticleView(LongConsumer counter) {
    this.viewCounter = counter;
  }

  void countView(long articleId) {
    viewCounter.accept(articleId);
  }

  Entry get(String key) {
    return pages.getIfPresent(key);
  }

  /** One eviction on this node: its number and its keys. */
  private record Eviction(long number, Collection<String> keys) {}

  /** How many evictions this node made, and the latest of them (enough for one render's time). */
  private long evictions;

  private final ArrayDeque<Eviction> recent = new ArrayDeque<>();
  private static final int RECENT = 256;

  /** Where evictions stand now: give it to {@link #put} for a page rendered from here on. */
  synchronized long evictionsSoFar() {
    return evictions;
  }

  /**
   * Stores a page rendered after {@code evictionsBefore}, unless an eviction since then named one
   * of its keys (or everything): that page may show what was just changed as it was before the
   * change, and storing it would serve it for a whole freshness period after the eviction meant to
   * drop it. Such a page is sent to its reader and not kept; the next reader renders it afresh.
   *
   * @return whether it was stored
   */
  synchronized boolean put(String key, Entry entry, long evictionsBefore) {
    if (evictions != evictionsBefore) {
      Eviction oldest = recent.peekFirst();
      if (oldest == null || oldest.number() > evictionsBefore + 1) {
        return false; // too many evictions since to know which: do not risk it
      }
      for (Eviction e : recent) {
        if (e.number() > evictionsBefore
            && (e.keys().contains("*") || e.keys().stream().anyMatch(entry.keys()::contains))) {
          return false;
        }
      }
    }
    pages.put(key, entry);
    return true;
  }

  PageCacheSettings settings() {
    return settings;
  }

  /**
   * Called with the keys of every eviction on this node, before the pages go: whatever holds parts
   * of pages (the support blocks) drops them too, so a page rebuilt right after is built from fresh
   * parts, here and on every other node.
   */
  public void onEvict(Consumer<Collection<String>> listener) {
    evictionListeners.add(listener);
  }

  /** Drops, on this node, every page tagged with any of these keys. */
  public void evictLocally(Collection<String> keys) {
    synchronized (this) {
      evictions++;
      recent.addLast(new Eviction(evictions, List.copyOf(keys)));
      if (recent.size() > RECENT) {
        recent.removeFirst();
      }
    }
    for (Consumer<Collection<String>> listener : evictionListeners) {
      listener.accept(keys);
    }
    if (keys.contains("*")) {
      pages.invalidateAll();
      return;
    }
    pages.asMap().entrySet().removeIf(e -> e.getValue().keys().stream().anyMatch(keys::contains));
  }

  public long size() {
    return pages.estimatedSize();
  }
}
