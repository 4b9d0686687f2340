package org.samizdat.newsroom;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.samizdat.platform.Keyset;
import org.samizdat.revenue.RevenueReports;
import org.samizdat.revenue.RevenueReports.ContributionFilter;
import org.samizdat.revenue.RevenueReports.LedgerLine;

/** The ledger, newest first, filtered by e-mail text, kind and payment rail. */
public record ContributionsPage(
    Keyset.Slice<LedgerLine> ledger, ContributionFilter filter, List<String> rails) {

  public static String railName(String provider) {
    return RevenueReports.railName(provider);
  }

  public List<String> kinds() {
    return RevenueReports.KINDS;
  }

  /** The filters as a query string ("email=...&kind=..."), for paging and the CSV link. */
  public String query() {
    StringBuilder q = new StringBuilder();
    if (!filter.email().isEmpty()) {
      q.append("email=").append(URLEncoder.encode(filter.email(), StandardCharsets.UTF_8));
    }
    if (!filter.kind().isEmpty()) {
      q.append(q.isEmpty() ? "" : "&").append("kind=").append(filter.kind());
    }
    if (!filter.rail().isEmpty()) {
      q.append(q.isEmpty() ? "" : "&").append("rail=").append(filter.rail());
    }
    return q.toString();
  }

  public String csvLink() {
    String q = query();
    return "/newsroom/revenue/contributions.csv" + (q.isEmpty() ? "" : "?" + q);
  }

  /** The newest entries with these filters. */
  public String newestLink() {
    String q = query();
    return "/newsroom/revenue/contributions" + (q.isEmpty() ? "" : "?" + q);
  }

  /** The oldest entries with these filters. */
  public String oldestLink() {
    return link("oldest=true");
  }

  /** The entries just newer than this page's first. */
  public String newerLink() {
    return link("newer=" + URLEncoder.encode(ledger.newerKey(), StandardCharsets.UTF_8));
  }

  /** The entries just older than this page's last. */
  public String olderLink() {
    return link("older=" + URLEncoder.encode(ledger.olderKey(), StandardCharsets.UTF_8));
  }

  /** Which stretch of time the page shows, newest first: the ledger has no page numbers. */
  public String span() {
    List<LedgerLine> items = ledger.items();
    if (items.isEmpty()) {
      return "";
    }
    String first = Format.dateTime(items.get(0).occurredAt());
    String last = Format.dateTime(items.get(items.size() - 1).occurredAt());
    return first.equals(last) ? first : first + " to " + last;
  }

  private String link(String position) {
    String q = query();
    return "/newsroom/revenue/contributions?" + position + (q.isEmpty() ? "" : "&" + q);
  }
}
