package org.samizdat.revenue;

import java.time.Instant;
import java.util.List;
import org.samizdat.platform.Money;

/** Everything given with one e-mail address, for the reader's own "manage my support" page. */
public record SupporterGiving(
    String email,
    List<Gift> gifts,
    List<Recurring> recurring,
    List<CryptoReminder> cryptoReminders) {

  /** A monthly e-mail with a fresh crypto invoice, asked for with this address. */
  public record CryptoReminder(java.util.UUID id, Money amount, java.time.LocalDate nextOn) {}

  public record Gift(Instant date, String kind, Frequency frequency, Money amount) {}

  public record Recurring(
      long id,
      Frequency frequency,
      Money amount,
      String status,
      Instant startedAt,
      Instant cancelledAt) {
    public boolean active() {
      return !"CANCELLED".equals(status);
    }
  }
}
