package org.samizdat.platform.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.samizdat.IntegrationTest;
import org.samizdat.MutableClock;
import org.samizdat.OwnDataDirectory;
import org.samizdat.platform.PlatformSettings;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox against a real SMTP server (GreenMail). Its extra properties give this class a
 * context, and so an embedded PostgreSQL, of its own. The scheduler is kept out of the way and the
 * test calls the sender itself, with a clock it moves by hand.
 */
@ExtendWith(OutputCaptureExtension.class)
@ContextConfiguration(initializers = OwnDataDirectory.class)
class MailOutboxIT extends IntegrationTest {

  static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

  @RegisterExtension
  static final GreenMailExtension SMTP =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

  @DynamicPropertySource
  static void mail(DynamicPropertyRegistry registry) {
    registry.add("spring.mail.host", () -> "127.0.0.1");
    registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
    registry.add("samizdat.mail.from", () -> "desk@courier.test");
    // only the test runs the sender, so a scheduled run never races it
    registry.add("samizdat.mail.send-interval", () -> "1h");
    // the hand-moved clock barely moves, so the default rate would run out; SendRateTests covers
    // the limit
    registry.add("samizdat.mail.rate-per-minute", () -> "10000");
  }

  @TestConfiguration(proxyBeanMethods = false)
  static class HandMovedClock {
    @Bean
    @Primary
    MutableClock mailTestClock() {
      return CLOCK;
    }
  }

  /**
   * Two apps on one data directory refuse to start by design, and IntegrationTest's directory
   * belongs to the shared context. Added after the dynamic properties, so it wins over them.
   */
  @Autowired MailOutbox outbox;

  @Autowired OutboxSender sender;
  @Autowired JavaMailSenderImpl smtpClient;
  @Autowired PlatformSettings platform;
  @Autowired JdbcClient jdbc;
  @Autowired PlatformTransactionManager transactions;

  @Test
  void thisContextHasADataDirectoryOfItsOwn() {
    assertThat(platform.dataDir()).contains("it-own-data-");
  }

  @Test
  void aMailQueuedInACommittedTransactionIsDeliveredOnceWithItsHtmlAndHeaders() throws Exception {
    String to = unique("committed");
    UUID id =
        new TransactionTemplate(transactions)
            .execute(
                status ->
                    outbox.enqueue(
                        new Mail(
                            to,
                            "Спасибо за поддержку «Курьера»",
                            "Ваш вклад — 500 ₽. Спасибо!",
                            "<p>Ваш вклад — <b>500 ₽</b>. Спасибо!</p>",
                            Map.of(
                                "List-Unsubscribe",
                                "<https://courier.test/unsubscribe/abc>",
                                "X-Samizdat-Kind",
                                "receipt"))));

    assertThat(sender.sendDue()).isEqualTo(1);
    assertThat(sender.sendDue()).as("a second run finds nothing left to send").isZero();

    await().atMost(Duration.ofSeconds(5)).until(() -> !receivedBy(to).isEmpty());
    List<MimeMessage> received = receivedBy(to);
    assertThat(received).hasSize(1);
    MimeMessage mail = received.get(0);
    assertThat(mail.getSubject()).isEqualTo("Спасибо за поддержку «Курьера»");
    InternetAddress from = (InternetAddress) mail.getFrom()[0];
    assertThat(from.getAddress()).isEqualTo("desk@courier.test");
    assertThat(from.getPersonal()).isEqualTo(platform.name());
    assertThat(mail.getHeader("List-Unsubscribe", null))
        .isEqualTo("<https://courier.test/unsubscribe/abc>");
    assertThat(mail.getHeader("X-Samizdat-Kind", null)).isEqualTo("receipt");
    assertThat(mail.getMessageID()).isEqualTo("<" + id + "@courier.test>");
    assertThat(mail.getContentType()).startsWith("multipart/alternative");
    MimeMultipart parts = (MimeMultipart) mail.getContent();
    assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
    assertThat(parts.getBodyPart(0).getContent()).isEqualTo("Ваш вклад — 500 ₽. Спасибо!");
    assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
    assertThat(parts.getBodyPart(1).getContent())
        .isEqualTo("<p>Ваш вклад — <b>500 ₽</b>. Спасибо!</p>");

    Row row = row(id);
    assertThat(row.sentAt()).isEqualTo(CLOCK.instant());
    assertThat(row.attempts()).isZero();
    assertThat(erased(id)).as("a sent mail keeps its id, kind and times, nothing else").isTrue();
  }

