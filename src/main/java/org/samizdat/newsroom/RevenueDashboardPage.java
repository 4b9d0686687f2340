package org.samizdat.newsroom;

import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.samizdat.platform.Money;
import org.samizdat.revenue.FundingProgress;
import org.samizdat.revenue.RevenueReports.Dashboard;
import org.samizdat.revenue.RevenueReports.Funnel;
import org.samizdat.revenue.RevenueReports.Rail;

/**
 * The revenue dashboard: this month's numbers, a year of months as an SVG bar chart, the appeal
 * funnel.
 */
/**
 * @param paymentsToReview late, partly paid and overpaid payments nobody has marked reviewed yet
 */
public record RevenueDashboardPage(Dashboard dashboard, String timeZone, long paymentsToReview) {

  public static final int CHART_WIDTH = 720;
  public static final int CHART_HEIGHT = 250;
  private static final int TOP = 16;
  private static final int PLOT = 200;
  private static final int SLOT = CHART_WIDTH / 12;
  private static final int BAR = 40;
  private static final DateTimeFormatter MONTH =
      DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH);

  /** One month's bar, with its geometry in the chart's coordinates. */
  public record Bar(
      String month,
      String shortMonth,
      String raised,
      long percent,
      int x,
      int y,
      int width,
      int height,
      int labelX,
      boolean metGoal) {}

  /** One rail's part of one month's bar: a stacked segment. */
  public record Segment(int x, int y, int width, int height, String fill, String title) {}

  /** One payment rail's row in the side-by-side table, with its colour in the chart. */
  public record RailRow(
      String provider,
      String name,
      boolean testMode,
      String raised,
      String refunded,
      long payments,
      long activeRecurring,
      long checkoutsStarted,
      long giftsCompleted,
      String conversion,
      String fill) {}

  private static final List<String> PALETTE =
      List.of("#4f46e5", "#0e7490", "#d97706", "#6b7280", "#be185d", "#65a30d", "#7c3aed");

  private String fill(int index) {
    return PALETTE.get(index % PALETTE.size());
  }

  public List<RailRow> rails() {
    List<RailRow> rows = new ArrayList<>();
    List<Rail> rails = dashboard.rails();
    for (int i = 0; i < rails.size(); i++) {
      Rail r = rails.get(i);
      rows.add(
          new RailRow(
              r.provider(),
              r.name(),
              r.testMode(),
              money(r.raisedThisMonth()),
              money(r.refundedThisMonth()),
              r.paymentsThisMonth(),
              r.activeRecurring(),
              r.checkoutsStarted(),
              r.giftsCompleted(),
              rate(r.giftsCompleted(), r.checkoutsStarted()),
              fill(i)));
    }
    return rows;
  }

  /** Each month's bar split by rail, bottom up, in the rails' order. */
  public List<Segment> segments() {
    List<Segment> segments = new ArrayList<>();
    long scale = scale();
    List<Rail> rails = dashboard.rails();
    for (int m = 0; m < dashboard.lastTwelveMonths().size(); m++) {
      int x = m * SLOT + (SLOT - BAR) / 2;
      int bottom = TOP + PLOT;
      for (int i = 0; i < rails.size(); i++) {
        Rail r = rails.get(i);
        if (m >= r.months().size()) {
          continue;
        }
        Money raised = r.months().get(m);
        long minor = Math.max(0, raised.minor());
        int height = (int) Math.round(minor * (double) PLOT / scale);
        if (height <= 0) {
          continue;
        }
        height = Math.min(height, bottom - TOP);
        bottom -= height;
        segments.add(
            new Segment(
                x,
                bottom,
                BAR,
                height,
                fill(i),
                MONTH.format(dashboard.lastTwelveMonths().get(m).month())
                    + ", "
                    + r.name()
                    + ": "
                    + money(raised)));
      }
    }
    return segments;
  }

  /** One step of the funnel with its conversion from the step before (null for the first). */
  public record Step(String name, long count, String conversion) {}

  public static String money(Money m) {
    return m.format(Locale.ENGLISH);
  }

  public String month() {
    return MONTH.format(dashboard.thisMonth().month());
  }

  public String raised() {
    return money(dashboard.thisMonth().raised());
  }

  public String goal() {
    return money(dashboard.thisMonth().goal());
  }

  public String currency() {
    return dashboard.thisMonth().goal().currencyCode();
  }

  public List<Bar> bars() {
    List<FundingProgress> months = dashboard.lastTwelveMonths();
    long scale = scale();
    List<Bar> bars = new ArrayList<>();
    for (int i = 0; i < months.size(); i++) {
      FundingProgress p = months.get(i);
      long raised = Math.max(0, p.raised().minor());
      int height = (int) Math.round(raised * (double) PLOT / scale);
      if (raised > 0 && height == 0) {
        height = 1; // a small month still shows
      }
      int x = i * SLOT + (SLOT - BAR) / 2;
      long percent = p.goal().minor() <= 0 ? 0 : p.raised().minor() * 100 / p.goal().minor();
      bars.add(
          new Bar(
              MONTH.format(p.month()),
              p.month().getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH),
              money(p.raised()),
              percent,
              x,
              TOP + PLOT - height,
              BAR,
              height,
              x + BAR / 2,
              p.raised().minor() >= p.goal().minor()));
    }
    return bars;
  }

  /** Where the dashed goal line runs. */
  public int goalY() {
    return TOP
        + PLOT
        - (int) Math.round(dashboard.thisMonth().goal().minor() * (double) PLOT / scale());
  }

  public int labelY() {
    return TOP + PLOT + 22;
  }

  private long scale() {
    long max = dashboard.thisMonth().goal().minor();
    for (FundingProgress p : dashboard.lastTwelveMonths()) {
      max = Math.max(max, p.raised().minor());
    }
    return Math.max(1, max);
  }

  public List<Step> funnel() {
    Funnel f = dashboard.funnel();
    return List.of(
        new Step("Appeal shown", f.shown(), null),
        new Step("Continued to payment", f.continued(), rate(f.continued(), f.shown())),
        new Step("Checkout started", f.checkout(), rate(f.checkout(), f.continued())),
        new Step("Gift completed", f.completed(), rate(f.completed(), f.checkout())));
  }

  public String overallConversion() {
    return rate(dashboard.funnel().completed(), dashboard.funnel().shown());
  }

  /**
   * The share of a step that went on to the next, or "–" where the two cannot be compared: nothing
   * before, or more after than before (the steps were counted over different readers: the appeal's
   * views only with JavaScript on, continuing also from the support page), never a rate over 100%.
   */
  static String rate(long part, long whole) {
    return whole <= 0 || part > whole
        ? "–"
        : String.format(Locale.ENGLISH, "%.1f%%", part * 100.0 / whole);
  }
}
