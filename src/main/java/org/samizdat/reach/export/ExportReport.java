package org.samizdat.reach.export;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.samizdat.reach.export.HostCheck.Reference;
import org.samizdat.reach.export.LinkChecker.BrokenLink;

/**
 * What one export did and found.
 *
 * @param pages HTML pages in the copy
 * @param files every file in the copy
 * @param written files whose bytes changed (or are new), paths in the copy
 * @param unchanged how many files were left as they were
 * @param removed files of the last export that the site no longer has (an unpublished article)
 * @param missing addresses the pages link to that the site answered 404 or 410 for
 * @param errors what could not be read or written; the last export's file is kept for each
 * @param brokenLinks relative links that lead to no file of the copy
 * @param foreign references to other hosts the copy must not have
 * @param outbound links in articles to other hosts: allowed, listed
 * @param leaks links into the newsroom, TEST MODE notices
 */
public record ExportReport(
    Path directory,
    Instant startedAt,
    Duration took,
    int pages,
    int files,
    List<String> written,
    int unchanged,
    List<String> removed,
    List<String> missing,
    List<String> errors,
    List<BrokenLink> brokenLinks,
    List<Reference> foreign,
    List<Reference> outbound,
    List<Reference> leaks) {

  private static final int LISTED = 20;

  public ExportReport {
    written = List.copyOf(written);
    removed = List.copyOf(removed);
    missing = List.copyOf(missing);
    errors = List.copyOf(errors);
    brokenLinks = List.copyOf(brokenLinks);
    foreign = List.copyOf(foreign);
    outbound = List.copyOf(outbound);
    leaks = List.copyOf(leaks);
  }

  /**
   * The copy can be published: every page was read, and it names no other host and nothing of the
   * newsroom. Broken links are reported, not failed: they come from what articles link to.
   */
  public boolean ok() {
    return errors.isEmpty() && foreign.isEmpty() && leaks.isEmpty();
  }

  /** A few lines for a log or a terminal, with the first problems of each kind. */
  public String summary() {
    StringBuilder s = new StringBuilder();
    s.append(ok() ? "Static export written to " : "Static export FAILED its checks in ")
        .append(directory)
        .append('\n');
    s.append(
        String.format(
            Locale.ROOT,
            "  %d pages, %d files: %d written, %d unchanged, %d removed, in %.1f s%n",
            pages,
            files,
            written.size(),
            unchanged,
            removed.size(),
            took.toMillis() / 1000.0));
    s.append(
        String.format(
            Locale.ROOT,
            "  broken links: %d · other hosts: %d · newsroom or TEST MODE: %d · errors: %d · missing pages: %d · outbound links in articles: %d%n",
            brokenLinks.size(),
            foreign.size(),
            leaks.size(),
            errors.size(),
            missing.size(),
            outbound.size()));
    list(
        s,
        "Errors (the last export's files were kept; run the export again once the site answers)",
        errors);
    list(
        s,
        "References to other hosts (remove them from the article or the settings, then export again)",
        foreign);
    list(s, "Newsroom links or TEST MODE notices", leaks);
    list(s, "Broken links", brokenLinks);
    list(s, "Linked but missing on the site", missing);
    return s.toString();
  }

  private static void list(StringBuilder s, String title, List<?> items) {
    if (items.isEmpty()) {
      return;
    }
    s.append("  ").append(title).append(":\n");
    items.stream().limit(LISTED).forEach(item -> s.append("    ").append(item).append('\n'));
    if (items.size() > LISTED) {
      s.append("    … and ").append(items.size() - LISTED).append(" more\n");
    }
  }
}
