package org.samizdat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/** Records every event whose transaction committed, from any thread, so tests can count them. */
@Component
public class CommittedEvents {

  private final List<Object> events = new CopyOnWriteArrayList<>();

  @TransactionalEventListener
  void on(Object event) {
    if (event.getClass().getPackageName().startsWith("org.samizdat")) {
      events.add(event);
    }
  }

  public <T> List<T> of(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
