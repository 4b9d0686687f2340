package org.samizdat.platform.i18n;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Copies of one formatter that is not safe for two callers at once (ICU's {@code MessageFormat},
 * the JDK's {@code NumberFormat}), each lent to one caller at a time. A single copy behind a lock
 * made every page wait in line for it: under load, with virtual threads, 40 to 60 requests at once
 * queued on one banner message while its holder's carrier was descheduled, and pages took up to a
 * second. Copies are made when all are lent (about as many as there are cores) and kept for the
 * next caller.
 */
public final class Formatters<F> {

  private static final int KEPT = 32;

  private final Supplier<F> make;
  private final ConcurrentLinkedQueue<F> idle = new ConcurrentLinkedQueue<>();
  private final AtomicInteger idleCount = new AtomicInteger();

  public Formatters(Supplier<F> make) {
    this.make = make;
  }

  /** Lends a copy to {@code use} and takes it back. */
  public <R> R with(Function<F, R> use) {
    F formatter = idle.poll();
    if (formatter == null) {
      formatter = make.get();
    } else {
      idleCount.decrementAndGet();
    }
    // if the use throws, the copy is not given back: failing half-way, it may hold state
    R result = use.apply(formatter);
    if (idleCount.incrementAndGet() <= KEPT) {
      idle.offer(formatter);
    } else {
      idleCount.decrementAndGet();
    }
    return result;
  }
}
