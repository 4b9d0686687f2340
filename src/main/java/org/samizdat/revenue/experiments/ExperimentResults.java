package org.samizdat.revenue.experiments;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.samizdat.revenue.experiments.Allocation.Arm;
import org.samizdat.revenue.experiments.Allocation.Goal;
import org.samizdat.revenue.experiments.Experiment.AllocationMode;
import org.samizdat.revenue.experiments.Experiment.Variant;
import org.samizdat.revenue.experiments.ExperimentRepository.DayRow;
import org.samizdat.revenue.experiments.Statistics.Interval;

/**
 * What an experiment has shown so far, per variant: views, steps, gifts, conversion and revenue per
 * 1,000 views with 95% intervals, the chance of being best, and one sentence for the revenue lead.
 * Revenue is counted in the goal's currency; gifts in other currencies are listed but not summed.
 */
public record ExperimentResults(
    Experiment experiment,
    String currency,
    List<VariantResult> variants,
    List<LocalDate> days,
    String sentence) {

  /** One variant's totals. Money is in minor units of {@link #currency()}. */
  public record VariantResult(
      Variant variant,
      long shown,
      long continued,
      long checkouts,
      long gifts,
      long giftsInOtherCurrencies,
      long revenueMinor,
      double revenueSquares,
      Interval conversion,
      Interval revenuePerThousand,
      double probabilityBest,
      Map<LocalDate, long[]> daily) {

    public double conversionRate() {
      return shown == 0 ? 0 : (double) gifts / shown;
    }

    public double revenuePerThousandViews() {
      return shown == 0 ? 0 : 1000.0 * revenueMinor / shown;
    }

    /** The day's conversion rate, or -1 where nothing was shown that day. */
    public double rateOn(LocalDate day) {
      long[] d = daily.get(day);
      return d == null || d[0] == 0 ? -1 : (double) d[1] / d[0];
    }
  }

  static ExperimentResults of(Experiment e, List<DayRow> rows, String currency) {
    Map<Long, long[]> steps = new HashMap<>();
    Map<Long, long[]> money = new HashMap<>();
    Map<Long, double[]> squares = new HashMap<>();
    Map<Long, Map<LocalDate, long[]>> daily = new HashMap<>();
    Set<String> stepSeen = new HashSet<>();
    Set<LocalDate> days = new TreeSet<>();
    for (DayRow r : rows) {
      days.add(r.day());
      long[] d =
          daily
              .computeIfAbsent(r.variantId(), k -> new TreeMap<>())
              .computeIfAbsent(r.day(), k -> new long[2]);
      if (stepSeen.add(r.variantId() + "/" + r.day())) {
        long[] s = steps.computeIfAbsent(r.variantId(), k -> new long[3]);
        s[0] += r.shown();
        s[1] += r.continued();
        s[2] += r.checkouts();
        d[0] += r.shown();
      }
      if (r.gifts() > 0) {
        long[] m = money.computeIfAbsent(r.variantId(), k -> new long[3]);
        d[1] += r.gifts();
        m[0] += r.gifts();
        if (currency.equals(r.currency())) {
          m[1] += r.total();
          squares.computeIfAbsent(r.variantId(), k -> new double[1])[0] += r.squares();
        } else {
          m[2] += r.gifts();
        }
      }
    }
    List<Arm> arms = new ArrayList<>();
    for (Variant v : e.variants()) {
      long[] s = steps.getOrDefault(v.id(), new long[3]);
      long[] m = money.getOrDefault(v.id(), new long[3]);
      arms.add(new Arm(Math.max(s[0], m[0]), m[0], m[1]));
    }
    Goal goal = e.allocation() == AllocationMode.BANDIT_REVENUE ? Goal.REVENUE : Goal.CONVERSION;
    double[] best = Allocation.probabilityBest(arms, goal, e.id());
    List<VariantResult> results = new ArrayList<>();
    for (int i = 0; i < e.variants().size(); i++) {
      Variant v = e.variants().get(i);
      long[] s = steps.getOrDefault(v.id(), new long[3]);
      long[] m = money.getOrDefault(v.id(), new long[3]);
      double sq = squares.getOrDefault(v.id(), new double[1])[0];
      long views = arms.get(i).views();
      Interval rpv = Statistics.revenuePerView(views, m[1], sq);
      results.add(
          new VariantResult(
              v,
              s[0],
              s[1],
              s[2],
              m[0],
              m[2],
              m[1],
              sq,
              Statistics.wilson(m[0], views),
              new Interval(rpv.low() * 1000, rpv.high() * 1000),
              best[i],
              daily.getOrDefault(v.id(), Map.of())));
    }
    return new ExperimentResults(e, currency, results, List.copyOf(days), sentence(results, goal));
  }

  /** The shares the next period should get: the fixed split, or the bandit's with its floor. */
  double[] allocation(long seed) {
    if (experiment.allocation() == AllocationMode.FIXED) {
      return Allocation.fixed(experiment.variants().stream().map(Variant::splitPercent).toList());
    }
    Goal goal =
        experiment.allocation() == AllocationMode.BANDIT_REVENUE ? Goal.REVENUE : Goal.CONVERSION;
    List<Arm> arms =
        variants.stream()
            .map(r -> new Arm(Math.max(r.shown(), r.gifts()), r.gifts(), r.revenueMinor()))
            .toList();
    return Allocation.bandit(arms, goal, experiment.floorPercent() / 100.0, seed);
  }

  private static String sentence(List<VariantResult> results, Goal goal) {
    long views = results.stream().mapToLong(VariantResult::shown).sum();
    if (views == 0) {
      return "No views yet: nothing to tell.";
    }
    VariantResult leader = results.get(0);
    VariantResult second = null;
    for (VariantResult r : results) {
      if (r.probabilityBest() > leader.probabilityBest()) {
        leader = r;
      }
    }
    for (VariantResult r : results) {
      if (r != leader && (second == null || r.probabilityBest() > second.probabilityBest())) {
        second = r;
      }
    }
    long chance = Math.round(leader.probabilityBest() * 100);
    String measure = goal == Goal.REVENUE ? "revenue per view" : "conversion";
    String head =
        leader.variant().name() + " has a " + chance + "% chance of being best on " + measure;
    if (leader.probabilityBest() >= 0.95) {
      return head + ": enough for a decision.";
    }
    double p1 = leader.conversionRate();
    double p2 = second == null ? p1 : second.conversionRate();
    long perVariant = Statistics.viewsPerVariant(p1, p2);
    if (perVariant == 0) {
      return head + "; no gifts yet, so no estimate of the views a decision needs.";
    }
    long more = Math.max(0, perVariant * results.size() - views);
    return head
        + "; about "
        + String.format(java.util.Locale.ROOT, "%,d", more)
        + " more views for a decision.";
  }
}
