package org.samizdat.publishing;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.samizdat.platform.i18n.Language;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * How often each article is read, kept only as a number per article per day: nothing about who read
 * it. Views are added up in memory and written in one batch every few seconds, so a story that
 * breaks costs no database write per reader.
 */
@Service
public class Readership {

  private static final Logger log = LoggerFactory.getLogger(Readership.class);

  private final ArticleViewRepository counts;
  private final Clock clock;
  // One counter per article read since start, never removed (a few bytes per article): taking
  // the count with getAndSet(0) on a counter that stays in the map loses no concurrent view.
  private final Map<Long, AtomicLong> pending = new ConcurrentHashMap<>();

  Readership(ArticleViewRepository counts, Clock clock) {
    this.counts = counts;
    this.clock = clock;
  }

  public void recordView(long articleId) {
    pending.computeIfAbsent(articleId, id -> new AtomicLong()).incrementAndGet();
  }

  public record MostRead(long articleId, String headline, Language language, long views) {}

  /**
   * The most read live articles of the last {@code days} days, up to {@code limit} per language,
   * English first, each language's most read first.
   */
  public List<MostRead> mostRead(int days, int limit) {
    flush();
    return counts.mostRead(today().minusDays(days), limit);
  }

  public long views(long articleId) {
    flush();
    return counts.total(articleId);
  }

  @Scheduled(fixedDelayString = "${samizdat.publishing.views-flush:5s}")
  public synchronized void flush() {
    if (pending.isEmpty()) {
      return;
    }
    LocalDate day = today();
    for (Map.Entry<Long, AtomicLong> counter : pending.entrySet()) {
      long id = counter.getKey();
      long n = counter.getValue().getAndSet(0);
      if (n == 0) {
        continue;
      }
      try {
        counts.add(id, day, n);
      } catch (RuntimeException e) {
        // the database is away: keep the count for the next flush rather than lose it
        counter.getValue().addAndGet(n);
        log.warn("Could not save page-view counts ({}); will retry", e.getMessage());
        return;
      }
    }
  }

  private LocalDate today() {
    return LocalDate.now(clock.withZone(ZoneOffset.UTC));
  }
}
