package org.samizdat.platform;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;
import java.util.Objects;
import org.samizdat.platform.i18n.Formatters;

/** An amount of money in minor units (cents, kopecks) of a currency. Never floating point. */
public record Money(long minor, Currency currency) implements Comparable<Money> {

  public Money {
    Objects.requireNonNull(currency, "currency");
  }

  public static Money of(long minor, String currencyCode) {
    return new Money(minor, Currency.getInstance(currencyCode));
  }

  public String currencyCode() {
    return currency.getCurrencyCode();
  }

  public Money plus(Money other) {
    requireSameCurrency(other);
    return new Money(Math.addExact(minor, other.minor), currency);
  }

  public Money minus(Money other) {
    requireSameCurrency(other);
    return new Money(Math.subtractExact(minor, other.minor), currency);
  }

  public Money negate() {
    return new Money(Math.negateExact(minor), currency);
  }

  public boolean isPositive() {
    return minor > 0;
  }

  /** The amount as a decimal number of major units, e.g. 12.50. */
  public BigDecimal toMajor() {
    return BigDecimal.valueOf(minor, Math.max(0, currency.getDefaultFractionDigits()));
  }

  /** As readers of a language write it: $12.50, 12,50 €; whole amounts without decimals. */
  public String format(Locale locale) {
    BigDecimal major = toMajor();
    boolean whole = major.stripTrailingZeros().scale() <= 0;
    // a NumberFormat is not safe for two callers at once: each copy serves one at a time
    return FORMATS
        .computeIfAbsent(
            new FormatKey(locale, currency, whole),
            k ->
                new Formatters<>(
                    () -> {
                      NumberFormat made = NumberFormat.getCurrencyInstance(k.locale());
                      made.setCurrency(k.currency());
                      int digits = k.whole() ? 0 : k.currency().getDefaultFractionDigits();
                      made.setMinimumFractionDigits(digits);
                      made.setMaximumFractionDigits(digits);
                      return made;
                    }))
        .with(f -> f.format(major));
  }

  private record FormatKey(Locale locale, Currency currency, boolean whole) {}

  /**
   * Currency formats made once per locale and currency (a handful): making one on every call was
   * the largest part of writing an amount.
   */
  private static final java.util.concurrent.ConcurrentHashMap<FormatKey, Formatters<NumberFormat>>
      FORMATS = new java.util.concurrent.ConcurrentHashMap<>();

  @Override
  public int compareTo(Money o) {
    requireSameCurrency(o);
    return Long.compare(minor, o.minor);
  }

  private void requireSameCurrency(Money other) {
    if (!currency.equals(other.currency)) {
      throw new IllegalArgumentException("Cannot combine " + currency + " with " + other.currency);
    }
  }

  @Override
  public String toString() {
    return toMajor().toPlainString() + " " + currency.getCurrencyCode();
  }
}
