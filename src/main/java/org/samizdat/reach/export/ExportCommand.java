package org.samizdat.reach.export;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.samizdat.platform.database.EmbeddedPostgresServer;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code java -jar samizdat.jar export [--out DIR] [--samizdat.x=y ...]}: starts the app with its
 * web server on a random loopback port only (nothing listens publicly), writes the static copy,
 * prints the report and stops. The pages are read over that loopback port, exactly as a reader's
 * browser would get them.
 *
 * <p>Exit status: 0 the copy is written and passed its checks; 1 it is written but holds a
 * reference to another host, a newsroom link or a TEST MODE notice, or a page could not be read; 2
 * the export could not run; 64 the command line is wrong.
 */
public final class ExportCommand {

  public static final String NAME = "export";
  static final int OK = 0;
  static final int CHECKS_FAILED = 1;
  static final int COULD_NOT_RUN = 2;
  static final int USAGE = 64;

  /** The export command's default for {@code samizdat.site.reader-reads-mb} (the app's is 32). */
  static final String READER_READS_MB = "4";

  private static final String HELP =
      """
      Usage: java -jar samizdat.jar export [--out DIR] [--changes] [--property=value ...]

      Writes every public page, feed, sitemap, stylesheet, script and image of the site into DIR
      with relative links, for any static host, an object store or file://. Running it again
      rewrites only files that changed and removes those of pages the site no longer has.

        --out DIR          where to write (default: samizdat.reach.export-dir, else <data dir>/export)
        --changes          rewrite only what shows the articles changed since the last complete
                           export in DIR (their pages, lists, feeds, sitemaps); everything when
                           there is none. Other changes (sections, settings) wait for a whole export.
        --property=value   any setting of the app, e.g. --samizdat.site.base-url=https://example.org

      With the embedded database, stop the running app first, or use Export in the newsroom.
      """;

  private ExportCommand() {}

  /** Runs the command; returns the process's exit status. */
  public static int run(Class<?> application, String... args) {
    return run(application, System.out, System.err, args);
  }

  static int run(Class<?> application, PrintStream out, PrintStream err, String... args) {
    Path directory = null;
    boolean changes = false;
    List<String> springArgs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("-h") || arg.equals("--help")) {
        out.print(HELP);
        return OK;
      } else if (arg.equals("--out") && i + 1 < args.length) {
        directory = Path.of(args[++i]);
      } else if (arg.equals("--changes")) {
        changes = true;
      } else if (arg.startsWith("--out=")) {
        directory = Path.of(arg.substring("--out=".length()));
      } else if (arg.startsWith("--") && arg.contains("=") && arg.length() > 3) {
        springArgs.add(arg);
      } else {
        err.println("export: unknown argument '" + arg + "'.");
        err.print(HELP);
        return USAGE;
      }
    }
    SpringApplication app = new SpringApplication(application);
    // The export reads each article once, so what reader pages keep between requests is seldom
    // read again and only crowds the heap the export's bookkeeping needs; a setting given
    // explicitly still wins.
    app.setDefaultProperties(Map.of("samizdat.site.reader-reads-mb", READER_READS_MB));
    // Above every other source (PORT, application.properties): the command's server is never
    // public.
    app.addInitializers(
        context ->
            context
                .getEnvironment()
                .getPropertySources()
                .addFirst(
                    new MapPropertySource(
                        "static-export-command",
                        Map.of("server.port", "0", "server.address", "127.0.0.1"))));
    ConfigurableApplicationContext context;
    try {
      context = app.run(springArgs.toArray(String[]::new));
    } catch (RuntimeException e) {
      err.println("export: the app could not start: " + rootMessage(e));
      if (causedBy(e, EmbeddedPostgresServer.DataDirectoryInUseException.class)) {
        err.println(
            "export: the running Samizdat holds the embedded database. Press Export in the newsroom "
                + "(/newsroom/export) instead, or stop the app and run this command again.");
      }
      return COULD_NOT_RUN;
    }
    try {
      StaticExport export = context.getBean(StaticExport.class);
      ExportReport report =
          export.export(
              directory != null ? directory : export.defaultDirectory(),
              changes,
              p -> out.println("export: " + p.summary()));
      out.print(report.summary());
      return report.ok() ? OK : CHECKS_FAILED;
    } catch (RuntimeException e) {
      err.println("export: " + rootMessage(e));
      return COULD_NOT_RUN;
    } finally {
      context.close();
    }
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
