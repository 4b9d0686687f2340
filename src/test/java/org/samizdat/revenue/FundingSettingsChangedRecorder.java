package org.samizdat.revenue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Records each {@link FundingSettingsChanged} whose transaction committed, from any thread, for
 * tests to count.
 */
@Component
public class FundingSettingsChangedRecorder {

  private final List<FundingSettingsChanged> events = new CopyOnWriteArrayList<>();

  @TransactionalEventListener
  void on(FundingSettingsChanged event) {
    events.add(event);
  }

  public List<FundingSettingsChanged> events() {
    return List.copyOf(events);
  }
}
