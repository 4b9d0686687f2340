package org.samizdat.site;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.samizdat.platform.i18n.Language;

/** Dates as a reader of each language writes them. */
public final class ReaderDates {
  private static final DateTimeFormatter EN =
      DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm", Language.EN.locale());
  private static final DateTimeFormatter RU =
      DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm", Language.RU.locale());

  private ReaderDates() {}

  public static String format(Instant instant, Language language, ZoneId zone) {
    if (instant == null) {
      return "";
    }
    return (language == Language.RU ? RU : EN).format(instant.atZone(zone));
  }

  public static String iso(Instant instant) {
    return instant == null
        ? ""
        : DateTimeFormatter.ISO_INSTANT.format(
            instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  }
}
