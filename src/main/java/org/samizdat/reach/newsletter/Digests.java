package org.samizdat.reach.newsletter;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.i18n.Language;
import org.samizdat.publishing.Article;
import org.samizdat.publishing.ArticleSummary;
import org.samizdat.publishing.Articles;
import org.samizdat.publishing.LiveUpdates;
import org.samizdat.publishing.Page;
import org.samizdat.reach.newsletter.DigestRun.Outcome;
import org.samizdat.reach.newsletter.IssueRepository.Claim;
import org.samizdat.reach.newsletter.SubscriberRepository.Recipient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Builds and queues the issues. Each run for a frequency and language claims that edition's row
 * ({@code FOR UPDATE SKIP LOCKED}), checks whether its period (today, or this week) was already
 * handled, and in the same transaction records the issue, the articles it covered and one outbox
 * mail per confirmed subscriber. So an issue goes out once however many nodes run the job at the
 * same moment, and a crash half-way sends nothing and leaves it for the next run. The outbox then
 * sends at its configured rate.
 */
@Component
class Digests {

  private static final Logger log = LoggerFactory.getLogger(Digests.class);

  /**
   * How far before the last issue's end to look again for articles it could not see: one whose
   * publication committed a moment after its publication time (a scheduled article, published by a
   * poll). What an earlier issue covered is left out, so nothing is sent twice.
   */
  static final Duration LOOK_BACK = Duration.ofHours(1);

  static final String SCHEDULE = "schedule";
  private static final int PAGE = 100;

  /** A live page's newest updates in a digest; the rest are a click away. */
  static final int LIVE_UPDATES_PER_STORY = 3;

  private final Articles articles;
  private final LiveUpdates live;
  private final IssueRepository issues;
  private final SubscriberRepository subscribers;
  private final NewsletterMail mail;
  private final NewsletterSettings settings;
  private final TransactionTemplate transaction;
  private final Clock clock;
  private final ZoneId zone;

  Digests(
      Articles articles,
      IssueRepository issues,
      SubscriberRepository subscribers,
      NewsletterMail mail,
      NewsletterSettings settings,
      PlatformTransactionManager transactions,
      Clock clock,
      PlatformSettings platform,
      LiveUpdates live) {
    this.articles = articles;
    this.live = live;
    this.issues = issues;
    this.subscribers = subscribers;
    this.mail = mail;
    this.settings = settings;
    this.transaction = new TransactionTemplate(transactions);
    this.clock = clock;
    this.zone = platform.timeZone();
  }

  /**
   * The scheduled path: sends this period's issue if its time has come and it was not handled yet.
   */
  DigestRun sendIfDue(DigestFrequency frequency, Language language) {
    return run(frequency, language, false, SCHEDULE);
  }

  /** "Send now": this period's issue at once, whatever the time, unless it was already sent. */
  DigestRun sendNow(DigestFrequency frequency, Language language, String by) {
    return run(frequency, language, true, by);
  }

  private DigestRun run(DigestFrequency frequency, Language language, boolean now, String by) {
    issues.ensureEdition(frequency, language);
    return transaction.execute(status -> send(frequency, language, now, by));
  }

