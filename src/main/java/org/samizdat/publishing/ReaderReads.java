package org.samizdat.publishing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.samizdat.platform.cache.ClusterInvalidation;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * What reader pages read from the archive (an article by its address, its translation, its Read
 * more, a page of a list, the sections), kept between requests: a page the page cache does not hold
 * (the cache is off, full, or the page just changed) then costs its rendering, not six queries.
 * Forgotten as a whole exactly when the page cache drops pages that show articles: an article
 * published, changed or withdrawn, a section, author or tag renamed, here or on another node (the
 * same notices, through PostgreSQL), and when notices may have been missed. Drops that touch no
 * article (the goal's progress, experiments, mirrors) keep it. A value read while a change arrived
 * is filed under the generation it started in, which nobody asks for any more, so nothing staler
 * than the pages is ever served. Bounded by an estimate of its size in bytes.
 */
@Component
class ReaderReads {

  private record Key(long generation, Object what) {}

  private final Cache<Key, Object> values;
  private final AtomicLong generation = new AtomicLong();

  ReaderReads(
      ClusterInvalidation invalidation,
      @Value("${samizdat.site.reader-reads-mb:32}") int megabytes) {
    this.values =
        Caffeine.newBuilder()
            .maximumWeight(Math.max(megabytes, 1) * 1_000_000L)
            .weigher((Key k, Object v) -> (int) Math.min(Integer.MAX_VALUE, 64 + bytes(v)))
            // a safety net only: every change that matters already drops everything
            .expireAfterWrite(Duration.ofMinutes(10))
            .build();
    invalidation.onEvict(
        keys -> {
          if (showsArticles(keys)) {
            forget();
          }
        });
  }

  /** Whether a page-cache drop with these keys can change what an article or a list shows. */
  static boolean showsArticles(Collection<String> keys) {
    for (String key : keys) {
      if (key.equals("*") || key.startsWith(Article.CACHE_KEY_PREFIX)) {
        return true;
      }
    }
    return false;
  }

  /** The value read for {@code what}, read by {@code read} when not known in this generation. */
  @SuppressWarnings("unchecked")
  <T> T get(Object what, Supplier<T> read) {
    Key key = new Key(generation.get(), what);
    Object known = values.getIfPresent(key);
    if (known != null) {
      return (T) known;
    }
    T fresh = read.get();
    if (fresh != null) {
      values.put(key, fresh);
    }
    return fresh;
  }

  /** Forgets everything (a change anywhere may show on any list or Read more). */
  void forget() {
    generation.incrementAndGet();
    values.invalidateAll();
  }

  /** A rough estimate of the heap a value takes, for the cache's bound. */
  static long bytes(Object v) {
    if (v == null) {
      return 0;
    }
    if (v instanceof Article a) {
      return 1_024
          + 2L
              * (length(a.headline())
                  + length(a.standfirst())
                  + length(a.bodyMarkdown())
                  + length(a.bodyHtml()));
    }
    if (v instanceof ArticleSummary s) {
      return 512 + 2L * (length(s.headline()) + length(s.standfirst()) + length(s.path()));
    }
    if (v instanceof SearchHit h) {
      return 512
          + 2L
              * (length(h.headline())
                  + length(h.standfirst())
                  + length(h.path())
                  + length(h.snippetHtml()));
    }
    if (v instanceof long[] ids) {
      return 16 + 8L * ids.length;
    }
    if (v instanceof LiveListIndex.Boundaries b) {
      return 64 + 40L * b.ids().length;
    }
    if (v instanceof LiveUpdate u) {
      return 512 + 2L * (length(u.bodyMarkdown()) + length(u.bodyHtml()));
    }
    if (v instanceof LiveUpdates.OnPage p) {
      return 1_024 + bytes(p.newest());
    }
    if (v instanceof ArticleLookup.Found f) {
      return bytes(f.article());
    }
    if (v instanceof Page<?> p) {
      return 64 + bytes(p.items());
    }
    if (v instanceof Optional<?> o) {
      return 16 + o.map(ReaderReads::bytes).orElse(0L);
    }
    if (v instanceof List<?> list) {
      long sum = 32;
      for (Object item : list) {
        sum += 8 + bytes(item);
      }
      return sum;
    }
    if (v instanceof Map<?, ?> map) {
      return 64L + 128L * map.size();
    }
    return 256;
  }

  private static int length(String s) {
    return s == null ? 0 : s.length();
  }
}
