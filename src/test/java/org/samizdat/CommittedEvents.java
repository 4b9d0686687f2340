package org.samizdat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.samizdat.publishing.ArticlePublished;
import org.samizdat.publishing.ArticleUpdated;
import org.samizdat.publishing.ArticleWithdrawn;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Records the module events whose transaction committed, from any thread, so tests can count them.
 */
@Component
public class CommittedEvents {

  private final List<Object> events = new CopyOnWriteArrayList<>();

  @TransactionalEventListener
  void on(ArticlePublished event) {
    events.add(event);
  }

  @TransactionalEventListener
  void on(ArticleUpdated event) {
    events.add(event);
  }

  @TransactionalEventListener
  void on(ArticleWithdrawn event) {
    events.add(event);
  }

  public <T> List<T> of(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
