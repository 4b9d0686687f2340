package org.samizdat.platform;

import org.springframework.context.SmartLifecycle;

/**
 * A loop on a daemon thread of its own for as long as the application runs: started with the
 * context; when the context stops, {@link #isRunning()} turns false and the thread is interrupted,
 * so a loop that waits wakes up and ends.
 */
public abstract class BackgroundLoop implements SmartLifecycle {

  private final String threadName;
  private volatile boolean running;
  private Thread thread;

  protected BackgroundLoop(String threadName) {
    this.threadName = threadName;
  }

  /** Goes on while {@link #isRunning()}; an interrupt means the application is stopping. */
  protected abstract void loop();

  @Override
  public void start() {
    running = true;
    thread = DaemonThreads.start(threadName, this::loop);
  }

  @Override
  public void stop() {
    running = false;
    if (thread != null) {
      thread.interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
