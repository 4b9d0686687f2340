package org.samizdat.newsroom;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.samizdat.revenue.RevenueReports.LedgerLine;

/**
 * Writes ledger lines as CSV (RFC 4180: comma-separated, CRLF, quoted where needed). Text that a
 * spreadsheet would take for a formula (starting with = + - @, tab or carriage return) gets a
 * leading apostrophe, so a supporter's e-mail like {@code =HYPERLINK(...)@x.org} stays text.
 * Amounts are numbers we format ourselves, so a refund's minus sign is left alone.
 */
final class ContributionsCsv {

  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private final Writer out;
  private final ZoneId zone;

  ContributionsCsv(Writer out, ZoneId zone) {
    this.out = out;
    this.zone = zone;
  }

  void header() {
    row(
        "Ledger id",
        "Date (" + zone.getId() + ")",
        "E-mail",
        "Kind",
        "Frequency",
        "Amount",
        "Currency",
        "Provider",
        "Provider payment id",
        "Rail");
  }

  void line(LedgerLine l) {
    write(String.valueOf(l.id()), false);
    write(DATE_TIME.format(l.occurredAt().atZone(zone)), true);
    write(l.email(), true);
    write(l.kind(), true);
    write(l.frequency().name(), true);
    write(l.amount().toMajor().toPlainString(), false);
    write(l.amount().currencyCode(), true);
    write(l.provider(), true);
    write(l.paymentId(), true);
    write(org.samizdat.revenue.RevenueReports.railName(l.provider()), true);
    end();
  }

  private boolean first = true;

  private void row(String... cells) {
    for (String cell : cells) {
      write(cell, true);
    }
    end();
  }

  private void write(String value, boolean text) {
    String cell = value == null ? "" : value;
    if (text) {
      cell = neutralise(cell);
    }
    append(first ? "" : ",");
    append(quote(cell));
    first = false;
  }

  private void end() {
    append("\r\n");
    first = true;
  }

  /** A leading apostrophe keeps a spreadsheet from running the cell as a formula. */
  static String neutralise(String cell) {
    if (!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0) {
      return "'" + cell;
    }
    return cell;
  }

  static String quote(String cell) {
    boolean needs =
        cell.indexOf(',') >= 0
            || cell.indexOf('"') >= 0
            || cell.indexOf('\n') >= 0
            || cell.indexOf('\r') >= 0
            || (!cell.isEmpty()
                && (cell.charAt(0) == ' ' || cell.charAt(cell.length() - 1) == ' '));
    return needs ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell;
  }

  private void append(String s) {
    try {
      out.write(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
