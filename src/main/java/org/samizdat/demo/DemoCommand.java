package org.samizdat.demo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.samizdat.platform.ProgressLine;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code java -jar samizdat.jar demo --articles 100000 [--samizdat.x=y ...]}: fills an empty
 * database with the demo newsroom (as {@code SAMIZDAT_DEMO_CONTENT=true} does) and grows it to that
 * many live articles, printing its progress, then exits. For measuring the site at ten years of
 * archive; never on a newsroom's real database. With the embedded database the app must be stopped.
 */
public final class DemoCommand {

  public static final String NAME = "demo";
  public static final String USAGE =
      "demo [--articles N] [--property=value ...]                the demo newsroom, grown to N live"
          + " articles (a fixture for measuring at scale)";

  private DemoCommand() {}

  /** Runs the command; returns the exit status (0 done, 1 failed, 2 wrong arguments). */
  public static int run(Class<?> application, PrintStream out, PrintStream err, String... args) {
    long target = 0;
    List<String> springArgs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      try {
        if (arg.equals("--articles") && i + 1 < args.length) {
          target = Long.parseLong(args[++i].replace("_", "").replace(",", ""));
        } else if (arg.startsWith("--articles=")) {
          target = Long.parseLong(arg.substring("--articles=".length()));
        } else if (arg.startsWith("--") && arg.contains("=") && arg.length() > 3) {
          springArgs.add(arg);
        } else {
          err.println("demo: unknown argument '" + arg + "'.");
          err.println("Usage: java -jar samizdat.jar " + USAGE);
          return 2;
        }
      } catch (NumberFormatException e) {
        err.println("demo: --articles takes a whole number, e.g. --articles 100000.");
        return 2;
      }
    }
    if (target < 0 || target > 10_000_000) {
      err.println("demo: --articles must be between 0 and 10,000,000.");
      return 2;
    }
    SpringApplication app = new SpringApplication(application);
    app.addInitializers(
        context ->
            context
                .getEnvironment()
                .getPropertySources()
                .addFirst(
                    new MapPropertySource(
                        "demo-command",
                        Map.of(
                            "server.port", "0",
                            "server.address", "127.0.0.1",
                            "samizdat.demo.enabled", "true"))));
    long started = System.nanoTime();
    out.println("Starting the app and the demo newsroom ...");
    ConfigurableApplicationContext context;
    try {
      context = app.run(springArgs.toArray(String[]::new));
    } catch (RuntimeException e) {
      err.println("demo: the app could not start: " + rootMessage(e));
      return 1;
    }
    try {
      DemoArchive archive = context.getBean(DemoArchive.class);
      long before = archive.live();
      out.printf("%,d live articles; growing to %,d%n", before, Math.max(before, target));
      long added = archive.grow(target, DemoArchive.lines(out::println));
      out.printf(
          "Done: %,d articles added, %,d live, in %s%n",
          added,
          archive.live(),
          ProgressLine.duration((System.nanoTime() - started) / 1_000_000_000));
      return 0;
    } catch (RuntimeException e) {
      err.println("demo: " + rootMessage(e));
      return 1;
    } finally {
      context.close();
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
