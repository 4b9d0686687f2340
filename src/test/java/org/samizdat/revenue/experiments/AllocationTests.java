package org.samizdat.revenue.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.samizdat.revenue.experiments.Allocation.Arm;
import org.samizdat.revenue.experiments.Allocation.Goal;

class AllocationTests {

  /**
   * Synthetic readers: B converts at twice A's rate (4% against 2%). The bandit recomputes its
   * shares every 500 views, as the app does every few minutes. Stated bound: within 20,000 views, B
   * gets at least 80% of the next period's views.
   */
  @Test
  void banditSendsMostViewsToTheVariantThatConvertsTwiceAsOften() {
    SplittableRandom readers = new SplittableRandom(42);
    double[] rates = {0.02, 0.04};
    long[] views = new long[2];
    long[] gifts = new long[2];
    double[] weights = {0.5, 0.5};
    int period = 500;
    int periods = 0;
    while (views[0] + views[1] < 20_000) {
      for (int i = 0; i < period; i++) {
        int arm = Allocation.pick(weights, readers.nextDouble());
        views[arm]++;
        if (readers.nextDouble() < rates[arm]) {
          gifts[arm]++;
        }
      }
      periods++;
      weights =
          Allocation.bandit(
              List.of(new Arm(views[0], gifts[0], 0), new Arm(views[1], gifts[1], 0)),
              Goal.CONVERSION,
              0.05,
              periods);
    }

    assertThat(weights[1]).as("B's share after 20,000 views").isGreaterThanOrEqualTo(0.80);
    assertThat(weights[0]).as("the floor keeps A measured").isGreaterThanOrEqualTo(0.05 - 1e-9);
    assertThat(views[1]).as("B got most of all views").isGreaterThan(views[0]);
  }

  @Test
  void banditOnRevenuePrefersTheVariantBringingMoreMoneyPerView() {
    // Same conversion, but B's gifts are three times larger.
    List<Arm> arms = List.of(new Arm(5_000, 150, 150 * 500), new Arm(5_000, 150, 150 * 1500));

    double[] revenue = Allocation.probabilityBest(arms, Goal.REVENUE, 7);
    double[] conversion = Allocation.probabilityBest(arms, Goal.CONVERSION, 7);

    assertThat(revenue[1]).isGreaterThan(0.95);
    assertThat(conversion[1]).isBetween(0.3, 0.7);
  }

  @Test
  void aFixedFiftyFiftySplitStaysWithinTwoPointsOverTenThousandAssignments() {
    double[] weights = Allocation.fixed(List.of(50, 50));
    SplittableRandom random = new SplittableRandom(2026);
    int toB = 0;
    for (int i = 0; i < 10_000; i++) {
      toB += Allocation.pick(weights, random.nextDouble());
    }
    assertThat(toB / 10_000.0).isCloseTo(0.5, within(0.02));
  }

  @Test
  void theFloorKeepsEveryVariantAliveAndSharesAddUpToOne() {
    double[] w = Allocation.withFloor(new double[] {1.0, 0.0, 0.0}, 0.05);
    assertThat(w[1]).isCloseTo(0.05, within(1e-9));
    assertThat(w[2]).isCloseTo(0.05, within(1e-9));
    assertThat(w[0] + w[1] + w[2]).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void withoutDataEveryVariantIsEquallyLikelyToBeBest() {
    List<Arm> arms = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      arms.add(new Arm(0, 0, 0));
    }
    for (double p : Allocation.probabilityBest(arms, Goal.CONVERSION, 1)) {
      assertThat(p).isCloseTo(1 / 3.0, within(0.05));
    }
  }

  @Test
  void wilsonIntervalHoldsTheRateAndStaysInsideZeroAndOne() {
    Statistics.Interval i = Statistics.wilson(20, 1000);
    assertThat(i.low()).isLessThan(0.02).isGreaterThan(0.012);
    assertThat(i.high()).isGreaterThan(0.02).isLessThan(0.031);
    assertThat(Statistics.wilson(0, 10).low()).isEqualTo(0);
    assertThat(Statistics.wilson(10, 10).high()).isCloseTo(1, within(1e-9));
  }

  @Test
  void viewsForADecisionFollowLehrsRule() {
    // 16 * 0.03 * 0.97 / 0.02^2 = 1164 per variant
    assertThat(Statistics.viewsPerVariant(0.02, 0.04)).isEqualTo(1164);
    assertThat(Statistics.viewsPerVariant(0, 0)).isZero();
  }
}
