package org.samizdat.reach.export;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportFolderTests {

  @TempDir Path copy;

  @Test
  void onlyChangedFilesAreWrittenAndFilesOfGonePagesAreRemoved() throws IOException {
    ExportFolder first = ExportFolder.open(copy);
    first.write("index.html", "home v1".getBytes(UTF_8));
    first.write("2026/11/29/kept/index.html", "kept".getBytes(UTF_8));
    first.write("2026/11/29/gone/index.html", "gone".getBytes(UTF_8));
    first.write("2026/11/30/gone-too/index.html", "gone too".getBytes(UTF_8));
    first.finish();
    assertThat(first.written()).hasSize(4);
    Files.writeString(copy.resolve("CNAME"), "mirror.example"); // someone else's file
    FileTime keptAt = Files.getLastModifiedTime(copy.resolve("2026/11/29/kept/index.html"));

    ExportFolder second = ExportFolder.open(copy);
    second.write("index.html", "home v2".getBytes(UTF_8));
    second.write("2026/11/29/kept/index.html", "kept".getBytes(UTF_8));
    second.write("tag/new/index.html", "new".getBytes(UTF_8));
    second.finish();

    assertThat(second.written()).containsExactly("index.html", "tag/new/index.html");
    assertThat(second.unchanged()).containsExactly("2026/11/29/kept/index.html");
    assertThat(second.removed())
        .containsExactly("2026/11/29/gone/index.html", "2026/11/30/gone-too/index.html");
    assertThat(Files.readString(copy.resolve("index.html"))).isEqualTo("home v2");
    assertThat(Files.getLastModifiedTime(copy.resolve("2026/11/29/kept/index.html")))
        .isEqualTo(keptAt);
    assertThat(copy.resolve("2026/11/29/gone")).as("the article's folder").doesNotExist();
    assertThat(copy.resolve("2026/11/30")).as("a day with nothing left").doesNotExist();
    assertThat(copy.resolve("2026/11/29")).isDirectory();
    assertThat(copy.resolve("CNAME"))
        .as("files the export did not write are never removed")
        .exists();
    assertThat(second.files())
        .containsExactly("2026/11/29/kept/index.html", "index.html", "tag/new/index.html");
    try (var files = Files.list(copy)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
    }
  }

  @Test
  void aFileChangedOnDiskIsWrittenAgain() throws IOException {
    ExportFolder first = ExportFolder.open(copy);
    first.write("index.html", "home".getBytes(UTF_8));
    first.finish();
    Files.writeString(copy.resolve("index.html"), "hacked");

    ExportFolder second = ExportFolder.open(copy);
    second.write("index.html", "home".getBytes(UTF_8));
    second.finish();
    assertThat(second.written()).containsExactly("index.html");
    assertThat(Files.readString(copy.resolve("index.html"))).isEqualTo("home");
  }

  @Test
  void aFileTouchedButNotChangedStaysUnwritten() throws IOException {
    ExportFolder first = ExportFolder.open(copy);
    first.write("index.html", "home".getBytes(UTF_8));
    first.finish();
    Files.setLastModifiedTime(copy.resolve("index.html"), FileTime.fromMillis(0));

    ExportFolder second = ExportFolder.open(copy);
    second.write("index.html", "home".getBytes(UTF_8));
    second.finish();
    assertThat(second.written()).isEmpty();
    assertThat(second.unchanged()).containsExactly("index.html");
  }

  @Test
  void aPageThatCouldNotBeReadKeepsItsLastCopy() throws IOException {
    ExportFolder first = ExportFolder.open(copy);
    first.write("2026/11/29/story/index.html", "story".getBytes(UTF_8));
    first.finish();

    ExportFolder second = ExportFolder.open(copy);
    second.keepPrevious("2026/11/29/story/index.html");
    second.finish();
    assertThat(second.removed()).isEmpty();
    assertThat(copy.resolve("2026/11/29/story/index.html")).hasContent("story");
  }

  @Test
  void imagesAreCopiedOnceAndNotReadAgain() throws IOException {
    Path stored =
        Files.writeString(copy.resolveSibling(copy.getFileName() + "-media.png"), "png bytes");
    try {
      ExportFolder first = ExportFolder.open(copy);
      first.copyImmutable("media/a-480.png", stored);
      first.finish();
      ExportFolder second = ExportFolder.open(copy);
      second.copyImmutable("media/a-480.png", stored);
      second.finish();
      assertThat(first.written()).containsExactly("media/a-480.png");
      assertThat(second.written()).isEmpty();
      assertThat(second.unchanged()).containsExactly("media/a-480.png");
    } finally {
      Files.deleteIfExists(stored);
    }
  }

  @Test
  void aDamagedManifestCannotMakeItDeleteAnythingOutsideTheCopy() throws IOException {
    Path outside =
        Files.writeString(copy.resolveSibling(copy.getFileName() + "-outside.txt"), "keep me");
    try {
      Files.writeString(
          copy.resolve(ExportFolder.MANIFEST),
          "ab\t1\t1\t../" + outside.getFileName() + "\nab\t1\t1\t/etc/hostname\nnot a line\n");
      ExportFolder folder = ExportFolder.open(copy);
      folder.finish();
      assertThat(folder.removed()).isEmpty();
      assertThat(outside).exists();
      assertThatThrownBy(() -> folder.write("../x.html", new byte[0]))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> folder.write(ExportFolder.MANIFEST, new byte[0]))
          .isInstanceOf(IllegalArgumentException.class);
    } finally {
      Files.deleteIfExists(outside);
    }
  }
}
