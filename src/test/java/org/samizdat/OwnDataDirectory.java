package org.samizdat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * For a test class that needs an app context of its own (other properties than the shared one):
 * gives it a data directory, and so an embedded PostgreSQL, of its own. Two apps on one data
 * directory refuse to start, and {@link IntegrationTest}'s belongs to the shared context. Use as
 * {@code @ContextConfiguration(initializers = OwnDataDirectory.class)}.
 */
public class OwnDataDirectory
    implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    try {
      Path dir =
          Files.createTempDirectory(
              Files.createDirectories(Path.of("target")).toAbsolutePath(), "it-own-data-");
      context
          .getEnvironment()
          .getPropertySources()
          .addFirst(
              new MapPropertySource("own-data-dir", Map.of("samizdat.data-dir", dir.toString())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
