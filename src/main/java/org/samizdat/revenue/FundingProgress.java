package org.samizdat.revenue;

import java.time.YearMonth;
import org.samizdat.platform.Money;

/** Raised in one month against the goal. */
public record FundingProgress(YearMonth month, Money raised, Money goal) {

  /** 0 to 100, for a progress bar; more than the goal shows full. */
  public int percent() {
    if (goal.minor() <= 0 || raised.minor() <= 0) {
      return 0;
    }
    return (int) Math.min(100, raised.minor() * 100 / goal.minor());
  }
}
