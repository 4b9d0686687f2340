package org.samizdat.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowProgressTests {

  static final byte[] ROWS =
      "1\tfirst\n2\ta value with an escaped\\nnewline\n3\tthird\n".getBytes(StandardCharsets.UTF_8);

  @Test
  void aBackupSaysRowsDoneOfTheTotalWithTheRateAndTheTimeLeftAsTheyStreamBy() throws Exception {
    List<String> lines = new ArrayList<>();
    RowProgress progress = new RowProgress(6, lines::add, Duration.ZERO);
    ByteArrayOutputStream archive = new ByteArrayOutputStream();
    try (OutputStream out = progress.counting(archive)) {
      out.write(ROWS, 0, 10);
      out.write(ROWS, 10, ROWS.length - 10);
    }
    assertThat(archive.toByteArray()).isEqualTo(ROWS);
    assertThat(progress.done()).isEqualTo(3);
    assertThat(lines).isNotEmpty();
    assertThat(lines.get(lines.size() - 1)).matches("  Rows: 3 of 6 \\(50%\\), [\\d,]+/s.*");
  }

  @Test
  void aRestoreCountsTheRowsItReadsAndNeverSaysMoreThanAllOfThem() throws Exception {
    List<String> lines = new ArrayList<>();
    RowProgress progress = new RowProgress(2, lines::add, Duration.ZERO);
    try (InputStream in = progress.counting(new ByteArrayInputStream(ROWS))) {
      assertThat(in.readAllBytes()).isEqualTo(ROWS);
    }
    assertThat(progress.done()).isEqualTo(3);
    assertThat(lines.get(lines.size() - 1)).startsWith("  Rows: 3 of 3 (100%)").contains("done in");
  }
}
