package org.samizdat.platform.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * A circuit breaker in front of the connection pool. While the database is away, asking the pool
 * for a connection waits out its timeout (5 s) for every request; after the first failure (or at
 * once, when the embedded server's supervisor saw it die) this answers "not available" without
 * waiting, so uncached pages get their 503 in microseconds. Every {@link #PROBE_NANOS} one caller
 * is let through to try the pool again; the first success closes the breaker. The log says once
 * that the database went away and once that it is back, instead of a line (or a stack trace) per
 * request.
 */
public class FailFastDataSource extends DelegatingDataSource {

  private static final Logger log = LoggerFactory.getLogger(FailFastDataSource.class);

  /** How often, while open, one caller may try the pool again. */
  static final long PROBE_NANOS = 1_000_000_000L;

  private final AtomicBoolean open = new AtomicBoolean();
  private final AtomicBoolean probing = new AtomicBoolean();
  private final AtomicLong openedAt = new AtomicLong();
  private final AtomicLong nextProbe = new AtomicLong();
  private volatile String reason = "";
  private volatile boolean held;

  public FailFastDataSource(DataSource pool) {
    super(pool);
  }

  @Override
  public Connection getConnection() throws SQLException {
    return guarded(() -> super.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return guarded(() -> super.getConnection(username, password));
  }

  /** True while callers are turned away without trying. */
  public boolean isOpen() {
    return open.get();
  }

  /**
   * The database is known to be gone (its process died): turn callers away at once, without a
   * probe, until {@link #release()}.
   */
  void hold(String why) {
    held = true;
    trip(why);
  }

  /** The database should answer again: let the next caller try it. */
  void release() {
    held = false;
    nextProbe.set(System.nanoTime());
  }

  private interface Source {
    Connection get() throws SQLException;
  }

  private Connection guarded(Source source) throws SQLException {
    boolean probe = false;
    if (open.get()) {
      long now = System.nanoTime();
      if (held || now - nextProbe.get() < 0 || !probing.compareAndSet(false, true)) {
        throw new SQLTransientConnectionException(
            "The database is not available ("
                + reason
                + ", for "
                + (now - openedAt.get()) / 1_000_000_000L
                + " s); not waiting for it",
            "08001");
      }
      probe = true;
    }
    try {
      Connection connection = source.get();
      if (open.compareAndSet(true, false)) {
        log.info(
            "The database answers again, after {} s; serving from it again",
            (System.nanoTime() - openedAt.get()) / 1_000_000_000L);
      }
      return connection;
    } catch (SQLTransientConnectionException e) {
      // the pool timed out: with a cause, it could not connect; without, it was only busy
      if (e.getCause() != null) {
        trip(e.getCause().getMessage());
      }
      throw e;
    } catch (SQLException | RuntimeException e) {
      trip(e.getMessage());
      throw e;
    } finally {
      if (probe) {
        nextProbe.set(System.nanoTime() + PROBE_NANOS);
        probing.set(false);
      }
    }
  }

  private void trip(String why) {
    reason = why == null ? "no detail" : why;
    nextProbe.set(System.nanoTime() + PROBE_NANOS);
    if (open.compareAndSet(false, true)) {
      openedAt.set(System.nanoTime());
      log.warn(
          "The database cannot be reached ({}). Requests that need it answer 503 at once (pages"
              + " already cached are still served) until it is back; one request a second tries"
              + " it.",
          reason);
    }
  }
}
