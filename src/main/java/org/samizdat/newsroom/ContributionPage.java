package org.samizdat.newsroom;

import java.util.Map;
import org.samizdat.revenue.RevenueReports.EntryDetail;

/** One ledger entry, its refunds, and the form to record another. */
public record ContributionPage(EntryDetail detail, String amount, Map<String, String> errors) {

  public boolean canRefund() {
    return detail.entry().refundable() && detail.remaining().isPositive();
  }

  public String error(String field) {
    return errors.get(field);
  }
}
