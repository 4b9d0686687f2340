package org.samizdat.backup;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.function.Consumer;
import org.samizdat.platform.ProgressLine;

/**
 * Counts the rows of PostgreSQL's COPY text as they stream to or from the archive (one line is one
 * row: newlines inside values are escaped) and says every few seconds how far the database part is:
 * rows done of the total, the rate and the time left. A large archive's biggest table takes
 * minutes; the table lines alone said nothing until it was done.
 */
final class RowProgress {

  static final Duration INTERVAL = Duration.ofSeconds(5);

  private final long total;
  private final Consumer<String> out;
  private final long intervalNanos;
  private final long started = System.nanoTime();
  private long done;
  private long next;

  /**
   * @param total the rows expected (an estimate is fine: the line never says more than 100%)
   */
  RowProgress(long total, Consumer<String> out, Duration interval) {
    this.total = Math.max(0, total);
    this.out = out;
    this.intervalNanos = interval.toNanos();
    this.next = started + intervalNanos;
  }

  long done() {
    return done;
  }

  OutputStream counting(OutputStream target) {
    return new FilterOutputStream(target) {
      @Override
      public void write(int b) throws IOException {
        out.write(b);
        if (b == '\n') {
          rows(1);
        }
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        rows(newlines(b, off, len));
      }
    };
  }

  InputStream counting(InputStream source) {
    return new FilterInputStream(source) {
      @Override
      public int read() throws IOException {
        int b = in.read();
        if (b == '\n') {
          rows(1);
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
          rows(newlines(b, off, n));
        }
        return n;
      }
    };
  }

  private static int newlines(byte[] b, int off, int len) {
    int n = 0;
    for (int i = off; i < off + len; i++) {
      if (b[i] == '\n') {
        n++;
      }
    }
    return n;
  }

  private void rows(long n) {
    done += n;
    long now = System.nanoTime();
    if (n > 0 && now - next >= 0) {
      next = now + intervalNanos;
      out.accept("  " + ProgressLine.format("Rows", done, Math.max(total, done), started));
    }
  }
}
