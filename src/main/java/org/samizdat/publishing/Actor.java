package org.samizdat.publishing;

/** Who makes a change, for revisions: a staff member's id and name. */
public record Actor(long staffId, String name) {
  public static final Actor SYSTEM = new Actor(0, "Scheduler");
}
