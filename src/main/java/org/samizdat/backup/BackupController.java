package org.samizdat.backup;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A backup written by the running app, for admins: the embedded database belongs to the app while
 * it runs, so this is how to back it up without stopping the site. The archive goes to {@code
 * <dataDir>/backups/}; copy it somewhere else, since a backup on the same disk is lost with it.
 */
@RestController
class BackupController {

  private static final Logger log = LoggerFactory.getLogger(BackupController.class);

  private final DataSource dataSource;
  private final Path dataDir;
  private final String source;
  private final Clock clock;
  private final ReentrantLock writing = new ReentrantLock();

  private final AuditLog audit;
  private final Path publicKey;

  BackupController(
      DataSource dataSource,
      PlatformSettings settings,
      Clock clock,
      AuditLog audit,
      BackupKey key) {
    this.audit = audit;
    this.publicKey = key.file();
    this.dataSource = dataSource;
    this.dataDir = Path.of(settings.dataDir()).toAbsolutePath().normalize();
    String url = settings.database().url();
    this.source =
        url == null || url.isBlank()
            ? "the embedded database in " + dataDir.resolve("postgres")
            : "the PostgreSQL server at " + url.replaceAll("password=[^&]*", "password=***");
    this.clock = clock;
  }

  @PostMapping(value = "/newsroom/backup", produces = MediaType.TEXT_PLAIN_VALUE + ";charset=UTF-8")
  ResponseEntity<String> backup(Authentication user) throws Exception {
    if (user == null
        || user.getAuthorities().stream().noneMatch(a -> "ROLE_ADMIN".equals(a.getAuthority()))) {
      return ResponseEntity.status(HttpStatus.FORBIDDEN).body("Only an admin can make a backup.\n");
    }
    if (!writing.tryLock()) {
      return ResponseEntity.status(HttpStatus.CONFLICT)
          .body("A backup is being written right now; try again when it is done.\n");
    }
    try (Connection c = dataSource.getConnection()) {
      Path out =
          dataDir
              .resolve("backups")
              .resolve(Backups.defaultFileName(clock) + (publicKey == null ? "" : ".pgp"));
      log.info("Backup requested by {}: writing {}", user.getName(), out);
      Backups.Result result =
          Backups.create(c, dataDir, out, false, source, publicKey, line -> log.debug("{}", line));
      if (result.encrypted()) {
        log.info("{}", result.summary());
      } else {
        log.warn("{}", result.summary());
      }
      audit.record("backup", out.getFileName().toString());
      return ResponseEntity.ok(result.summary() + "\n");
    } catch (BackupRefused e) {
      return ResponseEntity.status(HttpStatus.CONFLICT).body(e.getMessage() + "\n");
    } finally {
      writing.unlock();
    }
  }
}
