package org.samizdat.backup;

import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The OpenPGP public key backups are encrypted to ({@code SAMIZDAT_BACKUP_PUBLIC_KEY}), if one is
 * configured. Without one, backups are still written, in the clear, and admins are told so.
 */
@Component
public class BackupKey {

  private final Path file;

  BackupKey(@Value("${samizdat.backup.public-key:}") String publicKey) {
    this.file = publicKey.isBlank() ? null : Path.of(publicKey.strip()).toAbsolutePath();
  }

  /** Whether backups are encrypted: false means whoever copies a backup can read all of it. */
  public boolean configured() {
    return file != null;
  }

  /** The key file, or null when none is configured. */
  Path file() {
    return file;
  }
}
