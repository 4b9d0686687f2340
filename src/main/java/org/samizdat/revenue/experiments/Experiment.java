package org.samizdat.revenue.experiments;

import java.time.Instant;
import java.util.List;
import org.samizdat.platform.i18n.Language;

/** An experiment and its variants; the first variant is the control. */
public record Experiment(
    long id,
    String name,
    Placement placement,
    AllocationMode allocation,
    int floorPercent,
    Status status,
    Instant createdAt,
    Instant startedAt,
    Instant stoppedAt,
    Instant weighedAt,
    List<Variant> variants) {

  public enum Status {
    DRAFT,
    RUNNING,
    PAUSED,
    STOPPED
  }

  public enum AllocationMode {
    FIXED("Fixed split"),
    BANDIT_CONVERSION("Bandit on conversion per view"),
    BANDIT_REVENUE("Bandit on revenue per view");

    private final String label;

    AllocationMode(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /**
   * One version of the placement. Empty text means "as the control says"; suggested amounts are
   * minor units of the goal's currency, for the variant's default frequency.
   */
  public record Variant(
      long id,
      int position,
      String name,
      String headingEn,
      String headingRu,
      String copyEn,
      String copyRu,
      String buttonEn,
      String buttonRu,
      String defaultFrequency,
      List<Long> suggested,
      Integer preselected,
      int splitPercent,
      double weight) {

    public boolean isControl() {
      return position == 0;
    }

    public String heading(Language language) {
      return language == Language.RU ? headingRu : headingEn;
    }

    public String copy(Language language) {
      return language == Language.RU ? copyRu : copyEn;
    }

    public String button(Language language) {
      return language == Language.RU ? buttonRu : buttonEn;
    }
  }

  public boolean isLive() {
    return status == Status.RUNNING || status == Status.PAUSED;
  }

  public Variant control() {
    return variants.get(0);
  }
}
