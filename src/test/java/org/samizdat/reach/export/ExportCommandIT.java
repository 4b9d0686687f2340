package org.samizdat.reach.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samizdat.IntegrationTest;
import org.samizdat.SamizdatApplication;
import org.samizdat.SlowTest;
import org.samizdat.platform.database.EmbeddedPostgresServer;

/**
 * {@code java -jar samizdat.jar export}: a second app in this JVM, started and stopped by the
 * command exactly as {@code main} does it, on its own embedded database with the demo newsroom.
 */
@SlowTest
class ExportCommandIT extends IntegrationTest {

  @TempDir Path temp;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int export(String... args) {
    return ExportCommand.run(
        SamizdatApplication.class,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        args);
  }

  @Test
  void theDemoNewsroomExportsWithNoBrokenLinksAndNothingFromAnotherHost() throws IOException {
    Path copy = temp.resolve("copy");
    int status =
        export(
            "--out",
            copy.toString(),
            "--samizdat.data-dir=" + temp.resolve("data"),
            "--samizdat.demo.enabled=true",
            "--samizdat.site.base-url=https://courier.example",
            "--samizdat.newsroom.admin-email=ops@courier.example",
            "--samizdat.newsroom.admin-password=" + ADMIN_PASSWORD);

    String report = out.toString(StandardCharsets.UTF_8);
    assertThat(status).as(report + err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(report)
        .contains("Static export written to " + copy.toAbsolutePath().normalize())
        .contains("broken links: 0 · other hosts: 0 · newsroom or TEST MODE: 0 · errors: 0");
    // how far it is, as it goes: files done of the total, the rate, and at the end how long it took
    assertThat(report.lines().filter(l -> l.startsWith("export: ")).toList())
        .isNotEmpty()
        .allSatisfy(
            l ->
                assertThat(l)
                    .matches("export: [\\d,]+ of [\\d,]+ files \\(\\d+%\\), [\\d,]+ a second.*"))
        .last()
        .satisfies(l -> assertThat(l).contains("(100%)").contains("done in"));
    assertThat(report.indexOf("export: ")).isLessThan(report.indexOf("Static export written"));
    assertThat(copy.resolve("index.html")).isRegularFile();
    assertThat(copy.resolve("ru/index.html")).isRegularFile();
    try (Stream<Path> files = Files.walk(copy)) {
      assertThat(
              files
                  .filter(p -> p.toString().matches(".*/\\d{4}/\\d{2}/\\d{2}/[^/]+/index\\.html$"))
                  .count())
          .as("demo articles")
          .isGreaterThanOrEqualTo(40);
    }
    try (Stream<Path> files = Files.list(copy.resolve("media"))) {
      assertThat(files.count())
          .as("demo illustrations (the link check finds any variant missing)")
          .isPositive();
    }
    assertThat(LinkChecker.check(copy)).isEmpty();
    HostCheck.Result hosts = new HostCheck(java.util.List.of("courier.example")).check(copy);
    assertThat(hosts.foreign()).isEmpty();
    assertThat(hosts.leaks()).isEmpty();
    assertThat(Files.readString(copy.resolve("index.html")))
        .contains("href=\"https://courier.example/support\"");
    assertThat(Files.readString(copy.resolve("support/index.html")))
        .contains("action=\"https://courier.example/support/pay\"");

    // The app the command started is gone, and so is its database: a second run starts afresh and
    // changes nothing.
    out.reset();
    assertThat(
            export(
                "--out=" + copy,
                "--samizdat.data-dir=" + temp.resolve("data"),
                "--samizdat.site.base-url=https://courier.example"))
        .as(err.toString(StandardCharsets.UTF_8))
        .isZero();
    Matcher counts =
        Pattern.compile("(\\d+) files: (\\d+) written, (\\d+) unchanged, (\\d+) removed")
            .matcher(out.toString(StandardCharsets.UTF_8));
    assertThat(counts.find()).as(out.toString(StandardCharsets.UTF_8)).isTrue();
    assertThat(Integer.parseInt(counts.group(2)))
        .as("rewritten (only feeds with no article carry 'now')")
        .isLessThanOrEqualTo(Integer.parseInt(counts.group(1)) / 20);
    assertThat(Integer.parseInt(counts.group(4))).as("removed").isZero();
  }

  @Test
  void aRunningAppsEmbeddedDatabaseSendsTheOperatorToTheNewsroom() {
    // what a running app holds on its data directory: the embedded server it started there (the
    // test contexts' databases live on the test run's shared server instead)
    Path running = temp.resolve("running");
    int status;
    try (EmbeddedPostgresServer app = EmbeddedPostgresServer.start(running, false)) {
      status = export("--out", temp.resolve("copy").toString(), "--samizdat.data-dir=" + running);
    }
    assertThat(status).isEqualTo(ExportCommand.COULD_NOT_RUN);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("Another Samizdat is already running")
        .contains("Press Export in the newsroom (/newsroom/export)");
  }

  @Test
  void helpAndWrongArguments() {
    assertThat(export("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("Usage: java -jar samizdat.jar export");
    assertThat(export("--frobnicate")).isEqualTo(ExportCommand.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown argument '--frobnicate'");
  }
}
