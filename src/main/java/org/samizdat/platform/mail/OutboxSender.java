package org.samizdat.platform.mail;

import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.mail.OutboxRepository.QueuedMail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.StringUtils;

/**
 * Delivers what the outbox holds, through the SMTP server of {@code spring.mail.*}, or, when no
 * server is configured, into {@code <data dir>/mail-outbox-dev/} as .eml files so a local run works
 * end to end without pretending to have sent anything.
 *
 * <p>Runs on every node. Each batch is claimed with {@code FOR UPDATE SKIP LOCKED} and stays locked
 * while its mails go out, so no two nodes send the same mail.
 *
 * <p>Delivery is at-least-once: a mail is marked sent in the batch's transaction only after the
 * SMTP server accepted it. If the node dies, or the database goes away, between that acceptance and
 * the commit, the rows fall back to unsent and go out again: a reader may get a receipt twice but
 * never zero times. Marking first and sending after would turn the same crash into lost mail, which
 * is worse. Batches are small to keep such duplicates few, and the Message-ID stays the same on
 * every attempt so mail clients can tell a copy for what it is.
 */
@Component
class OutboxSender {

  private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);

  static final int BATCH_SIZE = 10;

  /** After the n-th failure the mail waits the n-th delay; the last one repeats. */
  static final List<Duration> BACK_OFF =
      List.of(
          Duration.ofMinutes(1),
          Duration.ofMinutes(5),
          Duration.ofMinutes(30),
          Duration.ofHours(2),
          Duration.ofHours(6),
          Duration.ofHours(12),
          Duration.ofHours(24));

  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final OutboxRepository outbox;
  private final MailSettings settings;
  private final JavaMailSender smtp;
  private final Path devFolder;
  private final MessageComposer composer;
  private final SendRate rate;
  private final TransactionTemplate transaction;
  private final Clock clock;

  OutboxSender(
      OutboxRepository outbox,
      MailSettings settings,
      PlatformSettings platform,
      ObjectProvider<JavaMailSender> mailSender,
      Environment env,
      PlatformTransactionManager transactions,
      Clock clock) {
    this.outbox = outbox;
    this.settings = settings;
    // Spring Boot creates a sender even for an empty spring.mail.host, so the host decides.
    this.smtp =
        StringUtils.hasText(env.getProperty("spring.mail.host"))
            ? mailSender.getIfAvailable()
            : null;
    this.devFolder = Path.of(platform.dataDir(), "mail-outbox-dev").toAbsolutePath().normalize();
    this.composer = new MessageComposer(settings.from(), platform.name());
    this.rate = new SendRate(settings.ratePerMinute(), clock);
    this.transaction = new TransactionTemplate(transactions);
    this.clock = clock;
    if (smtp == null) {
      log.info(
          "No SMTP server is configured (set SAMIZDAT_SMTP_HOST): e-mails will be written to {} instead of sent",
          devFolder);
    }
  }

  @Scheduled(
      fixedDelayString = "${samizdat.mail.send-interval:5s}",
      initialDelayString = "${samizdat.mail.send-interval:5s}")
  void sendScheduled() {
    try {
      sendDue();
    } catch (RuntimeException e) {
      log.error(
          "Could not send queued e-mails (will try again in {}): {}",
          settings.sendInterval(),
          e.getMessage());
    }
  }

  /** Sends every due mail the rate allows now; returns how many were delivered. */
  int sendDue() {
    int delivered = 0;
    while (true) {
      int room = Math.min(BATCH_SIZE, rate.available());
      if (room <= 0) {
        // the rest waits for the next run; a newsletter drains at the configured rate
        return delivered;
      }
      Batch batch = transaction.execute(status -> sendBatch(room));
      delivered += batch.delivered();
      if (batch.claimed() < room || batch.serverUnavailable()) {
        return delivered;
      }
    }
  }

  private record Batch(int claimed, int delivered, boolean serverUnavailable) {}

  private Batch sendBatch(int limit) {
    List<QueuedMail> due = outbox.claimDue(clock.instant(), limit);
    int delivered = 0;
    for (QueuedMail queued : due) {
      Mail mail;
      try {
        mail = queued.toMail();
      } catch (IllegalArgumentException e) {
        giveUpInvalid(queued, e);
        continue;
      }
      rate.record();
      try {
        deliver(queued, mail);
      } catch (
          Exception e) { // deliberately broad: whatever breaks one mail must not hold up the others
        recordFailure(queued, mail, e);
        if (serverUnavailable(e)) {
          // the rest of the batch would fail the same way; leave it untouched for the next run
          return new Batch(due.size(), delivered, true);
        }
        continue;
      }
      outbox.markSent(queued.id(), clock.instant());
      delivered++;
    }
    return new Batch(due.size(), delivered, false);
  }

  private void deliver(QueuedMail queued, Mail mail) throws Exception {
    MimeMessage message = composer.compose(queued.id(), mail, queued.createdAt());
    if (smtp != null) {
      smtp.send(message);
      return;
    }
    Files.createDirectories(devFolder);
    Path file =
        devFolder.resolve(FILE_TIME.format(queued.createdAt()) + "-" + queued.id() + ".eml");
    try (OutputStream out = Files.newOutputStream(file)) {
      message.writeTo(out);
    }
    log.info(
        "Mail {} ({}) written to {} because no SMTP server is configured (set SAMIZDAT_SMTP_HOST)",
        queued.id(),
        queued.kind(),
        file);
  }

  /**
   * Logs and stores what went wrong, never to whom or about what: a log line or a failed row that
   * names a reader is personal data kept for no purpose.
   */
  private void recordFailure(QueuedMail queued, Mail mail, Exception e) {
    int attempts = queued.attempts() + 1;
    String error = withoutAddress(describe(e), mail.to());
    Instant now = clock.instant();
    if (attempts >= settings.maxAttempts()) {
      outbox.markFailed(queued.id(), attempts, now, error);
      log.error(
          "Gave up on mail {} ({}) after {} attempts and erased it. Last error: {}. Check the SMTP"
              + " settings (SAMIZDAT_SMTP_HOST, SAMIZDAT_SMTP_PORT, SAMIZDAT_SMTP_USERNAME,"
              + " SAMIZDAT_SMTP_PASSWORD) and that the server accepts mail from {}.",
          queued.id(),
          queued.kind(),
          attempts,
          error,
          settings.from());
    } else {
      Instant next = now.plus(backOff(attempts));
      outbox.markForRetry(queued.id(), attempts, next, error);
      log.warn(
          "Could not send mail {} ({}), attempt {} of {}: {}. Will try again at {}; if this keeps"
              + " happening, check the SMTP settings (SAMIZDAT_SMTP_HOST and the rest).",
          queued.id(),
          queued.kind(),
          attempts,
          settings.maxAttempts(),
          error,
          next);
    }
  }

  private void giveUpInvalid(QueuedMail queued, IllegalArgumentException e) {
    String error = withoutAddress(e.getMessage(), queued.recipient());
    outbox.markFailed(queued.id(), queued.attempts() + 1, clock.instant(), error);
    log.error(
        "Mail {} ({}) in the outbox can never be sent and was given up and erased: {}. It was not"
            + " stored through MailOutbox.enqueue, or before a stricter check.",
        queued.id(),
        queued.kind(),
        error);
  }

  /** An SMTP server's answer often quotes the recipient ("550 <x@y>: no such user"). */
  static String withoutAddress(String text, String address) {
    if (text == null || address == null || address.isBlank()) {
      return text;
    }
    return Pattern.compile(Pattern.quote(address.trim()), Pattern.CASE_INSENSITIVE)
        .matcher(text)
        .replaceAll("<recipient>");
  }

  /** How long to wait after the given number of failed attempts. */
  static Duration backOff(int failedAttempts) {
    return BACK_OFF.get(Math.min(Math.max(failedAttempts, 1), BACK_OFF.size()) - 1);
  }

  /**
   * The server could not be reached or would not let us in (a network error or failed login, rather
   * than one recipient refused): every other mail would fail the same way just now.
   */
  static boolean serverUnavailable(Exception e) {
    if (e instanceof MailAuthenticationException) {
      return true;
    }
    List<Throwable> failures = new ArrayList<>();
    failures.add(e);
    if (e instanceof MailSendException send) {
      failures.addAll(send.getFailedMessages().values());
    }
    for (Throwable failure : failures) {
      Throwable t = failure;
      for (int depth = 0; t != null && depth < 20; depth++, t = t.getCause()) {
        if (t instanceof IOException) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * One line (nested mail exceptions span several), with the root cause when the message lacks it.
   */
  private static String describe(Throwable e) {
    StringBuilder text =
        new StringBuilder(e.getClass().getSimpleName()).append(": ").append(e.getMessage());
    Throwable root = e;
    for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 20; depth++) {
      root = root.getCause();
    }
    if (root != e && root.getMessage() != null && !text.toString().contains(root.getMessage())) {
      text.append(" (")
          .append(root.getClass().getSimpleName())
          .append(": ")
          .append(root.getMessage())
          .append(')');
    }
    return text.toString().replaceAll("\\s*\\R\\s*", " ");
  }
}
