package org.samizdat.reach.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samizdat.reach.export.LinkChecker.BrokenLink;

class CopyChecksTests {

  @TempDir Path copy;

  private final Set<String> written = new HashSet<>();

  private final CopyChecks checks =
      new CopyChecks(new HostCheck(List.of("courier.example")), written::contains);

  /** Writes a file of the copy as the crawl does, and checks it. */
  private void write(String file, String text) throws IOException {
    Path p = copy.resolve(file);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    checks.file(file, text, null);
    written.add(file);
    checks.written(file);
  }

  @Test
  void linksToFilesWrittenBeforeOrAfterThePageAreFine() throws IOException {
    write("css/site.css", "a{background:url(../media/a-480.png)}");
    write(
        "index.html",
        "<link rel=stylesheet href=\"css/site.css\"><a href=\"2026/11/29/slug/index.html\">s</a>");
    write("2026/11/29/slug/index.html", "<a href=\"../../../../index.html\">home</a>");
    write("media/a-480.png", "png");

    assertThat(checks.pending()).isZero();
    assertThat(checks.brokenLinks(written, copy)).isEmpty();
  }

  @Test
  void aMissingFileIsReportedOnceWithTheFirstPageAndItsLink() throws IOException {
    write("index.html", "<a href=\"gone/index.html#top\">gone</a><a href=\"section/world\">w</a>");
    write("about/index.html", "<a href=\"../gone/index.html\">gone again</a>");
    write("section/world/index.html", "");

    List<BrokenLink> broken = checks.brokenLinks(written, copy);

    assertThat(broken)
        .containsExactly(
            new BrokenLink("index.html", "gone/index.html#top", "no such file in the copy"),
            new BrokenLink(
                "index.html",
                "section/world",
                "names a folder, which file:// and object stores do not open as index.html"));
  }
}
