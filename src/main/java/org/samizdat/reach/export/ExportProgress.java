package org.samizdat.reach.export;

import java.time.Duration;
import java.util.Locale;

/**
 * How far a running export is: files done of the files it will write (known from publishing before
 * the first page is read: every page of every list, every article, feed and sitemap; images are
 * added as pages show them), the rate since the start, and the time left at that rate.
 *
 * @param done files read and written (or found unchanged) so far
 * @param known files to do in all, as far as known now, done or waiting
 * @param elapsed time since the export started
 */
public record ExportProgress(long done, long known, Duration elapsed) {

  /** Files a second since the start; 0 before the first second. */
  public double perSecond() {
    double seconds = elapsed.toMillis() / 1000.0;
    return seconds < 1 ? 0 : done / seconds;
  }

  /** Time left for the files known now at the rate so far; null while there is no rate yet. */
  public Duration left() {
    double rate = perSecond();
    if (rate <= 0) {
      return null;
    }
    return Duration.ofSeconds(Math.round(Math.max(0, known - done) / rate));
  }

  /** Whole percent of the known files done. */
  public int percent() {
    return known == 0 ? 0 : (int) Math.min(100, done * 100 / known);
  }

  /** "12,345 of 40,000 files (30%), 210 a second, about 3 min left". */
  public String summary() {
    StringBuilder s =
        new StringBuilder(
            String.format(
                Locale.ENGLISH,
                "%,d of %,d files (%d%%), %,.0f a second",
                done,
                known,
                percent(),
                perSecond()));
    Duration left = left();
    if (known > 0 && done >= known) {
      s.append(", done in ").append(words(elapsed));
    } else if (left != null) {
      s.append(", about ").append(words(left)).append(" left");
    }
    return s.toString();
  }

  static String words(Duration d) {
    long seconds = d.toSeconds();
    if (seconds < 60) {
      return seconds + " s";
    }
    long minutes = Math.round(seconds / 60.0);
    if (minutes < 60) {
      return minutes + " min";
    }
    return minutes / 60 + " h " + minutes % 60 + " min";
  }
}
