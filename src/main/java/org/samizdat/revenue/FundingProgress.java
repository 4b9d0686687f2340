package org.samizdat.revenue;

import java.time.YearMonth;
import java.util.List;
import org.samizdat.platform.Money;

/**
 * Raised in one month against the goal.
 *
 * @param ratesUsed the editors' exchange rates that converted gifts in other currencies into this
 *     figure, shown beside it
 * @param uncounted gifts in currencies without any rate yet, per currency: left out of {@code
 *     raised} until an editor enters one, and said so wherever the figure is shown to staff
 */
public record FundingProgress(
    YearMonth month,
    Money raised,
    Money goal,
    List<ExchangeRates.Rate> ratesUsed,
    List<Money> uncounted) {

  public FundingProgress {
    ratesUsed = List.copyOf(ratesUsed);
    uncounted = List.copyOf(uncounted);
  }

  public FundingProgress(YearMonth month, Money raised, Money goal) {
    this(month, raised, goal, List.of(), List.of());
  }

  /** 0 to 100, for a progress bar; more than the goal shows full. */
  public int percent() {
    if (goal.minor() <= 0 || raised.minor() <= 0) {
      return 0;
    }
    return (int) Math.min(100, raised.minor() * 100 / goal.minor());
  }
}
