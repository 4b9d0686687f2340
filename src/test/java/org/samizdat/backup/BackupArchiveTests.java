package org.samizdat.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.samizdat.backup.CommandOutput.run;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive format on its own, without a database: what is accepted, and everything that is
 * refused.
 */
class BackupArchiveTests {

  @TempDir Path dir;

  static final byte[] ROWS = "1\tfirst\n2\tsecond\n".getBytes(StandardCharsets.UTF_8);
  static final byte[] IMAGE =
      "not really a jpeg, but bytes all the same".getBytes(StandardCharsets.UTF_8);

  Path write(String name, String schemaVersion, String mediaPath) throws Exception {
    Path file = dir.resolve(name);
    try (ArchiveWriter w = new ArchiveWriter(file)) {
      ArchiveWriter.Written rows =
          w.part(
              "database/001-thing.copy",
              true,
              out -> {
                out.write(ROWS);
                return 2;
              });
      ArchiveWriter.Written image =
          w.part(
              "media/" + mediaPath,
              false,
              out -> {
                out.write(IMAGE);
                return 0;
              });
      w.finish(
          new Manifest(
              Manifest.FORMAT,
              Manifest.FORMAT_VERSION,
              "test",
              schemaVersion,
              "2026-01-01T00:00:00Z",
              "17.6",
              "test",
              List.of(
                  new Manifest.TablePart(
                      "thing",
                      List.of("id", "name"),
                      2,
                      "database/001-thing.copy",
                      rows.bytes(),
                      rows.sha256())),
              List.of(new Manifest.SequenceValue("thing_id_seq", 2, true)),
              List.of(new Manifest.FilePart(mediaPath, image.bytes(), image.sha256()))));
    }
    return file;
  }

  @Test
  void aWholeArchiveOpensAndItsPartsReadBackExactly() throws Exception {
    Path file = write("good.zip", "10", "abc-320.jpg");
    try (ArchiveReader r = ArchiveReader.open(file)) {
      Manifest m = r.manifest();
      assertThat(m.schemaVersion()).isEqualTo("10");
      assertThat(m.totalRows()).isEqualTo(2);
      assertThat(m.sequences())
          .containsExactly(new Manifest.SequenceValue("thing_id_seq", 2, true));
      try (InputStream in = r.table(m.tables().get(0))) {
        assertThat(in.readAllBytes()).isEqualTo(ROWS);
      }
      try (InputStream in = r.media(m.media().get(0))) {
        assertThat(in.readAllBytes()).isEqualTo(IMAGE);
      }
      assertThat(r.sha256()).hasSize(64);
    }
  }

  @Test
  void everySingleFlippedByteAnywhereInTheFileIsRefused() throws Exception {
    byte[] good = Files.readAllBytes(write("flip.zip", "10", "abc-320.jpg"));
    Path bad = dir.resolve("bad.zip");
    List<Integer> accepted = new ArrayList<>();
    for (int i = 0; i < good.length; i++) {
      byte[] copy = good.clone();
      copy[i] ^= 0x01;
      Files.write(bad, copy);
      try (ArchiveReader r = ArchiveReader.open(bad)) {
        accepted.add(i);
      } catch (BackupRefused.Damaged expected) {
        assertThat(expected.getMessage())
            .contains("is damaged and was not used")
            .contains("Nothing was changed");
      }
    }
    assertThat(accepted)
        .as("positions where a flipped byte went unnoticed, of " + good.length)
        .isEmpty();
  }

