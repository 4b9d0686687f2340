package org.samizdat.newsroom;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.samizdat.reach.newsletter.NewsletterAdmin.Subscriber;

/**
 * Writes subscribers as CSV (RFC 4180), with the same guard as {@link ContributionsCsv}: an address
 * a reader typed as {@code =HYPERLINK(...)@x.org} gets a leading apostrophe and stays text.
 */
final class NewsletterCsv {

  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private final Writer out;
  private final ZoneId zone;

  NewsletterCsv(Writer out, ZoneId zone) {
    this.out = out;
    this.zone = zone;
  }

  void header() {
    row("E-mail", "Language", "Frequency", "Confirmed", "Since (" + zone.getId() + ")");
  }

  void line(Subscriber s) {
    row(
        s.email(),
        s.language().code(),
        s.frequency().code(),
        s.confirmed() ? "yes" : "no",
        DATE_TIME.format(s.since().atZone(zone)));
  }

  private void row(String... cells) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        line.append(',');
      }
      line.append(
          ContributionsCsv.quote(ContributionsCsv.neutralise(cells[i] == null ? "" : cells[i])));
    }
    line.append("\r\n");
    try {
      out.write(line.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
