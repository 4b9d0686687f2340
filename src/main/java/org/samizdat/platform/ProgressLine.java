package org.samizdat.platform;

import java.time.Duration;
import java.util.Locale;

/**
 * One line telling an operator how far long work is: {@code Pages: 12,000 of 100,000 (12%), 850/s,
 * about 1 min 43 s left}. The export, backups and the scale fixture print it as they go.
 */
public final class ProgressLine {

  private ProgressLine() {}

  /**
   * @param startedNanos {@link System#nanoTime()} when the work began
   */
  public static String format(String what, long done, long total, long startedNanos) {
    double seconds = Math.max(1e-3, (System.nanoTime() - startedNanos) / 1e9);
    double rate = done / seconds;
    StringBuilder line =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%s: %,d of %,d (%d%%), %,.0f/s",
                what,
                done,
                total,
                total == 0 ? 100 : (int) (done * 100 / total),
                rate));
    if (done < total && rate > 0) {
      line.append(", about ").append(duration((long) ((total - done) / rate))).append(" left");
    } else if (done >= total) {
      line.append(", done in ").append(duration((long) seconds));
    }
    return line.toString();
  }

  /** {@code 45 s}, {@code 3 min 5 s}, {@code 1 h 2 min}. */
  public static String duration(long seconds) {
    Duration d = Duration.ofSeconds(Math.max(0, seconds));
    if (d.toHours() > 0) {
      return d.toHours() + " h " + d.toMinutesPart() + " min";
    }
    if (d.toMinutes() > 0) {
      return d.toMinutes() + " min " + d.toSecondsPart() + " s";
    }
    return d.toSecondsPart() + " s";
  }
}
