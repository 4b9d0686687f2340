package org.samizdat.reach.export;

import jakarta.annotation.PreDestroy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.samizdat.platform.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs the export in the background for the newsroom, one at a time, into the configured folder,
 * and remembers how the last one went. An export of a large archive takes a while; the editor who
 * asked for it should not have to keep a request open meanwhile.
 */
@Component
public class ExportRunner {

  private static final Logger log = LoggerFactory.getLogger(ExportRunner.class);

  /**
   * @param running whether an export is under way now
   * @param startedAt when the running (or else the last) export started
   * @param startedBy who asked for it
   * @param last the last export that completed on this node, or null
   * @param failure why the last attempt stopped without a report, or null
   * @param progress how far the running export is, or null when none runs
   */
  public record Status(
      Path directory,
      boolean running,
      Instant startedAt,
      String startedBy,
      ExportReport last,
      String failure,
      ExportProgress progress) {}

  private final StaticExport export;
  private final Clock clock;
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(DaemonThreads.named("static-export"));
  private boolean running;
  private Instant startedAt;
  private String startedBy;
  private ExportReport last;
  private String failure;

  ExportRunner(StaticExport export, Clock clock) {
    this.export = export;
    this.clock = clock;
  }

  /**
   * Starts an export into {@link StaticExport#defaultDirectory()}.
   *
   * @return false when one is already running (nothing new is started)
   */
  public synchronized boolean start(String requestedBy) {
    return start(requestedBy, false);
  }

  /**
   * Starts an export into {@link StaticExport#defaultDirectory()}: of the whole site, or only of
   * what shows the articles changed since the last complete one ({@link
   * StaticExport#exportChanges(Path)}).
   *
   * @return false when one is already running (nothing new is started)
   */
  public synchronized boolean start(String requestedBy, boolean changesOnly) {
    if (running || export.isRunning()) {
      return false;
    }
    running = true;
    startedAt = clock.instant();
    startedBy = requestedBy;
    Path directory = export.defaultDirectory();
    executor.execute(
        () -> {
          ExportReport report = null;
          String problem = null;
          try {
            report = export.export(directory, changesOnly, p -> {});
          } catch (RuntimeException e) {
            problem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            log.error("The static export to {} stopped: {}", directory, problem, e);
          }
          finished(report, problem);
        });
    return true;
  }

  public synchronized Status status() {
    return new Status(
        export.defaultDirectory(),
        running,
        startedAt,
        startedBy,
        last,
        failure,
        running ? export.progress().orElse(null) : null);
  }

  private synchronized void finished(ExportReport report, String problem) {
    running = false;
    if (report != null) {
      last = report;
    }
    failure = problem;
  }

  @PreDestroy
  void stop() {
    executor.shutdownNow();
  }
}
