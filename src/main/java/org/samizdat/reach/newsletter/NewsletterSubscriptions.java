package org.samizdat.reach.newsletter;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.samizdat.platform.InputRejected;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.i18n.Language;
import org.samizdat.platform.i18n.Messages;
import org.samizdat.platform.mail.Mail;
import org.samizdat.reach.newsletter.SubscriberRepository.Pending;
import org.samizdat.reach.newsletter.SubscriberRepository.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Subscribing with double opt-in, confirming, unsubscribing. Whatever the address, asking to
 * subscribe answers the same, so the form never tells whether someone is on the list.
 */
@Service
class NewsletterSubscriptions {

  private static final Logger log = LoggerFactory.getLogger(NewsletterSubscriptions.class);

  private final SubscriberRepository subscribers;
  private final NewsletterMail mail;
  private final NewsletterTokens tokens;
  private final NewsletterSettings settings;
  private final Clock clock;
  private final ZoneId zone;

  NewsletterSubscriptions(
      SubscriberRepository subscribers,
      NewsletterMail mail,
      NewsletterTokens tokens,
      NewsletterSettings settings,
      Clock clock,
      PlatformSettings platform) {
    this.subscribers = subscribers;
    this.mail = mail;
    this.tokens = tokens;
    this.settings = settings;
    this.clock = clock;
    this.zone = platform.timeZone();
  }

  /** What a reader chose on the form, checked. */
  record Request(String email, Language edition, DigestFrequency frequency) {}

  /**
   * Checks the form and, unless the address had a confirmation e-mail within the last hour, sends
   * one (in the language of the page the reader used).
   *
   * @throws InputRejected naming the field to correct, in the page's language
   */
  @Transactional
  public void subscribe(String email, String edition, String frequency, Language pageLanguage) {
    Request request = check(email, edition, frequency, pageLanguage);
    Instant now = clock.instant();
    NewsletterTokens.Confirmation token = NewsletterTokens.newConfirmation();
    UUID newId = UUID.randomUUID();
    if (subscribers.insert(
        newId, request.email(), request.edition(), request.frequency(), token.hash(), now)) {
      mail.confirmation(
          request.email(),
          pageLanguage,
          request.edition(),
          request.frequency(),
          token.token(),
          newId);
      return;
    }
    Optional<Row> existing = subscribers.lockByEmail(request.email());
    if (existing.isEmpty()) {
      // deleted between the two statements (unsubscribed or expired just now): start afresh
      subscribers.insert(
          newId, request.email(), request.edition(), request.frequency(), token.hash(), now);
      mail.confirmation(
          request.email(),
          pageLanguage,
          request.edition(),
          request.frequency(),
          token.token(),
          newId);
      return;
    }
    Row row = existing.get();
    if (row.confirmationSentAt() != null
        && row.confirmationSentAt().plus(settings.resendAfter()).isAfter(now)) {
      log.debug(
          "Newsletter request for an address e-mailed at {}: no new confirmation yet",
          row.confirmationSentAt());
      return;
    }
    subscribers.requestAgain(
        row.id(), row.confirmed(), request.edition(), request.frequency(), token.hash(), now);
    // to the address as first given: a second request in other letter case is the same reader
    mail.confirmation(
        row.email(), pageLanguage, request.edition(), request.frequency(), token.token(), row.id());
  }

  Request check(String email, String edition, String frequency, Language pageLanguage) {
    Messages m = Messages.of(pageLanguage);
    Map<String, String> problems = new LinkedHashMap<>();
    String address = email == null ? "" : email.trim();
    if (!Mail.isAddress(address)) {
      problems.put("email", m.t("newsletter.error.email"));
    }
    Optional<Language> language =
        edition == null || edition.isBlank()
            ? Optional.of(pageLanguage)
            : Language.fromCode(edition);
    if (language.isEmpty()) {
      problems.put("language", m.t("newsletter.error.language"));
    }
    Optional<DigestFrequency> f = DigestFrequency.fromCode(frequency);
    if (f.isEmpty()) {
      problems.put("frequency", m.t("newsletter.error.frequency"));
    }
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    return new Request(address, language.get(), f.get());
  }

