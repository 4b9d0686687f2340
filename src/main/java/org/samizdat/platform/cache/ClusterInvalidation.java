package org.samizdat.platform.cache;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.samizdat.platform.BackgroundLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Tells every app node which cached pages to drop, through PostgreSQL's LISTEN/NOTIFY: no extra
 * infrastructure, and a node that cannot listen (database away) drops everything once it
 * reconnects, since it may have missed notices meanwhile.
 */
@Component
public class ClusterInvalidation extends BackgroundLoop {

  static final String CHANNEL = "samizdat_page_cache";
  private static final Logger log = LoggerFactory.getLogger(ClusterInvalidation.class);

  private final DataSource dataSource;
  private final InvalidationNoticeRepository notices;
  private final PageCache cache;
  private final List<Consumer<Collection<String>>> dataCaches = new CopyOnWriteArrayList<>();

  ClusterInvalidation(
      DataSource dataSource, InvalidationNoticeRepository notices, PageCache cache) {
    super("page-cache-invalidation");
    this.dataSource = dataSource;
    this.notices = notices;
    this.cache = cache;
  }

  /**
   * Drops the pages with these surrogate keys here at once, and on every other node within moments.
   */
  public void evict(Collection<String> keys) {
    if (keys.isEmpty()) {
      return;
    }
    dropLocally(keys);
    notifyNodes(keys);
  }

  /**
   * Also tells a cache of data (not pages) which surrogate keys changed, whenever this node drops
   * pages: after a local commit, on a notice from another node, and with {@code "*"} after the
   * listener reconnects (notices may have been missed). A data cache that drops what these keys
   * name is then exactly as fresh as the page cache, on every node.
   */
  public void onEvict(Consumer<Collection<String>> dataCache) {
    dataCaches.add(dataCache);
  }

  private void dropLocally(Collection<String> keys) {
    for (Consumer<Collection<String>> dataCache : dataCaches) {
      dataCache.accept(keys);
    }
    cache.evictLocally(keys);
  }

  /**
   * Drops these pages everywhere once the current transaction commits: the notice travels in the
   * transaction (so a rollback sends nothing), and this node drops its copies right after the
   * commit, before the request that made the change returns.
   */
  public void evictOnCommit(Collection<String> keys) {
    if (!org.springframework.transaction.support.TransactionSynchronizationManager
        .isSynchronizationActive()) {
      evict(keys);
      return;
    }
    notifyNodes(keys);
    List<String> copy = List.copyOf(keys);
    org.springframework.transaction.support.TransactionSynchronizationManager
        .registerSynchronization(
            new org.springframework.transaction.support.TransactionSynchronization() {
              @Override
              public void afterCommit() {
                dropLocally(copy);
              }
            });
  }

  /**
   * Tells every node to drop these pages. Called inside a transaction, the notice is sent only if
   * that transaction commits (PostgreSQL delivers NOTIFY on commit), so no node drops a page for a
   * change that was rolled back, and none misses one that was made.
   */
  public void notifyNodes(Collection<String> keys) {
    String payload = String.join(" ", keys);
    // NOTIFY payloads are limited to 8000 bytes; a longer list means "drop everything".
    notices.send(CHANNEL, payload.length() > 7000 ? "*" : payload);
  }

  /** Listens for other nodes' notices; reconnects (and drops everything) when it lost them. */
  @Override
  protected void loop() {
    boolean first = true;
    boolean lost = false;
    while (isRunning()) {
      try (Connection connection = dataSource.getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("LISTEN " + CHANNEL);
        PGConnection pg = connection.unwrap(PGConnection.class);
        lost = false;
        if (!first) {
          dropLocally(List.of("*"));
          log.info(
              "Listening for page-cache invalidations again; dropped all cached pages in case some were missed");
        }
        first = false;
        while (isRunning()) {
          PGNotification[] notes = pg.getNotifications(10_000);
          if (notes == null) {
            continue;
          }
          for (PGNotification note : notes) {
            dropLocally(Arrays.asList(note.getParameter().split(" ")));
          }
        }
      } catch (Exception e) {
        if (!isRunning()) {
          return;
        }
        if (first || !lost) {
          log.warn(
              "Page-cache invalidation listener lost its database connection ({}); retrying every"
                  + " 2 s",
              e.getMessage());
        }
        first = false;
        lost = true;
        try {
          Thread.sleep(2_000);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