  @Test
  void transactionalMailGoesAheadOfDigestsQueuedBeforeIt() throws Exception {
    List<String> readers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      readers.add(unique("digest-" + i));
      outbox.enqueueBulk(
          "newsletter-digest", new Mail(readers.get(i), "Digest", "News", null, null));
    }
    CLOCK.advance(Duration.ofSeconds(1));
    String payer = unique("payer");
    UUID receipt = outbox.enqueue("receipt", new Mail(payer, "Receipt", "Thank you", null, null));

    sender.sendDue();

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> readers.stream().allMatch(r -> !receivedBy(r).isEmpty()));
    List<String> order =
        Arrays.stream(SMTP.getReceivedMessages())
            .map(MailOutboxIT::firstRecipient)
            .filter(to -> to.equals(payer) || readers.contains(to))
            .toList();
    assertThat(order).first().isEqualTo(payer);
    assertThat(
            jdbc.sql("SELECT kind FROM mail_outbox WHERE id = :id")
                .param("id", receipt)
                .query(String.class)
                .single())
        .isEqualTo("receipt");
  }

  @Test
  void withdrawingAnAddressDeletesOnlyItsQueuedMailsOfThoseKinds() {
    String reader = unique("withdrawn");
    UUID digest =
        outbox.enqueueBulk("newsletter-digest", new Mail(reader, "Digest", "News", null, null));
    UUID receipt = outbox.enqueue("receipt", new Mail(reader, "Receipt", "Thanks", null, null));

    assertThat(
            outbox.withdraw(
                reader.toUpperCase(java.util.Locale.ROOT), List.of("newsletter-digest")))
        .isEqualTo(1);

    assertThat(
            jdbc.sql("SELECT count(*) FROM mail_outbox WHERE id = :id")
                .param("id", digest)
                .query(Long.class)
                .single())
        .isZero();
    assertThat(
            jdbc.sql("SELECT count(*) FROM mail_outbox WHERE id = :id")
                .param("id", receipt)
                .query(Long.class)
                .single())
        .isOne();
  }

  @Test
  void aMailKindMustBeAShortName() {
    Mail mail = new Mail(unique("kind"), "Hi", "Text", null, null);
    assertThatThrownBy(() -> outbox.enqueue("Receipt to anna@example.org", mail))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("short name");
  }

  @Test
  void aMailQueuedInATransactionThatRollsBackIsNeverSent() {
    String to = unique("rolled-back");
    assertThatThrownBy(
            () ->
                new TransactionTemplate(transactions)
                    .executeWithoutResult(
                        status -> {
                          outbox.enqueue(new Mail(to, "Receipt", "Thank you", null, null));
                          throw new IllegalStateException("the contribution could not be recorded");
                        }))
        .hasMessage("the contribution could not be recorded");

    sender.sendDue();

    assertThat(
            jdbc.sql("SELECT count(*) FROM mail_outbox WHERE recipient = :to")
                .param("to", to)
                .query(Long.class)
                .single())
        .isZero();
    assertThat(receivedBy(to)).isEmpty();
  }

  @Test
  void sendersRunningAtTheSameTimeNeverDeliverAMailTwice() throws Exception {
    List<String> recipients = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      recipients.add(unique("concurrent-" + i));
      outbox.enqueue(new Mail(recipients.get(i), "Newsletter", "Issue " + i, null, null));
    }

    // three threads stand in for three app nodes: each claims in its own transaction
    ExecutorService nodes = Executors.newFixedThreadPool(3);
    try {
      List<Future<Integer>> runs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        runs.add(nodes.submit(sender::sendDue));
      }
      int delivered = 0;
      for (Future<Integer> run : runs) {
        delivered += run.get(30, TimeUnit.SECONDS);
      }
      assertThat(delivered).isEqualTo(40);
    } finally {
      nodes.shutdownNow();
    }

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> recipients.stream().allMatch(to -> !receivedBy(to).isEmpty()));
    assertThat(recipients).allSatisfy(to -> assertThat(receivedBy(to)).hasSize(1));
  }

  @Test
  void whileTheSmtpServerIsDownAMailWaitsAndIsDeliveredOnceItIsBack() {
    String to = unique("retried");
    UUID id = outbox.enqueue(new Mail(to, "Receipt", "Thank you", null, null));

    smtpServerDown(() -> assertThat(sender.sendDue()).isZero());

    Row failed = row(id);
    assertThat(failed.attempts()).isEqualTo(1);
    assertThat(failed.nextAttemptAt()).isEqualTo(CLOCK.instant().plus(Duration.ofMinutes(1)));
    assertThat(failed.lastError()).containsIgnoringCase("connect");
    assertThat(failed.sentAt()).isNull();
    assertThat(failed.failedAt()).isNull();

    sender.sendDue();
    assertThat(row(id).sentAt())
        .as("the server is back, but the mail waits out its back-off")
        .isNull();

    CLOCK.advance(Duration.ofMinutes(1));
    assertThat(sender.sendDue()).isEqualTo(1);
    await().atMost(Duration.ofSeconds(5)).until(() -> !receivedBy(to).isEmpty());
    sender.sendDue();
    assertThat(receivedBy(to)).hasSize(1);
    assertThat(row(id).sentAt()).isEqualTo(CLOCK.instant());
    assertThat(row(id).attempts()).isEqualTo(1);
  }

  @Test
  void aMailThatKeepsFailingBacksOffLongerEachTimeAndIsGivenUpWithAnError(CapturedOutput output) {
    String to = unique("given-up");
    UUID id = outbox.enqueue(new Mail(to, "Receipt", "Thank you", null, null));

    List<Duration> waits = new ArrayList<>();
    smtpServerDown(
        () -> {
          for (int attempt = 1; attempt <= 8; attempt++) {
            Instant now = CLOCK.instant();
            sender.sendDue();
            assertThat(row(id).attempts()).isEqualTo(attempt);
            if (attempt < 8) {
              waits.add(Duration.between(now, row(id).nextAttemptAt()));
            }
            CLOCK.advance(Duration.ofDays(1));
          }
        });

    assertThat(waits)
        .containsExactly(
            Duration.ofMinutes(1),
            Duration.ofMinutes(5),
            Duration.ofMinutes(30),
            Duration.ofHours(2),
            Duration.ofHours(6),
            Duration.ofHours(12),
            Duration.ofHours(24));
    assertThat(row(id).failedAt()).isNotNull();
    assertThat(output)
        .contains("Gave up on mail " + id + " (mail) after 8 attempts and erased it")
        .contains("Check the SMTP settings")
        .as("no log line names the reader or the subject")
        .doesNotContain(to)
        .doesNotContain("'Receipt'");
    assertThat(erased(id)).as("a mail given up is erased like a sent one").isTrue();
    assertThat(row(id).lastError()).containsIgnoringCase("connect");

    sender.sendDue();
    assertThat(receivedBy(to)).as("a mail given up stays given up").isEmpty();
  }

  private void smtpServerDown(Runnable during) {
    int port = smtpClient.getPort();
    smtpClient.setPort(closedPort());
    try {
      during.run();
    } finally {
      smtpClient.setPort(port);
    }
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String unique(String name) {
    return name + "-" + UUID.randomUUID() + "@readers.test";
  }

  private static List<MimeMessage> receivedBy(String to) {
    return Arrays.stream(SMTP.getReceivedMessages())
        .filter(
            m -> {
              try {
                Address[] recipients = m.getAllRecipients();
                return recipients != null
                    && Arrays.stream(recipients)
                        .anyMatch(a -> ((InternetAddress) a).getAddress().equals(to));
              } catch (MessagingException e) {
                throw new IllegalStateException(e);
              }
            })
        .toList();
  }

  private boolean erased(UUID id) {
    return jdbc.sql(
            """
            SELECT recipient IS NULL AND subject IS NULL AND text_body IS NULL AND html_body IS NULL
                   AND headers IS NULL
            FROM mail_outbox WHERE id = :id
            """)
        .param("id", id)
        .query(Boolean.class)
        .single();
  }

  private static String firstRecipient(MimeMessage m) {
    try {
      return ((InternetAddress) m.getAllRecipients()[0]).getAddress();
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  record Row(
      int attempts, Instant nextAttemptAt, Instant sentAt, Instant failedAt, String lastError) {}

  private Row row(UUID id) {
    return jdbc.sql(
            "SELECT attempts, next_attempt_at, sent_at, failed_at, last_error FROM mail_outbox WHERE id = :id")
        .param("id", id)
        .query(
            (rs, n) ->
                new Row(
                    rs.getInt(1),
                    instant(rs.getTimestamp(2)),
                    instant(rs.getTimestamp(3)),
                    instant(rs.getTimestamp(4)),
                    rs.getString(5)))
        .single();
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
