package org.samizdat.site;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.samizdat.publishing.Page;
import org.samizdat.publishing.SearchHit;

/**
 * The search page of one edition: the form, and the results when there is a query.
 *
 * @param query the query as searched (normalised), empty when the reader has not asked yet
 * @param results null when there is no query
 */
public record SearchPage(SiteChrome chrome, String query, Page<SearchHit> results, ZoneId zone) {

  private static final int PAGER_REACH = 3;

  public boolean hasQuery() {
    return !query.isEmpty();
  }

  public String action() {
    return chrome.link("/search");
  }

  /** The address of another page of these results, keeping the query. */
  public String pageLink(int number) {
    String first = SiteLinks.search(chrome.language(), query);
    return number <= 1 ? first : first + "&page=" + number;
  }

  /** The page numbers the pager links to: a few either side of this one. */
  public List<Integer> pagerNumbers() {
    List<Integer> numbers = new ArrayList<>();
    int from = Math.max(1, results.page() - PAGER_REACH);
    int to = Math.min(results.pages(), results.page() + PAGER_REACH);
    for (int n = from; n <= to; n++) {
      numbers.add(n);
    }
    return numbers;
  }

  /** Where this page's numbering of results starts, for the ordered list. */
  public long firstPosition() {
    return (long) (results.page() - 1) * results.pageSize() + 1;
  }

  public String date(SearchHit hit) {
    return ReaderDates.format(hit.publishedAt(), hit.language(), zone);
  }
}
