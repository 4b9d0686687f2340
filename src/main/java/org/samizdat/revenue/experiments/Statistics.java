package org.samizdat.revenue.experiments;

/** Intervals and sample sizes for the results page, in plain formulas. */
public final class Statistics {

  private static final double Z95 = 1.959964;

  private Statistics() {}

  /** A 95% interval, as fractions or amounts. */
  public record Interval(double low, double high) {}

  /** Wilson's 95% interval for a proportion: sound at small counts, never outside [0, 1]. */
  public static Interval wilson(long successes, long trials) {
    if (trials <= 0) {
      return new Interval(0, 1);
    }
    double p = (double) successes / trials;
    double z2 = Z95 * Z95;
    double denominator = 1 + z2 / trials;
    double centre = (p + z2 / (2.0 * trials)) / denominator;
    double half =
        Z95 * Math.sqrt(p * (1 - p) / trials + z2 / (4.0 * trials * trials)) / denominator;
    return new Interval(Math.max(0, centre - half), Math.min(1, centre + half));
  }

  /**
   * A 95% interval for the revenue per view, where each view brought either nothing or one gift:
   * from the sum and the sum of squares of the gifts (normal approximation).
   */
  public static Interval revenuePerView(long views, double sum, double sumOfSquares) {
    if (views <= 0) {
      return new Interval(0, 0);
    }
    double mean = sum / views;
    double variance = Math.max(0, sumOfSquares / views - mean * mean);
    double half = Z95 * Math.sqrt(variance / views);
    return new Interval(Math.max(0, mean - half), mean + half);
  }

  /**
   * Views each variant needs to tell {@code p1} from {@code p2} at 5% significance with 80% power
   * (Lehr's rule, 16 p(1-p) / delta^2). Where they look the same, the difference sought is a fifth
   * of the rate.
   */
  public static long viewsPerVariant(double p1, double p2) {
    double p = (p1 + p2) / 2;
    if (p <= 0) {
      return 0;
    }
    double delta = Math.abs(p1 - p2);
    if (delta < p / 5) {
      delta = p / 5;
    }
    return (long) Math.ceil(16 * p * (1 - p) / (delta * delta));
  }
}
