package org.samizdat.platform.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.NumberFormat;
import java.text.SimpleDateFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FormattersTests {

  @Test
  void oneCallerAfterAnotherSharesOneCopy() {
    AtomicInteger made = new AtomicInteger();
    Formatters<NumberFormat> formats =
        new Formatters<>(
            () -> {
              made.incrementAndGet();
              return NumberFormat.getNumberInstance(Locale.US);
            });
    for (int i = 0; i < 100; i++) {
      int n = i;
      String written = formats.with(f -> f.format(1234.5 + n));
      assertThat(written).isEqualTo(expected(n));
    }
    assertThat(made).hasValue(1);
  }

  @Test
  void callersAtOnceNeverShareACopy() throws Exception {
    // SimpleDateFormat keeps the date it writes in the instance (its calendar): two callers on one
    // copy write each other's dates
    Formatters<SimpleDateFormat> formats =
        new Formatters<>(
            () -> {
              SimpleDateFormat made = new SimpleDateFormat("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
              made.setTimeZone(TimeZone.getTimeZone("UTC"));
              return made;
            });
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> wrong = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        long offset = t * 400_000_000_000L;
        Callable<Integer> task =
            () -> {
              int mistakes = 0;
              for (int i = 0; i < 20_000; i++) {
                Instant when = Instant.ofEpochMilli(offset + i * 1_000_000L);
                String written = formats.with(f -> f.format(Date.from(when)));
                if (!written.equals(WRITTEN.format(when))) {
                  mistakes++;
                }
              }
              return mistakes;
            };
        wrong.add(pool.submit(task));
      }
      for (Future<Integer> w : wrong) {
        assertThat(w.get()).isZero();
      }
    } finally {
      pool.shutdown();
    }
  }

  private static final DateTimeFormatter WRITTEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private static String expected(int i) {
    return String.format(Locale.US, "%,.1f", 1234.5 + i).replaceAll("\\.0$", "");
  }
}
