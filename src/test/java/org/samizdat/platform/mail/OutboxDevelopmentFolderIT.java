package org.samizdat.platform.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.samizdat.IntegrationTest;
import org.samizdat.platform.PlatformSettings;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Without an SMTP server (the shared test context has none) mails land as files in the data
 * directory.
 */
@ExtendWith(OutputCaptureExtension.class)
class OutboxDevelopmentFolderIT extends IntegrationTest {

  @Autowired MailOutbox outbox;
  @Autowired OutboxSender sender;
  @Autowired PlatformSettings platform;
  @Autowired JdbcClient jdbc;

  @Test
  void withoutAnSmtpServerAMailIsWrittenAsAnEmlFileAndLoggedAsSuch(CapturedOutput output)
      throws Exception {
    String to = "dev-" + UUID.randomUUID() + "@readers.test";
    UUID id = outbox.enqueue(new Mail(to, "Проверка", "Письмо без SMTP", null, null));

    sender.sendDue();
    Path folder = Path.of(platform.dataDir(), "mail-outbox-dev");
    await().atMost(Duration.ofSeconds(15)).until(() -> sentAt(id) != null);

    List<Path> files;
    try (Stream<Path> listing = Files.list(folder)) {
      files = listing.filter(p -> p.getFileName().toString().endsWith("-" + id + ".eml")).toList();
    }
    assertThat(files).hasSize(1);
    try (InputStream in = Files.newInputStream(files.get(0))) {
      MimeMessage mail = new MimeMessage(Session.getInstance(new Properties()), in);
      assertThat(mail.getSubject()).isEqualTo("Проверка");
      assertThat(mail.getContent()).isEqualTo("Письмо без SMTP");
    }
    assertThat(output)
        .contains(
            "Mail "
                + id
                + " (mail) written to "
                + files.get(0)
                + " because no SMTP server is configured (set SAMIZDAT_SMTP_HOST)")
        .doesNotContain(to);
  }

  private Object sentAt(UUID id) {
    return jdbc.sql("SELECT sent_at FROM mail_outbox WHERE id = :id")
        .param("id", id)
        .query()
        .singleValue();
  }
}
