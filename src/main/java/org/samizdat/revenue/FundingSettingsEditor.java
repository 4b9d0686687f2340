package org.samizdat.revenue;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.samizdat.platform.InputRejected;
import org.samizdat.platform.Money;
import org.samizdat.platform.PlatformSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Editors change the goal, the banner and appeal copy, how often readers are asked, and the amount
 * rules, all at once: everything is checked first, then saved in one transaction, and {@link
 * FundingSettingsChanged} tells whoever shows them to readers.
 */
@Service
public class FundingSettingsEditor {

  public static final int MAX_SUGGESTED = 6;
  public static final Set<String> PLACEHOLDERS = Set.of("since", "goal", "minimum");
  static final int MAX_BANNER = 1000;
  static final int MAX_COPY = 5000;

  private static final Logger log = LoggerFactory.getLogger(FundingSettingsEditor.class);
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_]+)\\}");
  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

  /**
   * The settings as the form shows and sends them: text, exactly as typed, so a refused form keeps
   * it.
   */
  public record Form(
      String goal,
      String goalCurrency,
      String adsDisabledSince,
      String bannerEn,
      String bannerRu,
      String appealEn,
      String appealRu,
      String otherWaysEn,
      String otherWaysRu,
      String defaultFrequency,
      String bannerDismissDays,
      String remindLaterDays,
      String appealCapViews,
      String appealCapDays,
      String thanksDays,
      List<RuleForm> rules) {}

  /**
   * One amount rule as typed. {@code key} names its fields in the form and in error messages (key +
   * ".min" and so on). A rule whose fields are all blank is left out (the empty "add" row).
   */
  public record RuleForm(
      String key, String currency, String frequency, String min, String max, String suggested) {
    boolean blank() {
      return isBlank(currency) && isBlank(min) && isBlank(max) && isBlank(suggested);
    }
  }

  private final FundingSettingsRepository repository;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final ZoneId zone;

  FundingSettingsEditor(
      FundingSettingsRepository repository,
      ApplicationEventPublisher events,
      Clock clock,
      PlatformSettings platform) {
    this.repository = repository;
    this.events = events;
    this.clock = clock;
    this.zone = platform.timeZone();
  }

  /** The field name of an existing rule in the form. */
  public static String ruleKey(Currency currency, Frequency frequency) {
    return "rule." + currency.getCurrencyCode() + "." + frequency.name();
  }

  @Transactional(readOnly = true)
  public Form current() {
    FundingSettings s = repository.load();
    List<RuleForm> rules = new ArrayList<>();
    for (AmountRule r : repository.rules()) {
      rules.add(
          new RuleForm(
              ruleKey(r.currency(), r.frequency()),
              r.currency().getCurrencyCode(),
              r.frequency().name(),
              MajorUnits.toMajor(r.minMinor(), r.currency()),
              MajorUnits.toMajor(r.maxMinor(), r.currency()),
              String.join(
                  ", ",
                  r.suggestedMinor().stream()
                      .map(m -> MajorUnits.toMajor(m, r.currency()))
                      .toList())));
    }
    return new Form(
        MajorUnits.toMajor(s.goal().minor(), s.goal().currency()),
        s.goal().currencyCode(),
        s.adsDisabledSince().toString(),
        s.bannerEn(),
        s.bannerRu(),
        s.appealEn(),
        s.appealRu(),
        s.otherWaysEn(),
        s.otherWaysRu(),
        s.defaultFrequency().name(),
        String.valueOf(s.bannerDismissDays()),
        String.valueOf(s.remindLaterDays()),
        String.valueOf(s.appealCapViews()),
        String.valueOf(s.appealCapDays()),
        String.valueOf(s.thanksDays()),
        List.copyOf(rules));
  }

  /** Checks every field, then saves all of it or nothing. */
  @Transactional
  public void save(Form form) {
    Map<String, String> problems = new LinkedHashMap<>();
    List<AmountRule> rules = rules(form.rules(), problems);

    Set<Currency> currencies =
        new TreeSet<>((a, b) -> a.getCurrencyCode().compareTo(b.getCurrencyCode()));
    repository.rules().forEach(r -> currencies.add(r.currency()));
    rules.forEach(r -> currencies.add(r.currency()));
    String code = trim(form.goalCurrency()).toUpperCase(Locale.ROOT);
    Currency goalCurrency =
        currencies.stream().filter(c -> c.getCurrencyCode().equals(code)).findFirst().orElse(null);
    long goal = 0;
    if (goalCurrency == null) {
      problems.put(
          "goalCurrency",
          "Choose the goal's currency from those with amount rules: "
              + String.join(", ", currencies.stream().map(Currency::getCurrencyCode).toList())
              + ".");
    } else {
      goal =
          field(problems, "goal", () -> MajorUnits.toMinor(form.goal(), goalCurrency, "goal"), 0L);
    }
    LocalDate since = null;
    LocalDate today = LocalDate.now(clock.withZone(zone));
    try {
      since = LocalDate.parse(trim(form.adsDisabledSince()));
      if (since.isAfter(today)) {
        problems.put("adsDisabledSince", "The date ads were switched off cannot be in the future.");
      } else if (since.getYear() < 1990) {
        problems.put("adsDisabledSince", "Enter a date from 1990 on.");
      }
    } catch (DateTimeParseException e) {
      problems.put(
          "adsDisabledSince",
          "Enter the date ads were switched off as YYYY-MM-DD, for example 2022-03-01.");
    }
    String bannerEn =
        copy(problems, "bannerEn", "The English banner", form.bannerEn(), MAX_BANNER, true);
    String bannerRu =
        copy(problems, "bannerRu", "The Russian banner", form.bannerRu(), MAX_BANNER, true);
    String appealEn =
        copy(problems, "appealEn", "The English appeal", form.appealEn(), MAX_COPY, true);
    String appealRu =
        copy(problems, "appealRu", "The Russian appeal", form.appealRu(), MAX_COPY, true);
    String otherEn =
        copy(
            problems,
            "otherWaysEn",
            "The English other ways to give",
            form.otherWaysEn(),
            MAX_COPY,
            false);
    String otherRu =
        copy(
            problems,
            "otherWaysRu",
            "The Russian other ways to give",
            form.otherWaysRu(),
            MAX_COPY,
            false);
    Frequency frequency = Frequency.fromCode(form.defaultFrequency()).orElse(null);
    if (frequency == null) {
      problems.put(
          "defaultFrequency", "Choose once, monthly or annual as the frequency readers see first.");
    }
    int dismiss =
        days(
            problems,
            "bannerDismissDays",
            "A dismissed banner stays away for",
            form.bannerDismissDays(),
            1,
            365,
            "days");
    int remind =
        days(
            problems,
            "remindLaterDays",
            "\"Remind me later\" waits",
            form.remindLaterDays(),
            1,
            365,
            "days");
    int capViews =
        days(
            problems,
            "appealCapViews",
            "The appeal shows",
            form.appealCapViews(),
            1,
            1000,
            "times");
    int capDays =
        days(
            problems,
            "appealCapDays",
            "The appeal cap counts over",
            form.appealCapDays(),
            1,
            365,
            "days");
    int thanks =
        days(
            problems,
            "thanksDays",
            "Supporters are not asked again for",
            form.thanksDays(),
            1,
            730,
            "days");
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    Instant now = clock.instant();
    repository.save(
        new FundingSettings(
            new Money(goal, goalCurrency),
            since,
            bannerEn,
            bannerRu,
            appealEn,
            appealRu,
            otherEn,
            otherRu,
            frequency,
            dismiss,
            remind,
            capViews,
            capDays,
            thanks),
        now);
    rules.forEach(repository::saveRule);
    events.publishEvent(new FundingSettingsChanged(now));
    log.info(
        "Funding settings saved: goal {} a month, {} amount rule(s) updated",
        new Money(goal, goalCurrency),
        rules.size());
  }

  private static List<AmountRule> rules(List<RuleForm> forms, Map<String, String> problems) {
    List<AmountRule> rules = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (RuleForm f : forms == null ? List.<RuleForm>of() : forms) {
      if (f.blank()) {
        continue;
      }
      String key = f.key();
      String code = trim(f.currency()).toUpperCase(Locale.ROOT);
      Currency currency = null;
      if (!CURRENCY.matcher(code).matches()) {
        problems.put(key + ".currency", "Enter a three-letter ISO currency code, like USD or EUR.");
      } else {
        try {
          currency = Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
          problems.put(key + ".currency", "'" + code + "' is not an ISO 4217 currency code.");
        }
      }
      Frequency frequency = Frequency.fromCode(f.frequency()).orElse(null);
      if (frequency == null) {
        problems.put(key + ".frequency", "Choose once, monthly or annual for the new rule.");
      }
      if (currency == null || frequency == null) {
        continue;
      }
      String label = code + " " + frequency.code();
      if (!seen.add(code + "/" + frequency)) {
        problems.put(
            key + ".currency",
            "There is already a rule for " + label + " gifts; change that one instead.");
        continue;
      }
      Currency c = currency;
      long min =
          field(problems, key + ".min", () -> MajorUnits.toMinor(f.min(), c, key + ".min"), -1L);
      long max =
          field(problems, key + ".max", () -> MajorUnits.toMinor(f.max(), c, key + ".max"), -1L);
      if (min > 0 && max > 0 && max < min) {
        problems.put(key + ".max", "The largest " + label + " gift must be at least the smallest.");
      }
      List<String> typed = new ArrayList<>();
      for (String part : trim(f.suggested()).split(",")) {
        if (!part.isBlank()) {
          typed.add(part.trim());
        }
      }
      Set<Long> suggested = new LinkedHashSet<>();
      if (typed.isEmpty()) {
        problems.put(key + ".suggested", "Suggest at least one " + label + " amount.");
      } else if (typed.size() > MAX_SUGGESTED) {
        problems.put(
            key + ".suggested",
            "Suggest at most "
                + MAX_SUGGESTED
                + " "
                + label
                + " amounts; there are "
                + typed.size()
                + ".");
      } else {
        for (String part : typed) {
          try {
            long amount = MajorUnits.toMinor(part, c, key + ".suggested");
            if (min > 0 && max > 0 && (amount < min || amount > max)) {
              problems.putIfAbsent(
                  key + ".suggested",
                  "Each suggested "
                      + label
                      + " amount must lie between the smallest ("
                      + f.min().trim()
                      + ") and the largest ("
                      + f.max().trim()
                      + "); "
                      + part
                      + " does not.");
            } else if (!suggested.add(amount)) {
              problems.putIfAbsent(
                  key + ".suggested",
                  "The suggested " + label + " amount " + part + " is listed twice.");
            }
          } catch (InputRejected e) {
            problems.putIfAbsent(
                key + ".suggested",
                "Suggested "
                    + label
                    + " amount '"
                    + part
                    + "': "
                    + e.problems().values().iterator().next());
          }
        }
      }
      if (min > 0 && max > 0) {
        rules.add(new AmountRule(c, frequency, min, max, List.copyOf(suggested)));
      }
    }
    return rules;
  }

  private static String copy(
      Map<String, String> problems,
      String field,
      String label,
      String text,
      int max,
      boolean required) {
    String value = text == null ? "" : text.strip().replace("\r\n", "\n");
    if (required && value.isEmpty()) {
      problems.put(field, label + " cannot be empty.");
    } else if (value.length() > max) {
      problems.put(
          field, label + " is " + value.length() + " characters long; keep it to " + max + ".");
    } else {
      Set<String> unknown = new LinkedHashSet<>();
      Matcher m = PLACEHOLDER.matcher(value);
      while (m.find()) {
        if (!required || !PLACEHOLDERS.contains(m.group(1))) {
          unknown.add("{" + m.group(1) + "}");
        }
      }
      if (!unknown.isEmpty()) {
        problems.put(
            field,
            label
                + (required
                    ? " uses "
                        + String.join(", ", unknown)
                        + ", which we cannot fill in; use {since}, {goal} or {minimum}."
                    : " uses "
                        + String.join(", ", unknown)
                        + ", but placeholders are not filled in here."));
      }
    }
    return value;
  }

  private static int days(
      Map<String, String> problems,
      String field,
      String label,
      String text,
      int min,
      int max,
      String unit) {
    String value = trim(text);
    try {
      int n = Integer.parseInt(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    problems.put(
        field,
        label
            + " "
            + min
            + " to "
            + max
            + " "
            + unit
            + "; enter a whole number in that range"
            + (value.isEmpty() ? "." : ", not '" + value + "'."));
    return min;
  }

  private static long field(
      Map<String, String> problems,
      String field,
      java.util.function.LongSupplier read,
      long fallback) {
    try {
      return read.getAsLong();
    } catch (InputRejected e) {
      problems.put(field, e.problems().values().iterator().next());
      return fallback;
    }
  }

  private static String trim(String s) {
    return s == null ? "" : s.trim();
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
