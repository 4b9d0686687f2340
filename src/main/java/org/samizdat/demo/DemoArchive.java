package org.samizdat.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.samizdat.platform.cache.ClusterInvalidation;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Grows the demo newsroom into ten years of archive, for measuring the site at scale: copies of the
 * demo's live articles (both languages, their sections, tags, authors, hero images and translation
 * links) with their own slugs ({@code <slug>-x<n>}), dates spread back over ten years, and a
 * further paragraph from another demo article so bodies and search results differ. Written with
 * set-based SQL, a batch of whole copies per statement, so 100,000 articles take minutes; the
 * search document is computed by PostgreSQL itself as rows arrive.
 *
 * <p>A fixture, not content: it writes publishing's tables directly and keeps no revisions for the
 * copies.
 */
@Component
class DemoArchive {

  /** How far back the copies reach. */
  static final Duration SPAN = Duration.ofDays(3_650);

  /** Articles per statement, roughly: a batch is always whole copies of the demo. */
  static final int BATCH = 2_000;

  private final DemoArchiveRepository archive;
  private final TransactionTemplate transactions;
  private final ClusterInvalidation invalidation;

  DemoArchive(
      DemoArchiveRepository archive,
      TransactionTemplate transactions,
      ClusterInvalidation invalidation) {
    this.archive = archive;
    this.transactions = transactions;
    this.invalidation = invalidation;
  }

  /** Live articles there are now. */
  long live() {
    return archive.live();
  }

  /**
   * Adds copies until {@code target} articles are live; returns how many it added.
   *
   * @param progress told after every batch: added so far and the number to add
   */
  long grow(long target, Progress progress) {
    long toAdd = target - live();
    if (toAdd <= 0) {
      return 0;
    }
    List<Long> sources = archive.originals();
    if (sources.isEmpty()) {
      throw new IllegalStateException(
          "There is no live article to copy: start once with SAMIZDAT_DEMO_CONTENT=true first.");
    }
    int perCopy = sources.size();
    // copies go back from the oldest demo article
    Instant base = archive.oldestOriginal();
    int firstCopy = archive.nextCopy();
    long copies = (toAdd + perCopy - 1) / perCopy;
    int lastCopy = (int) (firstCopy + copies - 1);
    // every copy a step further back, so the archive covers SPAN however large it is
    long stepMinutes = Math.max(1, SPAN.toMinutes() / Math.max(lastCopy, 1));
    int copiesPerBatch = Math.max(1, BATCH / perCopy);
    long added = 0;
    for (int from = firstCopy; from <= lastCopy; from += copiesPerBatch) {
      int first = from;
      int to = Math.min(lastCopy, from + copiesPerBatch - 1);
      long limit = Math.min(toAdd - added, (long) (to - from + 1) * perCopy);
      DemoArchiveRepository.CopyBatch batch =
          new DemoArchiveRepository.CopyBatch(base, first, to, limit, stepMinutes);
      Long n = transactions.execute(status -> archive.copy(batch));
      added += n == null ? 0 : n;
      progress.done(added, toAdd);
    }
    archive.analyze();
    // other nodes on the same database hold pages (and list indexes) of a smaller archive
    invalidation.evict(List.of("*"));
    return added;
  }

  /** Told how far a long run is. */
  @FunctionalInterface
  interface Progress {
    void done(long done, long total);
  }

  /** Consumes progress lines: done of total, rate and the time left, for a command's output. */
  static Progress lines(Consumer<String> out) {
    long started = System.nanoTime();
    return (done, total) ->
        out.accept(org.samizdat.platform.ProgressLine.format("Articles", done, total, started));
  }
}
