package org.samizdat.reach.newsletter;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.i18n.Language;
import org.samizdat.publishing.Page;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The newsletter as the newsroom sees it: subscribers, numbers, issues sent, and "send now". */
@Service
public class NewsletterAdmin {

  private static final Logger log = LoggerFactory.getLogger(NewsletterAdmin.class);
  public static final int PAGE_SIZE = 50;

  private final SubscriberRepository subscribers;
  private final IssueRepository issues;
  private final Digests digests;
  private final NewsletterMail mail;
  private final Clock clock;
  private final ZoneId zone;

  NewsletterAdmin(
      SubscriberRepository subscribers,
      IssueRepository issues,
      Digests digests,
      NewsletterMail mail,
      Clock clock,
      PlatformSettings platform) {
    this.subscribers = subscribers;
    this.mail = mail;
    this.issues = issues;
    this.digests = digests;
    this.clock = clock;
    this.zone = platform.timeZone();
  }

  /**
   * One subscriber; {@code since} is when they confirmed, or when they asked if they have not yet.
   */
  public record Subscriber(
      UUID id,
      String email,
      Language language,
      DigestFrequency frequency,
      boolean confirmed,
      Instant since) {}

  /** Confirmed subscribers of one edition. */
  public record EditionCount(DigestFrequency frequency, Language language, long confirmed) {}

  /** The numbers at the top of the screen; unsubscribes are only ever counted. */
  public record Counts(
      long confirmed,
      long unconfirmed,
      List<EditionCount> editions,
      long unsubscribedThisMonth,
      long unsubscribedTotal) {}

  public record SentIssue(
      DigestFrequency frequency,
      Language language,
      LocalDate period,
      int articles,
      int recipients,
      Instant sentAt,
      String sentBy) {}

  /** Subscribers whose address contains {@code query} (any letter case), newest first. */
  @Transactional(readOnly = true)
  public Page<Subscriber> subscribers(String query, int page) {
    return subscribers.page(query, page, PAGE_SIZE);
  }

  /** Every subscriber matching {@code query}, oldest first, streamed from the database. */
  @Transactional(readOnly = true)
  public void exportSubscribers(String query, Consumer<Subscriber> each) {
    subscribers.export(query, each);
  }

  @Transactional(readOnly = true)
  public Counts counts() {
    long confirmed = 0;
    long unconfirmed = 0;
    List<EditionCount> editions = new ArrayList<>();
    List<SubscriberRepository.Count> rows = subscribers.counts();
    for (DigestFrequency f : DigestFrequency.values()) {
      for (Language l : Language.values()) {
        long n =
            rows.stream()
                .filter(
                    r ->
                        r.confirmed()
                            && r.frequency().equals(f.name())
                            && r.language().equals(l.code()))
                .mapToLong(SubscriberRepository.Count::count)
                .sum();
        editions.add(new EditionCount(f, l, n));
      }
    }
    for (SubscriberRepository.Count r : rows) {
      if (r.confirmed()) {
        confirmed += r.count();
      } else {
        unconfirmed += r.count();
      }
    }
    LocalDate month = LocalDate.now(clock.withZone(zone)).withDayOfMonth(1);
    return new Counts(
        confirmed,
        unconfirmed,
        editions,
        subscribers.unsubscribedSince(month),
        subscribers.unsubscribedSince(LocalDate.of(1970, 1, 1)));
  }

  @Transactional(readOnly = true)
  public List<SentIssue> recentIssues(int limit) {
    return issues.recent(limit);
  }

  /**
   * Removes a subscriber at the newsroom's hand (not counted as an unsubscribe); false if there was
   * none.
   */
  @Transactional
  public boolean remove(UUID id, String by) {
    Optional<String> address = subscribers.delete(id);
    address.ifPresent(mail::withdraw);
    boolean removed = address.isPresent();
    if (removed) {
      log.info("{} removed a newsletter subscriber", by);
    }
    return removed;
  }

  /**
   * Sends today's daily digest in every language now, instead of at its time; each at most once a
   * day.
   */
  public List<DigestRun> sendTodaysDigestNow(String by) {
    List<DigestRun> runs = new ArrayList<>();
    for (Language language : Language.values()) {
      runs.add(digests.sendNow(DigestFrequency.DAILY, language, by));
    }
    return runs;
  }
}
