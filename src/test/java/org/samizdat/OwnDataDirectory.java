package org.samizdat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * For a test class that needs an app context of its own (other properties than the shared one):
 * gives it a data directory and a fresh database of its own on the run's one test server ({@link
 * TestDatabases}), and closes the context after the class ({@link PrivateContexts}). Two apps on
 * one data directory refuse to start, and {@link IntegrationTest}'s belongs to the shared context.
 * Use as {@code @ContextConfiguration(initializers = OwnDataDirectory.class)}.
 */
public class OwnDataDirectory
    implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    context
        .getEnvironment()
        .getPropertySources()
        .addFirst(new MapPropertySource("own-data-dir", properties("it-own-data-")));
  }

  /**
   * The properties that give a context its own data directory (a new folder in {@code target/}
   * named from the prefix) and its own database; add them first so they win over {@link
   * IntegrationTest}'s.
   */
  public static Map<String, Object> properties(String prefix) {
    try {
      Path dir =
          Files.createTempDirectory(
              Files.createDirectories(Path.of("target")).toAbsolutePath(), prefix);
      Map<String, Object> properties = new HashMap<>();
      properties.put("samizdat.data-dir", dir.toString());
      properties.put("samizdat.database.url", TestDatabases.freshDatabaseUrl());
      properties.put("samizdat.database.user", TestDatabases.user());
      properties.put("samizdat.database.password", TestDatabases.password());
      properties.put(PrivateContexts.PROPERTY, "true");
      properties.put("samizdat.database.pool-size", "6");
      return properties;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
