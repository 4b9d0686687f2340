package org.samizdat.revenue;

/** A "manage my support" session that is unknown or over: the reader asks for a new link. */
public class SupporterSessionExpired extends RuntimeException {
  public SupporterSessionExpired() {
    super("This page has expired. Ask for a new link on the Manage my support page.");
  }
}
