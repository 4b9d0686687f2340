package org.samizdat.publishing;

import java.util.List;

/** One page of results and where it sits among all of them. */
public record Page<T>(List<T> items, int page, int pageSize, long total) {
  public int pages() {
    return (int) Math.max(1, (total + pageSize - 1) / pageSize);
  }

  public boolean hasNext() {
    return page < pages();
  }

  public boolean hasPrevious() {
    return page > 1;
  }
}
