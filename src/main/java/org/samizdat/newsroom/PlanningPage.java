package org.samizdat.newsroom;

import java.util.List;

/**
 * What is scheduled, day by day, in the newsroom's time zone.
 *
 * @param timeZone the zone every day and time on the page is in, e.g. Europe/Moscow
 * @param days every day of the window, in order, empty ones included
 * @param earlier the first day of the previous window (yyyy-MM-dd)
 * @param later the first day of the next window (yyyy-MM-dd)
 */
public record PlanningPage(String timeZone, List<Day> days, String earlier, String later) {

  /** One day: its date, a label like "Thu 3 Dec 2026", and what is due in it. */
  public record Day(String date, String label, boolean today, List<Item> items) {}

  /** One thing due: a new article, or changes to a live one. */
  public record Item(long id, String time, String headline, String language, boolean update) {}

  public int total() {
    return days.stream().mapToInt(d -> d.items().size()).sum();
  }
}
