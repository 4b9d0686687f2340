package org.samizdat.newsroom;

/**
 * What every newsroom page shows around its content: who is signed in, the CSRF token, a flash
 * message, for editors how many drafts wait for review, and for admins what still leaves them
 * exposed (no second factor required, backups not encrypted).
 */
public record StaffChrome(
    String siteName,
    String displayName,
    StaffRole role,
    String csrfParameter,
    String csrfToken,
    String flash,
    boolean secondFactorNotice,
    long reviewCount,
    boolean unencryptedBackupNotice) {

  public StaffChrome(
      String siteName,
      String displayName,
      StaffRole role,
      String csrfParameter,
      String csrfToken,
      String flash,
      boolean secondFactorNotice) {
    this(
        siteName, displayName, role, csrfParameter, csrfToken, flash, secondFactorNotice, 0, false);
  }

  /** False on the sign-in page: no navigation, nobody to sign out. */
  public boolean signedIn() {
    return role != null;
  }

  public boolean isAdmin() {
    return role == StaffRole.ADMIN;
  }

  public boolean canPublish() {
    return role != null && role.canPublish();
  }
}
