package org.samizdat;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.core.ConditionTimeoutException;
import org.samizdat.platform.cache.ClusterInvalidation;

/**
 * Waits until a node has heard back every page-cache notice committed so far. A change drops this
 * node's pages at commit, and its notice (LISTEN/NOTIFY) comes back to the node moments later and
 * drops the same pages again; on a busy machine that can be after a test has read a page into the
 * cache, so the next read misses. A test that checks what is kept (a hit, a read that asks the
 * database nothing) after making a change calls this first.
 */
public final class CacheNotices {

  private static final Map<ClusterInvalidation, Set<String>> HEARD =
      java.util.Collections.synchronizedMap(new WeakHashMap<>());

  private CacheNotices() {}

  /**
   * Sends a notice of its own and returns once the node has heard it: PostgreSQL delivers notices
   * in commit order, so every earlier one has been handled by then.
   */
  public static void heardBack(ClusterInvalidation invalidation) {
    Set<String> heard =
        HEARD.computeIfAbsent(
            invalidation,
            i -> {
              Set<String> keys = ConcurrentHashMap.newKeySet();
              i.onEvict(keys::addAll);
              return keys;
            });
    // a surrogate key no page carries, so nothing is dropped by it
    String marker = "test-notice-" + UUID.randomUUID();
    // sent again now and then: the listener may still be connecting when the first one goes
    for (int attempt = 0; attempt < 30; attempt++) {
      invalidation.notifyNodes(List.of(marker));
      try {
        await()
            .atMost(Duration.ofSeconds(2))
            .pollInterval(Duration.ofMillis(5))
            .until(() -> heard.remove(marker));
        return;
      } catch (ConditionTimeoutException e) {
        // not heard yet: send it again
      }
    }
    throw new IllegalStateException("The page-cache listener heard no notice within a minute");
  }
}
