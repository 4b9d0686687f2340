package org.samizdat.revenue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The funding goal, its progress, and the rules every amount a reader types must follow. */
@Service
@Transactional(readOnly = true)
public class Funding {

  private final FundingSettingsRepository settings;
  private final JdbcClient jdbc;
  private final Clock clock;
  private final ZoneId zone;
  private final ExchangeRates exchangeRates;

  Funding(
      FundingSettingsRepository settings,
      JdbcClient jdbc,
      Clock clock,
      PlatformSettings platform,
      ExchangeRates exchangeRates) {
    this.exchangeRates = exchangeRates;
    this.settings = settings;
    this.jdbc = jdbc;
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
    Money goal = settings().goal();
    Currency goalCurrency = goal.currency();
    List<Part> parts = parts(month, goalCurrency).values().stream().flatMap(List::stream).toList();
    Converted sum = convert(parts, goalCurrency);
    return new FundingProgress(
        month, new Money(sum.minor(), goalCurrency), goal, sum.ratesUsed(), sum.uncounted());
  }

  /**
   * The same month's progress split by payment rail (the ledger's provider): what each rail raised,
   * in the goal's currency, counted exactly as {@link #progress(YearMonth)} counts it.
   */
  public java.util.Map<String, Money> progressByRail(YearMonth month) {
    Currency goalCurrency = settings().goal().currency();
    java.util.Map<String, Money> byRail = new java.util.LinkedHashMap<>();
    parts(month, goalCurrency)
        .forEach(
            (rail, parts) ->
                byRail.put(rail, new Money(convert(parts, goalCurrency).minor(), goalCurrency)));
    return byRail;
  }

  /**
   * A month's ledger sums per rail, currency and (for other currencies than the goal's) day, as
   * {@link #convert} takes them: what the provider settled in the goal's currency stands for the
   * amount when it said so.
   */
  private java.util.Map<String, List<Part>> parts(YearMonth month, Currency goalCurrency) {
    LocalDate first = month.atDay(1);
    java.util.Map<String, List<Part>> byRail = new java.util.TreeMap<>();
    jdbc.sql(
            """
            SELECT provider,
                   CASE WHEN currency = :currency OR settled_currency = :currency THEN :currency ELSE currency END AS cur,
                   CASE WHEN currency = :currency OR settled_currency = :currency THEN NULL
                        ELSE (occurred_at AT TIME ZONE :zone)::date END AS day,
                   coalesce(sum(CASE WHEN currency <> :currency AND settled_currency = :currency THEN settled_minor
                                     ELSE amount_minor END)
                            FILTER (WHERE frequency <> 'ANNUAL' AND occurred_at >= :start), 0) AS direct,
                   coalesce(sum(CASE WHEN currency <> :currency AND settled_currency = :currency THEN settled_minor
                                     ELSE amount_minor END)
                            FILTER (WHERE frequency = 'ANNUAL'), 0) AS annual
            FROM ledger_entry
            WHERE kind IN ('PAYMENT', 'RENEWAL', 'REFUND')
              AND occurred_at >= :annualStart AND occurred_at < :end
            GROUP BY 1, 2, 3
            """)
        .param("start", Timestamp.from(first.atStartOfDay(zone).toInstant()))
        .param("end", Timestamp.from(first.plusMonths(1).atStartOfDay(zone).toInstant()))
        .param("annualStart", Timestamp.from(first.minusMonths(11).atStartOfDay(zone).toInstant()))
        .param("currency", goalCurrency.getCurrencyCode())
        .param("zone", zone.getId())
        .query(
            rs -> {
              byRail
                  .computeIfAbsent(rs.getString("provider"), k -> new java.util.ArrayList<>())
                  .add(
                      new Part(
                          Currency.getInstance(rs.getString("cur")),
                          rs.getDate("day") == null ? null : rs.getDate("day").toLocalDate(),
                          rs.getLong("direct"),
                          rs.getLong("annual")));
            });
    return byRail;
  }

  /** Sums in the goal's currency, with the rates that converted them and what could not be. */
  record Converted(long minor, List<ExchangeRates.Rate> ratesUsed, List<Money> uncounted) {}

  /**
   * Adds up ledger sums in the goal's currency: its own as they are, others at the editors' rate
   * for their day, annual parts as a twelfth.
   */
  Converted convert(List<Part> parts, Currency goalCurrency) {
    List<ExchangeRates.Rate> rates =
        parts.stream().anyMatch(p -> !p.currency().equals(goalCurrency))
            ? exchangeRates.into(goalCurrency)
            : List.of();
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
