package org.samizdat.revenue.experiments;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How much traffic each variant of an experiment gets: a fixed split, or Thompson sampling that
 * moves traffic towards the variant most likely to be best, with a floor so that no variant starves
 * and stops being measured.
 *
 * <p>Conversion is modelled per view as Beta(1 + gifts, 1 + views - gifts). Revenue per view is
 * that rate times the mean gift, whose posterior (an exponential model of gift sizes with a
 * conjugate inverse-gamma prior) is sampled as {@code (total + prior) / Gamma(gifts + 1, 1)}.
 */
public final class Allocation {

  /** What the allocator knows of one variant: counts and money in one currency's minor units. */
  public record Arm(long views, long gifts, long revenueMinor) {
    public Arm {
      if (views < 0 || gifts < 0 || revenueMinor < 0) {
        throw new IllegalArgumentException("counts cannot be negative");
      }
    }

    double conversion() {
      return views == 0 ? 0 : (double) gifts / views;
    }
  }

  /** What the bandit rewards. */
  public enum Goal {
    CONVERSION,
    REVENUE
  }

  private static final int DRAWS = 4000;

  private Allocation() {}

  /** Shares of a fixed split (e.g. 50/50), normalised to sum to 1. */
  public static double[] fixed(List<Integer> splitPercents) {
    double total = splitPercents.stream().mapToInt(Integer::intValue).sum();
    double[] w = new double[splitPercents.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = total <= 0 ? 1.0 / w.length : splitPercents.get(i) / total;
    }
    return w;
  }

  /**
   * The probability that each arm is the best, estimated from {@value #DRAWS} posterior draws. This
   * is both the bandit's allocation (before the floor) and the number shown to editors.
   */
  public static double[] probabilityBest(List<Arm> arms, Goal goal, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double priorMean = priorMeanGift(arms);
    int[] wins = new int[arms.size()];
    double[] draw = new double[arms.size()];
    for (int d = 0; d < DRAWS; d++) {
      int best = 0;
      for (int i = 0; i < arms.size(); i++) {
        Arm a = arms.get(i);
        double rate = beta(random, 1 + a.gifts(), 1 + a.views() - a.gifts());
        draw[i] =
            goal == Goal.CONVERSION
                ? rate
                : rate * (a.revenueMinor() + priorMean) / gamma(random, a.gifts() + 1);
        if (draw[i] > draw[best]) {
          best = i;
        }
      }
      wins[best]++;
    }
    double[] p = new double[arms.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = (double) wins[i] / DRAWS;
    }
    return p;
  }

  /** Thompson sampling's shares, each at least {@code floor} (e.g. 0.05). */
  public static double[] bandit(List<Arm> arms, Goal goal, double floor, long seed) {
    return withFloor(probabilityBest(arms, goal, seed), floor);
  }

  /** Raises every share to at least {@code floor} and takes the difference from the others. */
  public static double[] withFloor(double[] shares, double floor) {
    int n = shares.length;
    double f = Math.min(Math.max(floor, 0), 1.0 / n);
    double[] w = Arrays.copyOf(shares, n);
    // Each share becomes f + (1 - n f) * share: every variant keeps f, the rest follows the
    // evidence.
    double sum = Arrays.stream(w).sum();
    for (int i = 0; i < n; i++) {
      double s = sum <= 0 ? 1.0 / n : w[i] / sum;
      w[i] = f + (1 - n * f) * s;
    }
    return w;
  }

  /** Picks an arm for a number drawn uniformly from [0, 1). */
  public static int pick(double[] weights, double uniform) {
    double acc = 0;
    for (int i = 0; i < weights.length; i++) {
      acc += weights[i];
      if (uniform < acc) {
        return i;
      }
    }
    return weights.length - 1;
  }

  private static double priorMeanGift(List<Arm> arms) {
    long gifts = arms.stream().mapToLong(Arm::gifts).sum();
    long revenue = arms.stream().mapToLong(Arm::revenueMinor).sum();
    return gifts == 0 ? 1000 : (double) revenue / gifts;
  }

  static double beta(SplittableRandom random, double a, double b) {
    double x = gamma(random, a);
    double y = gamma(random, b);
    return x / (x + y);
  }

  /** Gamma(shape, 1) by Marsaglia and Tsang's method. */
  static double gamma(SplittableRandom random, double shape) {
    if (shape < 1) {
      return gamma(random, shape + 1) * Math.pow(random.nextDouble(), 1 / shape);
    }
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x;
      double v;
      do {
        x = gaussian(random);
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      double u = random.nextDouble();
      if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
        return d * v;
      }
    }
  }

  private static double gaussian(SplittableRandom random) {
    // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
    double u1 = random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }
}
