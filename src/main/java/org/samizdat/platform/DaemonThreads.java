package org.samizdat.platform;

import java.util.concurrent.ThreadFactory;

/**
 * Threads of our own, named for the log and thread dumps, and daemons so that none holds the JVM
 * open when the application stops.
 */
public final class DaemonThreads {

  private DaemonThreads() {}

  /** For an executor of one thread: each thread it makes has this name. */
  public static ThreadFactory named(String name) {
    return work -> {
      Thread t = new Thread(work, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** Starts {@code work} on a thread of its own. */
  public static Thread start(String name, Runnable work) {
    Thread t = named(name).newThread(work);
    t.start();
    return t;
  }
}
