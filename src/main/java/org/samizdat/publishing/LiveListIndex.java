package org.samizdat.publishing;

import java.time.Instant;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Where each page of a reader's list starts (the published time and id of its first article) and
 * how many articles the list has, so that page 400 of a section seeks straight to its first row
 * instead of walking past 4,800 others, and no page counts the whole list again. Computed once per
 * list in one query and kept in {@link ReaderReads}, so it is exactly as fresh as the pages it
 * serves.
 */
@Component
class LiveListIndex {

  /** A list of live articles: any of the filters may be null. */
  record ListKey(String language, Long sectionId, Long tagId, Long authorId, int pageSize) {}

  /** The first row of every page, in order, and the number of articles in the list. */
  record Boundaries(long total, Instant[] publishedAt, long[] ids) {
    int pages() {
      return ids.length;
    }
  }

  private final ReaderReads reads;

  LiveListIndex(ReaderReads reads) {
    this.reads = reads;
  }

  ListKey key(String language, Long sectionId, Long tagId, Long authorId, int pageSize) {
    return new ListKey(language, sectionId, tagId, authorId, pageSize);
  }

  /** The boundaries of this list, computed when missing. */
  Boundaries boundaries(ListKey key, Supplier<Boundaries> compute) {
    return reads.get(key, compute);
  }
}
