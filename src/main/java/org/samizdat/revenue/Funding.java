package org.samizdat.revenue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.Currency;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.samizdat.platform.InputRejected;
import org.samizdat.platform.Money;
import org.samizdat.platform.PlatformSettings;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The funding goal, its progress, and the rules every amount a reader types must follow. */
@Service
@Transactional(readOnly = true)
public class Funding {

  private final FundingSettingsRepository settings;
  private final Clock clock;
  private final ZoneId zone;
  private final ExchangeRates exchangeRates;
  private final LedgerMonths ledgerMonths;

  Funding(
      FundingSettingsRepository settings,
      Clock clock,
      PlatformSettings platform,
      ExchangeRates exchangeRates,
      LedgerMonths ledgerMonths) {
    this.exchangeRates = exchangeRates;
    this.ledgerMonths = ledgerMonths;
    this.settings = settings;
    this.clock = clock;
    this.zone = platform.timeZone();
  }

  public FundingSettings settings() {
    return settings.load();
  }

  public List<AmountRule> rules() {
    return settings.rules();
  }

  public List<Currency> currencies() {
    return rules().stream().map(AmountRule::currency).distinct().toList();
  }

  public Optional<AmountRule> rule(Currency currency, Frequency frequency) {
    return rules().stream()
        .filter(r -> r.currency().equals(currency) && r.frequency() == frequency)
        .findFirst();
  }

  /** This month's progress in the newsroom's time zone. */
  public FundingProgress progress() {
    return progress(YearMonth.now(clock.withZone(zone)));
  }

  /**
   * Raised in a month, in the goal's currency: one-time gifts in the month they arrive, monthly
   * gifts as paid, annual gifts as a twelfth for each of the twelve months from their payment,
   * refunds subtracted the same way as the gift they return. Gifts in other currencies count at
   * what the provider settled in the goal's currency when it said so, otherwise at the editors'
   * exchange rate for their day; a currency without any rate is reported as uncounted, never
   * dropped silently.
   */
  public FundingProgress progress(YearMonth month) {
    return months(month, month).get(0).total();
  }

  /**
   * The same month's progress split by payment rail (the ledger's provider): what each rail raised,
   * in the goal's currency, counted exactly as {@link #progress(YearMonth)} counts it.
   */
  public java.util.Map<String, Money> progressByRail(YearMonth month) {
    return months(month, month).get(0).byRail();
  }

  /** One month's progress, in all and by payment rail (in the rails' name order). */
  public record MonthProgress(FundingProgress total, java.util.Map<String, Money> byRail) {}

  /**
   * Each month's progress from {@code first} to {@code last}, oldest first, in all and by rail, as
   * {@link #progress(YearMonth)} and {@link #progressByRail(YearMonth)} count them, from one read
   * of the ledger (months before the current one are kept, see {@link LedgerMonths}).
   */
  public List<MonthProgress> months(YearMonth first, YearMonth last) {
    Money goal = settings().goal();
    Currency goalCurrency = goal.currency();
    java.util.Map<YearMonth, List<LedgerMonths.Sums>> sums =
        ledgerMonths.months(first.minusMonths(11), last, goalCurrency);
    List<MonthProgress> result = new java.util.ArrayList<>();
    // the editors' rates, read once for all the months and rails (when any gift needs one)
    List<List<ExchangeRates.Rate>> read = new java.util.ArrayList<>();
    java.util.function.Supplier<List<ExchangeRates.Rate>> rates =
        () -> {
          if (read.isEmpty()) {
            read.add(exchangeRates.into(goalCurrency));
          }
          return read.get(0);
        };
    for (YearMonth month = first; !month.isAfter(last); month = month.plusMonths(1)) {
      java.util.Map<String, List<Part>> byRail = parts(month, sums);
      List<Part> all = byRail.values().stream().flatMap(List::stream).toList();
      Converted sum = convert(all, goalCurrency, rates);
      java.util.Map<String, Money> railMoney = new java.util.LinkedHashMap<>();
      byRail.forEach(
          (rail, parts) ->
              railMoney.put(
                  rail, new Money(convert(parts, goalCurrency, rates).minor(), goalCurrency)));
      result.add(
          new MonthProgress(
              new FundingProgress(
                  month,
                  new Money(sum.minor(), goalCurrency),
                  goal,
                  sum.ratesUsed(),
                  sum.uncounted()),
              railMoney));
    }
    return List.copyOf(result);
  }