  private DigestRun send(DigestFrequency frequency, Language language, boolean manual, String by) {
    Optional<Claim> claim = issues.claim(frequency, language);
    if (claim.isEmpty()) {
      return new DigestRun(frequency, language, Outcome.BUSY, 0, 0);
    }
    Instant now = clock.instant();
    LocalDate period = period(frequency, now, zone, settings.weeklyOn());
    if (!manual) {
      if (now.isBefore(dueAt(period, settings.sendTime(), zone))) {
        return new DigestRun(frequency, language, Outcome.NOT_DUE, 0, 0);
      }
      LocalDate last = claim.get().lastPeriod();
      if (last != null && !last.isBefore(period)) {
        return new DigestRun(frequency, language, Outcome.ALREADY_SENT, 0, 0);
      }
    }
    if (issues.exists(frequency, language, period)) {
      issues.markHandled(frequency, language, period);
      return new DigestRun(frequency, language, Outcome.ALREADY_SENT, 0, 0);
    }
    Instant from =
        issues
            .lastCoveredUntil(frequency, language)
            .orElse(
                now.minus(
                    frequency == DigestFrequency.DAILY ? Duration.ofDays(1) : Duration.ofDays(7)));
    List<ArticleSummary> fresh = fresh(frequency, language, from, now);
    List<Issue.LiveStory> liveStories = liveStories(language, from, now);
    if (fresh.isEmpty() && liveStories.isEmpty()) {
      if (!manual) {
        // nothing new at the set time: today is done; what comes later goes into the next issue
        issues.markHandled(frequency, language, period);
      }
      return new DigestRun(frequency, language, Outcome.NOTHING_NEW, 0, 0);
    }
    issues.markHandled(frequency, language, period);
    long issueId =
        issues.insert(
            new IssueRepository.NewIssue(
                frequency, language, period, from, now, fresh.size(), now, by));
    issues.addArticles(issueId, fresh.stream().map(ArticleSummary::id).toList());
    int listed = Math.min(fresh.size(), settings.maxArticles());
    Issue issue =
        new Issue(
            frequency,
            language,
            period,
            fresh.subList(0, listed),
            fresh.size() - listed,
            liveStories);
    List<Recipient> recipients = subscribers.recipients(frequency, language);
    for (Recipient recipient : recipients) {
      mail.sendDigest(issue, recipient);
    }
    issues.setRecipients(issueId, recipients.size());
    log.info(
        "Queued the {} {} newsletter for {} ({} article(s)) to {} subscriber(s); sent by {}. The outbox delivers"
            + " it at samizdat.mail.rate-per-minute per node.",
        frequency.code(),
        language.code(),
        period,
        fresh.size(),
        recipients.size(),
        by);
    return new DigestRun(frequency, language, Outcome.SENT, fresh.size(), recipients.size());
  }

  /**
   * The day an issue is for, in the newsroom's zone: today, or the most recent weekly day (the
   * first day of its week).
   */
  static LocalDate period(DigestFrequency frequency, Instant now, ZoneId zone, DayOfWeek weeklyOn) {
    LocalDate today = ZonedDateTime.ofInstant(now, zone).toLocalDate();
    return frequency == DigestFrequency.DAILY
        ? today
        : today.with(TemporalAdjusters.previousOrSame(weeklyOn));
  }

  /**
   * When the issue for a period may go out: its day at the set time in the newsroom's zone (later
   * the same period catches up).
   */
  static Instant dueAt(LocalDate period, LocalTime sendAt, ZoneId zone) {
    return period.atTime(sendAt).atZone(zone).toInstant();
  }

  /** Live pages with updates since the last issue, each with its newest few. */
  private List<Issue.LiveStory> liveStories(Language language, Instant from, Instant until) {
    List<Issue.LiveStory> stories = new ArrayList<>();
    for (long id : live.updatedBetween(language, from, until)) {
      articles
          .find(id)
          .filter(Article::isLive)
          .ifPresent(
              a ->
                  stories.add(
                      new Issue.LiveStory(
                          a.id(),
                          a.headline(),
                          a.standfirst(),
                          a.path(zone),
                          live.updates(id, 0, LIVE_UPDATES_PER_STORY))));
      if (stories.size() == settings.maxArticles()) {
        break;
      }
    }
    return stories;
  }

  /**
   * Live articles published after {@code from} (looking back a little), up to now, not covered by
   * an earlier issue.
   */
  private List<ArticleSummary> fresh(
      DigestFrequency frequency, Language language, Instant from, Instant until) {
    Instant after = from.minus(LOOK_BACK);
    Set<Long> covered = issues.coveredSince(frequency, language, after);
    List<ArticleSummary> found = new ArrayList<>();
    for (int page = 1; ; page++) {
      Page<ArticleSummary> live = articles.live(language, null, null, null, page, PAGE);
      for (ArticleSummary a : live.items()) {
        if (a.publishedAt() == null || a.publishedAt().isAfter(until)) {
          continue;
        }
        if (!a.publishedAt().isAfter(after)) {
          return found;
        }
        if (!covered.contains(a.id())) {
          found.add(a);
        }
      }
      if (!live.hasNext()) {
        return found;
      }
    }
  }
}
