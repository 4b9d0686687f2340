package org.samizdat.newsroom;

import java.util.List;
import java.util.Locale;
import org.samizdat.reach.export.ExportReport;
import org.samizdat.reach.export.ExportRunner;

/**
 * The export screen: the folder, whether an export runs now, and the last one's numbers and
 * problems.
 */
public record ExportPage(ExportRunner.Status status) {

  /** Problems listed on the screen per kind; the log and the command list them all. */
  public static final int SHOWN = 50;

  public ExportReport last() {
    return status.last();
  }

  public String took() {
    return last() == null
        ? ""
        : String.format(Locale.ROOT, "%.1f s", last().took().toMillis() / 1000.0);
  }

  public static <T> List<T> firstOf(List<T> items) {
    return items.size() <= SHOWN ? items : items.subList(0, SHOWN);
  }
}