  /** What following a confirmation link would do, while the link is valid. */
  @Transactional(readOnly = true)
  public Optional<Pending> pending(String token) {
    return NewsletterTokens.confirmationHash(token)
        .flatMap(hash -> subscribers.pending(hash, oldestValidRequest()));
  }

  /** Confirms once; empty if the link is unknown, used or expired. */
  @Transactional
  public Optional<Pending> confirm(String token) {
    Optional<Pending> confirmed =
        NewsletterTokens.confirmationHash(token)
            .flatMap(hash -> subscribers.confirm(hash, oldestValidRequest(), clock.instant()));
    confirmed.ifPresent(
        p ->
            log.info(
                "A reader confirmed the {} {} newsletter",
                p.frequency().code(),
                p.language().code()));
    return confirmed;
  }

  enum Standing {
    SUBSCRIBED,
    GONE,
    NOT_OURS
  }

  /** Whether an unsubscribe link still has someone to unsubscribe. */
  @Transactional(readOnly = true)
  public Standing standing(String token) {
    return tokens
        .unsubscriber(token)
        .map(id -> subscribers.find(id).isPresent() ? Standing.SUBSCRIBED : Standing.GONE)
        .orElse(Standing.NOT_OURS);
  }

  /**
   * Deletes the subscriber a link was made for and counts one unsubscribe (nothing else is kept).
   * Following it again changes nothing: GONE.
   */
  @Transactional
  public Standing unsubscribe(String token) {
    Optional<UUID> id = tokens.unsubscriber(token);
    if (id.isEmpty()) {
      return Standing.NOT_OURS;
    }
    Optional<String> address = subscribers.delete(id.get());
    if (address.isEmpty()) {
      return Standing.GONE;
    }
    mail.withdraw(address.get());
    subscribers.countUnsubscribe(LocalDate.now(clock.withZone(zone)).withDayOfMonth(1));
    log.info("A reader unsubscribed from the newsletter; their address is deleted");
    return Standing.SUBSCRIBED;
  }

  /**
   * E-mails a subscriber (confirmed or not) the link to unsubscribe or change how often; the same
   * answer for an address we do not have, so the form tells no one who is on the list.
   */
  @Transactional
  public void sendLeaveLink(String email, Language pageLanguage) {
    Messages m = Messages.of(pageLanguage);
    String address = email == null ? "" : email.trim();
    if (!Mail.isAddress(address)) {
      throw new InputRejected("email", m.t("newsletter.error.email"));
    }
    subscribers
        .findByEmail(address)
        .ifPresent(row -> mail.leaveLink(row.email(), pageLanguage, row.id()));
  }

  /** Changes how often a subscriber gets the digest; false when the link has nobody any more. */
  @Transactional
  public Standing changeFrequency(String token, String frequency, Language pageLanguage) {
    Optional<UUID> id = tokens.unsubscriber(token);
    if (id.isEmpty()) {
      return Standing.NOT_OURS;
    }
    DigestFrequency f =
        DigestFrequency.fromCode(frequency)
            .orElseThrow(
                () ->
                    new InputRejected(
                        "frequency", Messages.of(pageLanguage).t("newsletter.error.frequency")));
    return subscribers.changeFrequency(id.get(), f) ? Standing.SUBSCRIBED : Standing.GONE;
  }

  /** The frequency a subscriber gets now, for the page behind their link. */
  @Transactional(readOnly = true)
  public Optional<DigestFrequency> frequencyOf(String token) {
    return tokens.unsubscriber(token).flatMap(subscribers::find).map(Row::frequency);
  }

  /** Deletes requests not confirmed within the confirmation lifetime; on any number of nodes. */
  @Transactional
  public int expire() {
    java.util.List<String> expired = subscribers.expire(oldestValidRequest());
    expired.forEach(mail::withdraw);
    int deleted = expired.size();
    if (deleted > 0) {
      log.info(
          "Deleted {} newsletter request(s) nobody confirmed within {}",
          deleted,
          settings.confirmationLifetime());
    }
    return deleted;
  }

  private Instant oldestValidRequest() {
    return clock.instant().minus(settings.confirmationLifetime());
  }
}
