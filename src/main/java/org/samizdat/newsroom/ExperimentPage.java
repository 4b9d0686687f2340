package org.samizdat.newsroom;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import org.samizdat.revenue.experiments.ExperimentResults;
import org.samizdat.revenue.experiments.ExperimentResults.VariantResult;

/** One experiment's results: the numbers, the sentence, and a chart of daily conversion. */
public record ExperimentPage(ExperimentResults results, String error) {

  public static final int CHART_WIDTH = 640;
  public static final int CHART_HEIGHT = 200;
  private static final String[] COLOURS = {"#555555", "#b3261e", "#1d5fa8", "#2e7d32", "#8e44ad"};

  ExperimentPage(ExperimentResults results) {
    this(results, null);
  }

  public static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
  }

  public static String major(long minor, String currency) {
    return BigDecimal.valueOf(minor)
        .movePointLeft(Currency.getInstance(currency).getDefaultFractionDigits())
        .toPlainString();
  }

  public String money(double minor) {
    return String.format(
        Locale.ROOT,
        "%.2f %s",
        minor / Math.pow(10, Currency.getInstance(results.currency()).getDefaultFractionDigits()),
        results.currency());
  }

  public static String chance(double p) {
    return Math.round(p * 100) + "%";
  }

  /** One line of the chart: a variant's daily conversion, scaled to the highest rate shown. */
  public record Line(String name, String colour, String points) {}

  public List<Line> lines() {
    List<LocalDate> days = results.days();
    double max = 0;
    for (VariantResult r : results.variants()) {
      for (LocalDate d : days) {
        max = Math.max(max, r.rateOn(d));
      }
    }
    List<Line> lines = new ArrayList<>();
    for (int i = 0; i < results.variants().size(); i++) {
      VariantResult r = results.variants().get(i);
      StringBuilder points = new StringBuilder();
      for (int d = 0; d < days.size(); d++) {
        double rate = r.rateOn(days.get(d));
        if (rate < 0) {
          continue;
        }
        double x =
            days.size() == 1
                ? CHART_WIDTH / 2.0
                : 20 + d * (CHART_WIDTH - 40.0) / (days.size() - 1);
        double y = CHART_HEIGHT - 20 - (max == 0 ? 0 : rate / max * (CHART_HEIGHT - 40));
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      }
      lines.add(
          new Line(r.variant().name(), COLOURS[i % COLOURS.length], points.toString().trim()));
    }
    return lines;
  }

  public String maxRate() {
    double max = 0;
    for (VariantResult r : results.variants()) {
      for (LocalDate d : results.days()) {
        max = Math.max(max, r.rateOn(d));
      }
    }
    return percent(max);
  }
}
