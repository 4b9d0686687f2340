package org.samizdat.newsroom;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.samizdat.revenue.RevenueReports;
import org.samizdat.revenue.RevenueReports.ContributionFilter;
import org.samizdat.revenue.RevenueReports.LedgerPage;

/** The ledger, newest first, filtered by e-mail text, kind and payment rail. */
public record ContributionsPage(LedgerPage ledger, ContributionFilter filter, List<String> rails) {

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

  public String pageLink(int page) {
    String q = query();
    return "/newsroom/revenue/contributions?page=" + page + (q.isEmpty() ? "" : "&" + q);
  }
}
