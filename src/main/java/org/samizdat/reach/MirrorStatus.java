package org.samizdat.reach;

import java.util.Locale;

/** What the last health check found at a mirror. */
public enum MirrorStatus {
  /** Not checked since it was added. */
  UNCHECKED,
  /** Answers, and serves the newest live article. */
  UP,
  /** Answers, but without the newest live article: its copy is behind. */
  STALE,
  /** Did not answer 200 in time. */
  DOWN;

  /** As written in {@code /mirrors.json}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