  /**
   * A month's ledger sums per rail, currency and (for other currencies than the goal's) day, as
   * {@link #convert} takes them: one-time and monthly gifts of the month itself, annual gifts of it
   * and the eleven months before (each counts a twelfth for twelve months). A currency and day seen
   * in those twelve months is a part even when it adds nothing to this month, as it always was.
   */
  private static java.util.Map<String, List<Part>> parts(
      YearMonth month, java.util.Map<YearMonth, List<LedgerMonths.Sums>> sums) {
    record PartKey(Currency currency, LocalDate day) {}
    java.util.Map<String, java.util.Map<PartKey, long[]>> byRail = new java.util.TreeMap<>();
    for (YearMonth m = month.minusMonths(11); !m.isAfter(month); m = m.plusMonths(1)) {
      for (LedgerMonths.Sums s : sums.getOrDefault(m, List.of())) {
        long[] part =
            byRail
                .computeIfAbsent(s.provider(), k -> new java.util.LinkedHashMap<>())
                .computeIfAbsent(new PartKey(s.currency(), s.day()), k -> new long[2]);
        if (m.equals(month)) {
          part[0] += s.direct();
        }
        part[1] += s.annual();
      }
    }
    java.util.Map<String, List<Part>> parts = new java.util.TreeMap<>();
    byRail.forEach(
        (rail, keyed) ->
            parts.put(
                rail,
                keyed.entrySet().stream()
                    .map(
                        e ->
                            new Part(
                                e.getKey().currency(),
                                e.getKey().day(),
                                e.getValue()[0],
                                e.getValue()[1]))
                    .toList()));
    return parts;
  }

  /** Sums in the goal's currency, with the rates that converted them and what could not be. */
  record Converted(long minor, List<ExchangeRates.Rate> ratesUsed, List<Money> uncounted) {}

  /**
   * Adds up ledger sums in the goal's currency: its own as they are, others at the editors' rate
   * for their day, annual parts as a twelfth.
   */
  Converted convert(List<Part> parts, Currency goalCurrency) {
    return convert(parts, goalCurrency, () -> exchangeRates.into(goalCurrency));
  }

  /** As {@link #convert(List, Currency)}, with the rates read (when needed) from {@code rates}. */
  private Converted convert(
      List<Part> parts,
      Currency goalCurrency,
      java.util.function.Supplier<List<ExchangeRates.Rate>> into) {
    List<ExchangeRates.Rate> rates =
        parts.stream().anyMatch(p -> !p.currency().equals(goalCurrency)) ? into.get() : List.of();
    BigDecimal direct = BigDecimal.ZERO;
    BigDecimal annual = BigDecimal.ZERO;
    Set<ExchangeRates.Rate> used = new LinkedHashSet<>();
    Map<Currency, Long> uncounted = new TreeMap<>(Comparator.comparing(Currency::getCurrencyCode));
    for (Part p : parts) {
      if (p.currency().equals(goalCurrency)) {
        direct = direct.add(BigDecimal.valueOf(p.direct()));
        annual = annual.add(BigDecimal.valueOf(p.annual()));
        continue;
      }
      Optional<ExchangeRates.Rate> rate =
          ExchangeRates.pick(rates, p.currency(), p.day() == null ? today() : p.day());
      if (rate.isEmpty()) {
        long share = p.direct() + p.annual() / 12;
        if (share != 0) {
          uncounted.merge(p.currency(), share, Long::sum);
        }
        continue;
      }
      used.add(rate.get());
      direct = direct.add(rate.get().convertMinor(p.direct()));
      annual = annual.add(rate.get().convertMinor(p.annual()));
    }
    long minor =
        direct.setScale(0, RoundingMode.HALF_EVEN).longValueExact()
            + annual.divide(BigDecimal.valueOf(12), 0, RoundingMode.DOWN).longValueExact();
    return new Converted(
        minor,
        List.copyOf(used),
        uncounted.entrySet().stream().map(e -> new Money(e.getValue(), e.getKey())).toList());
  }

