package org.samizdat.newsroom;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.samizdat.publishing.ArticleStatus;

/** Small formatting helpers for newsroom templates. */
public final class Format {
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
  static volatile ZoneId zone = ZoneId.of("UTC");

  private Format() {}

  public static String dateTime(Instant instant) {
    return instant == null ? "" : DATE_TIME.format(instant.atZone(zone));
  }

  /** A time of day in the newsroom's zone: "16:42". */
  public static String time(Instant instant) {
    return instant == null ? "" : TIME.format(instant.atZone(zone));
  }

  /** "1 article", "47 articles": the newsroom's English, with a real plural. */
  public static String count(long n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }

  public static String status(ArticleStatus status) {
    return switch (status) {
      case DRAFT -> "Draft";
      case SCHEDULED -> "Scheduled";
      case PUBLISHED -> "Published";
      case UNPUBLISHED -> "Unpublished";
    };
  }
}
