package org.samizdat.backup;

/**
 * A backup or restore that was refused for safety before anything was changed: a damaged archive, a
 * backup from a newer version of the schema, a data directory that already has content. The message
 * says what to do; the command exits with {@link #EXIT_CODE}.
 */
public class BackupRefused extends RuntimeException {

  /** The exit code of a command refused for safety (1 is any other failure, 2 bad usage). */
  public static final int EXIT_CODE = 3;

  public BackupRefused(String message) {
    super(message);
  }

  public BackupRefused(String message, Throwable cause) {
    super(message, cause);
  }

  /** The archive is not a whole, unchanged Samizdat backup. */
  public static final class Damaged extends BackupRefused {
    Damaged(String message) {
      super(message);
    }

    Damaged(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
