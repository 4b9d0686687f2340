package org.samizdat.platform.database;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.samizdat.platform.PlatformSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * One data source: the server named by SAMIZDAT_DATABASE_URL (or spring.datasource.url), or, when
 * nothing is configured, an embedded PostgreSQL whose cluster lives in the data directory.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

  private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

  @Bean
  @ConditionalOnMissingBean(DataSource.class)
  DataSource dataSource(PlatformSettings settings, Environment env, EmbeddedDatabaseHolder holder) {
    String url = firstNonBlank(settings.database().url(), env.getProperty("spring.datasource.url"));
    HikariDataSource ds = new HikariDataSource();
    ds.setPoolName("samizdat");
    ds.setMaximumPoolSize(settings.database().poolSize());
    ds.setConnectionTimeout(5_000);
    if (url != null) {
      ds.setJdbcUrl(url);
      ds.setUsername(
          firstNonBlank(settings.database().user(), env.getProperty("spring.datasource.username")));
      ds.setPassword(
          firstNonBlank(
              settings.database().password(), env.getProperty("spring.datasource.password")));
      log.info(
          "Using the PostgreSQL server at {}", url.replaceAll("password=[^&]*", "password=***"));
    } else {
      EmbeddedPostgresServer server =
          holder.start(Path.of(settings.dataDir()), settings.database().embeddedDurable());
      ds.setJdbcUrl(server.appJdbcUrl());
      ds.setUsername(server.appUser());
      ds.setPassword(server.appPassword());
    }
    FailFastDataSource gate = new FailFastDataSource(ds);
    holder.pool(gate, ds);
    return gate;
  }

  @Bean
  EmbeddedDatabaseHolder embeddedDatabaseHolder() {
    return new EmbeddedDatabaseHolder();
  }

  /** Restarts the embedded server if it dies; does nothing with an external one. */
  @Bean
  SmartLifecycle embeddedPostgresSupervisor(EmbeddedDatabaseHolder holder) {
    return new SmartLifecycle() {
      private EmbeddedPostgresSupervisor supervisor;

      @Override
      public void start() {
        supervisor = holder.supervisor();
        if (supervisor != null) {
          supervisor.start();
        }
      }

      @Override
      public void stop() {
        if (supervisor != null) {
          supervisor.stop();
        }
      }

      @Override
      public boolean isRunning() {
        return supervisor != null && supervisor.isRunning();
      }

      @Override
      public int getPhase() {
        return Integer.MAX_VALUE;
      }
    };
  }

  private static String firstNonBlank(String a, String b) {
    if (StringUtils.hasText(a)) {
      return a;
    }
    return StringUtils.hasText(b) ? b : null;
  }

  /** Owns the embedded server so it stops after the pool that uses it has closed. */
  static final class EmbeddedDatabaseHolder implements AutoCloseable {
    private EmbeddedPostgresServer server;
    private FailFastDataSource gate;
    private DataSource pool;

    synchronized void pool(FailFastDataSource gate, DataSource pool) {
      this.gate = gate;
      this.pool = pool;
    }

    /** A supervisor for the embedded server, or null when the database is external. */
    synchronized EmbeddedPostgresSupervisor supervisor() {
      return server == null || gate == null
          ? null
          : new EmbeddedPostgresSupervisor(server, gate, pool);
    }

    synchronized EmbeddedPostgresServer start(Path dataDir, boolean durable) {
      if (server == null) {
        server = EmbeddedPostgresServer.start(dataDir, durable);
      }
      return server;
    }

    @Override
    public synchronized void close() {
      if (server != null) {
        server.close();
        server = null;
      }
    }
  }
}
