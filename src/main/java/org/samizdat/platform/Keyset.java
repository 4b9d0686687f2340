package org.samizdat.platform;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.samizdat.platform.web.BadRequestException;

/**
 * Where a page of a long staff list starts, newest first, by the sort key (a time and an id) of the
 * row next to it instead of by a page number: page 2,000 then seeks straight to its first row
 * through the list's index, where OFFSET walked past 50,000 others. A link carries the key in words
 * ({@code older=2019-03-04T10:15:30.123456Z,4711}: the articles older than that one), so it works
 * without JavaScript and still says where it leads.
 *
 * @param direction which end the page is read from
 * @param at the neighbour's time (null at either end)
 * @param id the neighbour's id, which orders rows of the same time
 */
public record Keyset(Direction direction, Instant at, long id) {

  /** Lists count their rows up to this many; beyond it a page says "more than 10,000". */
  public static final int COUNT_CAP = 10_000;

  public enum Direction {
    /** The first page. */
    NEWEST,
    /** The rows just older than the key. */
    OLDER,
    /** The rows just newer than the key. */
    NEWER,
    /** The last page. */
    OLDEST
  }

  private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T00:00:00Z");

  public static final Keyset NEWEST = new Keyset(Direction.NEWEST, null, 0);
  public static final Keyset OLDEST = new Keyset(Direction.OLDEST, null, 0);

  public Keyset {
    if ((direction == Direction.OLDER || direction == Direction.NEWER) && at == null) {
      throw new IllegalArgumentException("A keyset page next to a row needs its time");
    }
  }

  /**
   * The position a request asks for: {@code older} or {@code newer} (a key as {@link #token} wrote
   * it), or the oldest page; the newest page when none is given.
   */
  public static Keyset of(String older, String newer, boolean oldest) {
    if (older != null && !older.isBlank()) {
      return parse(Direction.OLDER, older);
    }
    if (newer != null && !newer.isBlank()) {
      return parse(Direction.NEWER, newer);
    }
    return oldest ? OLDEST : NEWEST;
  }

  private static Keyset parse(Direction direction, String token) {
    int comma = token.lastIndexOf(',');
    try {
      if (comma > 0 && token.length() <= 80) {
        Instant at = Instant.parse(token.substring(0, comma).trim());
        // within what a database timestamp holds
        if (!at.isBefore(EARLIEST) && at.isBefore(LATEST)) {
          return new Keyset(direction, at, Long.parseLong(token.substring(comma + 1).trim()));
        }
      }
    } catch (DateTimeParseException | NumberFormatException e) {
      // answered below
    }
    throw new BadRequestException(
        "This page link is damaged: follow the list's own Newer and Older links.");
  }

  /** A row's key as links carry it: its time (UTC, to the microsecond) and id. */
  public static String token(Instant at, long id) {
    return at + "," + id;
  }

  /** Whether the rows are read newest first (else oldest first, and turned round). */
  public boolean descending() {
    return direction == Direction.NEWEST || direction == Direction.OLDER;
  }

  /**
   * The page from rows read in this position's order, at most {@code size + 1} of them (the extra
   * one only tells that there is more beyond the page).
   *
   * @param counted the list's rows counted up to {@link #COUNT_CAP} + 1
   * @param key each row's key, as {@link #token} writes it
   */
  public <T> Slice<T> slice(List<T> fetched, int size, long counted, Function<T, String> key) {
    boolean more = fetched.size() > size;
    List<T> items = new ArrayList<>(fetched.subList(0, Math.min(size, fetched.size())));
    if (!descending()) {
      Collections.reverse(items);
    }
    boolean newer =
        switch (direction) {
          case NEWEST -> false;
          case OLDER -> true;
          case NEWER, OLDEST -> more;
        };
    boolean older =
        switch (direction) {
          case NEWEST, OLDER -> more;
          case NEWER -> true;
          case OLDEST -> false;
        };
    return new Slice<>(
        List.copyOf(items),
        counted,
        newer && !items.isEmpty() ? key.apply(items.get(0)) : null,
        older && !items.isEmpty() ? key.apply(items.get(items.size() - 1)) : null,
        newer,
        older);
  }

  /**
   * One page of a list read by {@link Keyset}.
   *
   * @param counted the list's rows, counted up to {@link #COUNT_CAP} + 1: see {@link #capped()}
   * @param newerKey the key for the link to the newer rows (null when there are none or the page is
   *     empty)
   * @param olderKey the key for the link to the older rows
   * @param hasNewer whether rows newer than this page exist (a link to the newest page)
   * @param hasOlder whether rows older than this page exist (a link to the oldest page)
   */
  public record Slice<T>(
      List<T> items,
      long counted,
      String newerKey,
      String olderKey,
      boolean hasNewer,
      boolean hasOlder) {

    /** Whether the list has more rows than were counted. */
    public boolean capped() {
      return counted > COUNT_CAP;
    }

    /** "1 article", "4168 articles", "More than 10,000 articles". */
    public String countText(String one, String many) {
      if (capped()) {
        return String.format(java.util.Locale.ROOT, "More than %,d %s", COUNT_CAP, many);
      }
      return counted + " " + (counted == 1 ? one : many);
    }
  }
}
