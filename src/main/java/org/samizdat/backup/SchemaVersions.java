package org.samizdat.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.api.MigrationVersion;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/** The newest schema version this build of the app can migrate to, read from its own migrations. */
final class SchemaVersions {

  private static final Pattern VERSIONED = Pattern.compile("^V([0-9][0-9._]*)__.+\\.sql$");

  private SchemaVersions() {}

  static MigrationVersion latest(String locations, ClassLoader loader) {
    PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver(loader);
    MigrationVersion latest = MigrationVersion.EMPTY;
    for (String location : locations.split(",")) {
      String path = location.trim().replaceFirst("^classpath:", "").replaceAll("^/+|/+$", "");
      try {
        for (Resource r : resolver.getResources("classpath*:" + path + "/**/V*__*.sql")) {
          Matcher m = VERSIONED.matcher(String.valueOf(r.getFilename()));
          if (m.matches()) {
            MigrationVersion v = MigrationVersion.fromVersion(m.group(1).replace('_', '.'));
            if (v.compareTo(latest) > 0) {
              latest = v;
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Could not list the migrations in " + location, e);
      }
    }
    return latest;
  }

  static int compare(String a, String b) {
    return MigrationVersion.fromVersion(a).compareTo(MigrationVersion.fromVersion(b));
  }
}
