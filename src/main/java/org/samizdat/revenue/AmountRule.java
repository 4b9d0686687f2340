package org.samizdat.revenue;

import java.util.Currency;
import java.util.List;
import org.samizdat.platform.Money;

/** The smallest, largest and suggested amounts for one currency and frequency. */
public record AmountRule(
    Currency currency,
    Frequency frequency,
    long minMinor,
    long maxMinor,
    List<Long> suggestedMinor) {

  public Money min() {
    return new Money(minMinor, currency);
  }

  public Money max() {
    return new Money(maxMinor, currency);
  }

  public List<Money> suggested() {
    return suggestedMinor.stream().map(m -> new Money(m, currency)).toList();
  }
}
