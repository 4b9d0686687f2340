package org.samizdat.platform.database;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.samizdat.platform.BackgroundLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the embedded PostgreSQL's postmaster. When it dies while the app runs (the kernel's
 * out-of-memory killer, a stray kill -9), requests are turned away at once ({@link
 * FailFastDataSource}), the server is started again on the same cluster and port (PostgreSQL
 * recovers from its write-ahead log), the pool's dead connections are dropped, and the app serves
 * again, without a restart. Says so in the log once when it happens and once when it is back.
 */
class EmbeddedPostgresSupervisor extends BackgroundLoop {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresSupervisor.class);

  /** Between attempts to start the server again (its old backends may still be going away). */
  static final Duration RETRY = Duration.ofMillis(500);

  private final EmbeddedPostgresServer server;
  private final FailFastDataSource gate;
  private final DataSource pool;

  EmbeddedPostgresSupervisor(
      EmbeddedPostgresServer server, FailFastDataSource gate, DataSource pool) {
    super("embedded-postgres-supervisor");
    this.server = server;
    this.gate = gate;
    this.pool = pool;
  }

  @Override
  public int getPhase() {
    // stops first, before the pool and the server are closed, so a planned stop is not a death
    return Integer.MAX_VALUE;
  }

  @Override
  protected void loop() {
    while (isRunning()) {
      Optional<ProcessHandle> postmaster = server.postmaster();
      if (postmaster.isEmpty() || !postmaster.get().isAlive()) {
        // not started yet, or already gone: look again shortly
        if (!pause(RETRY) || !isRunning()) {
          return;
        }
        if (server.postmaster().map(ProcessHandle::isAlive).orElse(false)) {
          continue;
        }
        recover(postmaster.map(ProcessHandle::pid).orElse(-1L));
        continue;
      }
      try {
        postmaster.get().onExit().get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        continue;
      }
      if (isRunning()) {
        recover(postmaster.get().pid());
      }
    }
  }

  private void recover(long pid) {
    long started = System.nanoTime();
    gate.hold("the embedded PostgreSQL stopped");
    log.error(
        "The embedded PostgreSQL (pid {}) in {} stopped unexpectedly. Starting it again on the same"
            + " data; it recovers every committed transaction from its write-ahead log. Meanwhile"
            + " requests that need the database answer 503 at once.",
        pid,
        server.dataDir().resolve("postgres"));
    int attempts = 0;
    while (isRunning()) {
      attempts++;
      try {
        server.restart();
        break;
      } catch (Exception e) {
        if (attempts % 20 == 0) {
          log.warn(
              "The embedded PostgreSQL does not start again yet ({}); still trying",
              e.getMessage());
        }
        if (!pause(RETRY)) {
          return;
        }
      }
    }
    if (!isRunning()) {
      return;
    }
    if (pool instanceof HikariDataSource hikari && hikari.getHikariPoolMXBean() != null) {
      // connections to the dead server would each fail once more; drop them now
      hikari.getHikariPoolMXBean().softEvictConnections();
    }
    gate.release();
    log.info(
        "The embedded PostgreSQL is running again (pid {}), {} ms after it stopped",
        server.postmaster().map(ProcessHandle::pid).orElse(-1L),
        (System.nanoTime() - started) / 1_000_000);
  }

  private static boolean pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
