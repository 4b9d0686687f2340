package org.samizdat.revenue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.samizdat.platform.InputRejected;
import org.samizdat.platform.Money;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The rates editors keep for counting gifts in other currencies toward the goal: one goal-currency
 * price of one unit of a currency, dated. A gift is converted at the newest rate dated on or before
 * its day, or at the oldest one when all are newer; a new rate never changes a month already
 * counted at an older one.
 */
@Service
@Transactional(readOnly = true)
public class ExchangeRates {

  /** One unit of {@code currency} is worth {@code rate} units of {@code goalCurrency}. */
  public record Rate(Currency currency, Currency goalCurrency, BigDecimal rate, LocalDate asOf) {

    /** An amount of {@code currency}, in minor units of the goal currency, not yet rounded. */
    public BigDecimal convertMinor(long minor) {
      int shift = goalCurrency.getDefaultFractionDigits() - currency.getDefaultFractionDigits();
      return BigDecimal.valueOf(minor).multiply(rate).movePointRight(shift);
    }

    public Money convert(Money money) {
      return new Money(
          convertMinor(money.minor()).setScale(0, RoundingMode.HALF_EVEN).longValueExact(),
          goalCurrency);
    }

    /** "1 EUR = 1.08 USD". */
    public String describe() {
      return "1 "
          + currency.getCurrencyCode()
          + " = "
          + rate.stripTrailingZeros().toPlainString()
          + " "
          + goalCurrency.getCurrencyCode();
    }
  }

  private final ExchangeRateRepository rates;
  private final Clock clock;
  private final ApplicationEventPublisher events;

  ExchangeRates(ExchangeRateRepository rates, Clock clock, ApplicationEventPublisher events) {
    this.rates = rates;
    this.clock = clock;
    this.events = events;
  }

  /** Every rate into this goal currency, newest first per currency. */
  public List<Rate> into(Currency goal) {
    return rates.into(goal);
  }

  /** The rate that converts a gift of this day, from the rates {@link #into} gave. */
  static Optional<Rate> pick(List<Rate> rates, Currency currency, LocalDate day) {
    List<Rate> mine = rates.stream().filter(r -> r.currency().equals(currency)).toList();
    return mine.stream()
        .filter(r -> !r.asOf().isAfter(day))
        .max(Comparator.comparing(Rate::asOf))
        .or(() -> mine.stream().min(Comparator.comparing(Rate::asOf)));
  }

  /** The newest rate of each currency into the goal currency, for showing beside figures. */
  public Map<Currency, Rate> latest(Currency goal) {
    Map<Currency, Rate> latest = new LinkedHashMap<>();
    for (Rate r : into(goal)) {
      latest.putIfAbsent(r.currency(), r);
    }
    return latest;
  }

  /**
   * Records a rate as an editor typed it; the same currency and date again replaces that day's
   * rate. The goal's progress counts gifts in that currency at it from now on, so what shows the
   * progress is told ({@link FundingSettingsChanged}).
   */
  @Transactional
  public Rate save(String currencyCode, String goalCode, String rateText, String asOfText) {
    Map<String, String> problems = new LinkedHashMap<>();
    Currency currency = null;
    String code = currencyCode == null ? "" : currencyCode.trim().toUpperCase(Locale.ROOT);
    try {
      currency = code.matches("[A-Z]{3}") ? Currency.getInstance(code) : null;
    } catch (IllegalArgumentException e) {
      currency = null;
    }
    if (currency == null) {
      problems.put("currency", "Choose a currency by its three-letter code, like EUR.");
    }
    Currency goal = Currency.getInstance(goalCode);
    if (currency != null && currency.equals(goal)) {
      problems.put(
          "currency", goalCode + " is the goal's own currency: its gifts count as they are.");
    }
    BigDecimal rate = null;
    String text = rateText == null ? "" : rateText.trim().replace(',', '.');
    try {
      rate = new BigDecimal(text);
    } catch (NumberFormatException e) {
      rate = null;
    }
    if (rate == null || rate.signum() <= 0 || rate.compareTo(BigDecimal.valueOf(1_000_000)) > 0) {
      problems.put(
          "rate",
          "Enter what one unit is worth in " + goalCode + " as a positive number, like 1.08.");
      rate = null;
    } else if (rate.stripTrailingZeros().scale() > 10) {
      problems.put("rate", "Use at most ten decimal places.");
    }
    LocalDate asOf = null;
    try {
      asOf = LocalDate.parse(asOfText == null ? "" : asOfText.trim());
    } catch (DateTimeParseException e) {
      problems.put("asOf", "Enter the rate's date as YYYY-MM-DD.");
    }
    if (asOf != null && asOf.isAfter(LocalDate.now(clock).plusDays(1))) {
      problems.put("asOf", "A rate cannot be dated in the future.");
    }
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    Rate saved = new Rate(currency, goal, rate, asOf);
    rates.save(saved, clock.instant());
    events.publishEvent(new FundingSettingsChanged(clock.instant()));
    return saved;
  }

  /** Currencies the goal needs a rate for: every accepted one but its own. */
  public static List<Currency> needed(List<Currency> accepted, Currency goal) {
    List<Currency> needed = new ArrayList<>(accepted);
    needed.remove(goal);
    return needed;
  }
}
