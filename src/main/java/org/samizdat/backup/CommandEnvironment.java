package org.samizdat.backup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.samizdat.platform.PlatformSettings;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.StringUtils;

/**
 * The configuration a command sees: exactly the web app's (application.properties, SAMIZDAT_*
 * variables, {@code --spring.options}), loaded by an empty Spring application that starts nothing
 * else. Close it when the command is done.
 */
public final class CommandEnvironment implements AutoCloseable {

  /** An external PostgreSQL server, as the app would use it. */
  public record ExternalDatabase(String url, String user, String password) {
    public String safeUrl() {
      return url.replaceAll("password=[^&]*", "password=***");
    }
  }

  private final ConfigurableApplicationContext context;

  private CommandEnvironment(ConfigurableApplicationContext context) {
    this.context = context;
  }

  /** Loads the configuration; {@code springArgs} are {@code --name=value} options. */
  public static CommandEnvironment load(List<String> springArgs) {
    SpringApplication app = new SpringApplication(Nothing.class);
    app.setWebApplicationType(WebApplicationType.NONE);
    app.setBannerMode(Banner.Mode.OFF);
    app.setLogStartupInfo(false);
    app.setRegisterShutdownHook(false);
    // a command prints its own progress: only warnings from the libraries, unless asked otherwise
    app.setDefaultProperties(Map.of("logging.level.root", "WARN"));
    return new CommandEnvironment(app.run(springArgs.toArray(String[]::new)));
  }

  public ConfigurableEnvironment environment() {
    return context.getEnvironment();
  }

  public PlatformSettings settings() {
    return Binder.get(environment()).bindOrCreate("samizdat", PlatformSettings.class);
  }

  public Path dataDir() {
    return Path.of(settings().dataDir()).toAbsolutePath().normalize();
  }

  /** The external server the app would use, or empty for the embedded one in the data directory. */
  public Optional<ExternalDatabase> externalDatabase() {
    PlatformSettings.Database db = settings().database();
    String url = firstNonBlank(db.url(), environment().getProperty("spring.datasource.url"));
    if (url == null) {
      return Optional.empty();
    }
    return Optional.of(
        new ExternalDatabase(
            url,
            firstNonBlank(db.user(), environment().getProperty("spring.datasource.username")),
            firstNonBlank(db.password(), environment().getProperty("spring.datasource.password"))));
  }

  /** The OpenPGP public key file backups are encrypted to (SAMIZDAT_BACKUP_PUBLIC_KEY), if any. */
  public Path backupPublicKey() {
    String key = environment().getProperty("samizdat.backup.public-key", "");
    return key.isBlank() ? null : Path.of(key.strip()).toAbsolutePath().normalize();
  }

  /** The passphrase of the private key a restore decrypts with, when given by configuration. */
  public String backupKeyPassphrase() {
    return environment().getProperty("samizdat.backup.key-passphrase");
  }

  public String flywayLocations() {
    return environment().getProperty("spring.flyway.locations", "classpath:db/migration");
  }

  @Override
  public void close() {
    context.close();
  }

  private static String firstNonBlank(String a, String b) {
    if (StringUtils.hasText(a)) {
      return a;
    }
    return StringUtils.hasText(b) ? b : null;
  }

  /** The empty application whose only job is to load the configuration. */
  static final class Nothing {}

  /**
   * A command's arguments: its own options ({@code --out FILE} or {@code --out=FILE}, flags like
   * {@code --force}), {@code --data-dir DIR} for samizdat.data-dir, and any {@code --name=value}
   * passed on to the configuration.
   */
  public static final class Arguments {
    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();
    private final List<String> spring = new ArrayList<>();

    /**
     * @param valueOptions names of options that take a value, without the dashes ({@code out})
     * @param flagOptions names of options without a value ({@code force})
     * @throws Command.UsageException for anything else
     */
    public static Arguments parse(
        List<String> args, Set<String> valueOptions, Set<String> flagOptions) {
      Arguments a = new Arguments();
      for (int i = 0; i < args.size(); i++) {
        String arg = args.get(i);
        if (!arg.startsWith("--")) {
          throw new Command.UsageException("unexpected argument '" + arg + "'");
        }
        String name = arg.substring(2);
        String value = null;
        int eq = name.indexOf('=');
        if (eq >= 0) {
          value = name.substring(eq + 1);
          name = name.substring(0, eq);
        }
        if (flagOptions.contains(name)) {
          if (value != null) {
            throw new Command.UsageException("--" + name + " takes no value");
          }
          a.flags.add(name);
        } else if (valueOptions.contains(name) || name.equals("data-dir")) {
          if (value == null) {
            if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
              throw new Command.UsageException("--" + name + " needs a value");
            }
            value = args.get(++i);
          }
          if (value.isBlank()) {
            throw new Command.UsageException("--" + name + " needs a value");
          }
          if (name.equals("data-dir")) {
            a.spring.add("--samizdat.data-dir=" + value);
          } else {
            a.values.put(name, value);
          }
        } else if (value != null && name.contains(".")) {
          a.spring.add(arg);
        } else {
          throw new Command.UsageException("unknown option " + arg);
        }
      }
      return a;
    }

    public Optional<String> value(String name) {
      return Optional.ofNullable(values.get(name));
    }

    public String required(String name) {
      return value(name)
          .orElseThrow(() -> new Command.UsageException("--" + name + " is required"));
    }

    public boolean flag(String name) {
      return flags.contains(name);
    }

    /** The options for {@link CommandEnvironment#load}. */
    public List<String> spring() {
      return spring;
    }
  }
}
