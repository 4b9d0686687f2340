package org.samizdat.newsroom;

/**
 * ADMIN manages staff and everything else; EDITOR publishes anyone's work; AUTHOR writes own
 * drafts.
 */
public enum StaffRole {
  ADMIN,
  EDITOR,
  AUTHOR;

  public boolean canPublish() {
    return this != AUTHOR;
  }
}