  @Test
  void aCutShortFileOrAnotherZipIsNotTakenForABackup() throws Exception {
    byte[] good = Files.readAllBytes(write("cut.zip", "10", "abc-320.jpg"));
    Path cut = dir.resolve("cut-short.zip");
    Files.write(cut, java.util.Arrays.copyOf(good, good.length - 10));
    assertThatThrownBy(() -> ArchiveReader.open(cut))
        .isInstanceOf(BackupRefused.Damaged.class)
        .hasMessageContaining("not a Samizdat backup");

    Path other = dir.resolve("other.zip");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(other))) {
      z.putNextEntry(new ZipEntry("manifest.json"));
      z.write("{\"format\":\"samizdat-backup\"}".getBytes(StandardCharsets.UTF_8));
    }
    assertThatThrownBy(() -> ArchiveReader.open(other))
        .isInstanceOf(BackupRefused.Damaged.class)
        .hasMessageContaining("not a Samizdat backup");
    assertThatThrownBy(() -> ArchiveReader.open(dir.resolve("missing.zip")))
        .isInstanceOf(BackupRefused.class)
        .hasMessageContaining("There is no backup file at");
  }

  @Test
  void aMediaPathThatWouldLeaveTheMediaFolderIsRefused() throws Exception {
    Path file = write("slip.zip", "10", "../../etc/cron.d/evil");
    assertThatThrownBy(() -> ArchiveReader.open(file))
        .isInstanceOf(BackupRefused.Damaged.class)
        .hasMessageContaining("names a media file it should not");
  }

  @Test
  void aBackupFromANewerSchemaIsRefusedBeforeAnyDatabaseIsTouched() throws Exception {
    Path file = write("newer.zip", "999", "abc-320.jpg");
    Path target = dir.resolve("target-data");
    assertThatThrownBy(
            () ->
                Restores.restore(
                    file,
                    target,
                    () -> {
                      throw new AssertionError("the target must not be opened");
                    },
                    new Restores.Options(false, "classpath:db/migration", Clock.systemUTC()),
                    line -> {}))
        .isInstanceOf(BackupRefused.class)
        .hasMessageContaining("schema version 999, newer than this version of Samizdat knows")
        .hasMessageContaining("Nothing was changed");
    assertThat(target).doesNotExist();
  }

  @Test
  void theKnownSchemaVersionIsTheNewestMigration() {
    assertThat(
            SchemaVersions.latest("classpath:db/migration", getClass().getClassLoader())
                .getVersion())
        .isEqualTo(newestMigrationFile());
  }

  /** The highest V-number among the migration files in the source tree, found without Flyway. */
  static String newestMigrationFile() {
    try (var files = java.nio.file.Files.list(Path.of("src/main/resources/db/migration"))) {
      return String.valueOf(
          files
              .map(f -> f.getFileName().toString())
              .filter(n -> n.matches("V\\d+__.*\\.sql"))
              .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
              .max()
              .orElseThrow());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void commandsAreListedAndBadUsageExitsWithTwo() {
    CommandOutput help = run("help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("backup --out FILE").contains("restore --from FILE");

    CommandOutput unknown = run("bakup");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("Unknown command 'bakup'").contains("backup, restore");

    CommandOutput noOut = run("backup");
    assertThat(noOut.code()).isEqualTo(2);
    assertThat(noOut.err()).contains("--out is required").contains("Usage: backup --out");

    CommandOutput stray = run("restore", "--from", "x.zip", "--frce");
    assertThat(stray.code()).isEqualTo(2);
    assertThat(stray.err()).contains("unknown option --frce");

    assertThat(Commands.handled(new String[0])).isFalse();
    assertThat(Commands.handled(new String[] {"--server.port=0"})).isFalse();
  }

  @Test
  void mainCanHandOverMoreCommandsWhichAreListedAndGetTheirArguments() {
    List<List<String>> received = new ArrayList<>();
    Command export =
        Command.of(
            "export",
            "export [--out DIR]   a static copy of the site",
            (args, out, err) -> {
              received.add(args);
              return 7;
            });
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    assertThat(Commands.run(new String[] {"help"}, print, print, export)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("export [--out DIR]")
        .contains("backup --out");
    assertThat(Commands.run(new String[] {"export", "--out", "x", "--a.b=c"}, print, print, export))
        .isEqualTo(7);
    assertThat(received).containsExactly(List.of("--out", "x", "--a.b=c"));
    assertThat(Commands.run(new String[] {"exprot"}, print, print, export)).isEqualTo(2);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Commands: backup, restore, export");
  }

  @Test
  void aMissingBackupFileIsRefusedWithExitCodeThree() {
    CommandOutput missing =
        run(
            "restore",
            "--from",
            dir.resolve("nope.zip").toString(),
            "--data-dir",
            dir.resolve("d").toString());
    assertThat(missing.code()).isEqualTo(3);
    assertThat(missing.err()).contains("There is no backup file at");
  }
}
