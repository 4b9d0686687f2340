package org.samizdat.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.samizdat.IntegrationTest;
import org.samizdat.ShiftableClock;
import org.samizdat.platform.cache.ClusterInvalidation;
import org.samizdat.platform.cache.PageCache;
import org.samizdat.platform.i18n.Language;
import org.samizdat.publishing.MarkdownRenderer;
import org.samizdat.revenue.Funding;
import org.samizdat.revenue.GivingDetails;
import org.samizdat.revenue.PaymentProviders;
import org.samizdat.revenue.experiments.Experiments;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The banner and appeal are rebuilt every 20 s from the month's ledger. Readers of that moment must
 * not wait for the rebuild: under load, every page of the site stood still while one request summed
 * the ledger (63 requests waited on it at once in a thread dump, up to a second each).
 */
class SupportBlocksIT extends IntegrationTest {

  @Autowired Funding funding;
  @Autowired Experiments experiments;
  @Autowired PaymentProviders providers;
  @Autowired MarkdownRenderer markdown;
  @Autowired ClusterInvalidation invalidation;
  @Autowired PageCache pages;
  @Autowired GivingDetails giving;
  @Autowired DataSource dataSource;

  @Test
  void readersKeepTheBlockTheyHaveWhileOneRequestRebuildsIt() throws Exception {
    ShiftableClock clock = new ShiftableClock();
    SupportBlocks blocks =
        new SupportBlocks(
            funding, experiments, providers, markdown, clock, invalidation, pages, giving);
    SupportBlock first = blocks.forEdition(Language.EN);
    assertThat(blocks.forEdition(Language.EN)).isSameAs(first);

    clock.advance(Duration.ofSeconds(21));
    CompletableFuture<SupportBlock> rebuilt;
    // threads of their own (the common pool has one thread on two cores)
    List<Thread> started = new CopyOnWriteArrayList<>();
    ExecutorService readers =
        Executors.newCachedThreadPool(
            task -> {
              Thread t = new Thread(task);
              started.add(t);
              return t;
            });
    // the ledger is locked: the rebuild (which sums the month's ledger) waits until it is let go
    try (Connection lock = dataSource.getConnection()) {
      lock.setAutoCommit(false);
      try (Statement s = lock.createStatement()) {
        s.execute("LOCK TABLE ledger_entry IN ACCESS EXCLUSIVE MODE");
      }
      rebuilt = CompletableFuture.supplyAsync(() -> blocks.forEdition(Language.EN), readers);
      waitUntilRebuilding(started);
      assertThat(rebuilt).isNotDone();

      // another reader meanwhile: the block that was there, at once
      SupportBlock meanwhile =
          CompletableFuture.supplyAsync(() -> blocks.forEdition(Language.EN), readers)
              .get(5, TimeUnit.SECONDS);
      assertThat(meanwhile).isSameAs(first);
      lock.rollback();
    }
    SupportBlock fresh = rebuilt.get(10, TimeUnit.SECONDS);
    assertThat(fresh).isNotSameAs(first);
    assertThat(blocks.forEdition(Language.EN)).isSameAs(fresh);
    readers.shutdown();
  }

  /**
   * Until a reader is inside the rebuild (waiting there for the ledger, or for a connection while
   * other work of the app waits for the ledger too: the test itself asks the database nothing while
   * it holds the lock, so a full pool cannot stop it).
   */
  private static void waitUntilRebuilding(List<Thread> readers) throws InterruptedException {
    for (int i = 0; i < 400; i++) {
      for (Thread t : readers) {
        for (StackTraceElement frame : t.getStackTrace()) {
          if (frame.getClassName().equals(SupportBlocks.class.getName())
              && frame.getMethodName().equals("build")) {
            return;
          }
        }
      }
      Thread.sleep(25);
    }
    throw new AssertionError("no reader started rebuilding the block");
  }
}