  private LocalDate today() {
    return LocalDate.now(clock.withZone(zone));
  }

  /**
   * Ledger sums of one currency (and, for other currencies than the goal's, one day; null for
   * today).
   */
  record Part(Currency currency, LocalDate day, long direct, long annual) {}

  /** Reads a currency code a reader's form sent. */
  public Currency currency(String code) {
    if (code != null && code.matches("[A-Za-z]{3}")) {
      try {
        Currency c = Currency.getInstance(code.toUpperCase(Locale.ROOT));
        if (currencies().contains(c)) {
          return c;
        }
      } catch (IllegalArgumentException e) {
        // not an ISO 4217 code: answered below like any other currency we do not take
      }
    }
    throw new InputRejected(
        "currency",
        "We accept gifts in "
            + String.join(", ", currencies().stream().map(Currency::getCurrencyCode).toList())
            + "; '"
            + code
            + "' is not one of them.");
  }

  public Frequency frequency(String code) {
    return Frequency.fromCode(code)
        .orElseThrow(
            () ->
                new InputRejected(
                    "frequency",
                    "Choose once, monthly or annual; '" + code + "' is not one of them."));
  }

  /**
   * Reads an amount as a reader types it (in major units: "5", "12.50") and checks it against the
   * limits for its currency and frequency.
   */
  public Money amount(String raw, Currency currency, Frequency frequency, Locale locale) {
    String text = raw == null ? "" : raw.trim().replace(" ", "").replace("\u00a0", "");
    if (text.isEmpty()) {
      throw new InputRejected("amount", "Enter an amount.");
    }
    if (text.length() > 15 || !text.matches("[-+]?\\d*([.,]\\d*)?")) {
      throw new InputRejected("amount", "Enter the amount as a number, like 5 or 12.50.");
    }
    BigDecimal major;
    try {
      major = new BigDecimal(text.replace(',', '.'));
    } catch (NumberFormatException e) {
      throw new InputRejected("amount", "Enter the amount as a number, like 5 or 12.50.");
    }
    if (major.signum() <= 0) {
      throw new InputRejected("amount", "The amount must be more than zero.");
    }
    int digits = currency.getDefaultFractionDigits();
    if (major.stripTrailingZeros().scale() > digits) {
      throw new InputRejected(
          "amount",
          currency.getCurrencyCode() + " amounts have at most " + digits + " decimal places.");
    }
    long minor = major.movePointRight(digits).longValueExact();
    AmountRule rule =
        rule(currency, frequency)
            .orElseThrow(
                () ->
                    new InputRejected(
                        "currency",
                        "We do not take "
                            + frequency.code()
                            + " gifts in "
                            + currency.getCurrencyCode()
                            + "."));
    Money money = new Money(minor, currency);
    if (minor < rule.minMinor()) {
      throw new InputRejected(
          "amount",
          "The smallest " + label(frequency) + " gift is " + rule.min().format(locale) + ".");
    }
    if (minor > rule.maxMinor()) {
      throw new InputRejected(
          "amount",
          "The largest "
              + label(frequency)
              + " gift we take here is "
              + rule.max().format(locale)
              + ". For more, please write to us.");
    }
    return money;
  }

  private static String label(Frequency f) {
    return switch (f) {
      case ONCE -> "one-time";
      case MONTHLY -> "monthly";
      case ANNUAL -> "annual";
    };
  }
}
