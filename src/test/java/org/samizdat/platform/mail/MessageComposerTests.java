package org.samizdat.platform.mail;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessageComposerTests {

  private final MessageComposer composer =
      new MessageComposer("newsroom@courier.example", "Курьер Самиздата");
  private final UUID id = UUID.fromString("0b7c7a1e-4f9f-4d0b-9a43-4f1f0f0c2a11");
  private final Instant created = Instant.parse("2026-03-01T10:00:00Z");

  @Test
  void aMailWithHtmlIsMultipartAlternativeWithThePlainTextFirst() throws Exception {
    Mail mail =
        new Mail(
            "reader@example.org",
            "Спасибо!",
            "Ваш вклад: 500 ₽",
            "<p>Ваш вклад: <b>500 ₽</b></p>",
            Map.of("List-Unsubscribe", "<https://courier.example/u/abc>"));

    MimeMessage parsed = roundTrip(composer.compose(id, mail, created));

    assertThat(parsed.getSubject()).isEqualTo("Спасибо!");
    assertThat(((InternetAddress) parsed.getFrom()[0]).getPersonal()).isEqualTo("Курьер Самиздата");
    assertThat(((InternetAddress) parsed.getFrom()[0]).getAddress())
        .isEqualTo("newsroom@courier.example");
    assertThat(parsed.getHeader("List-Unsubscribe", null))
        .isEqualTo("<https://courier.example/u/abc>");
    assertThat(parsed.getSentDate().toInstant()).isEqualTo(created);
    assertThat(parsed.getContentType()).startsWith("multipart/alternative");
    MimeMultipart parts = (MimeMultipart) parsed.getContent();
    assertThat(parts.getCount()).isEqualTo(2);
    assertThat(parts.getBodyPart(0).getContentType())
        .startsWith("text/plain")
        .containsIgnoringCase("charset=UTF-8");
    assertThat(parts.getBodyPart(0).getContent()).isEqualTo("Ваш вклад: 500 ₽");
    assertThat(parts.getBodyPart(1).getContentType())
        .startsWith("text/html")
        .containsIgnoringCase("charset=UTF-8");
    assertThat(parts.getBodyPart(1).getContent()).isEqualTo("<p>Ваш вклад: <b>500 ₽</b></p>");
  }

  @Test
  void aMailWithoutHtmlIsPlainText() throws Exception {
    MimeMessage parsed =
        roundTrip(
            composer.compose(
                id, new Mail("reader@example.org", "Hi", "Привет", null, null), created));
    assertThat(parsed.getContentType())
        .startsWith("text/plain")
        .containsIgnoringCase("charset=UTF-8");
    assertThat(parsed.getContent()).isEqualTo("Привет");
  }

  @Test
  void everyAttemptCarriesTheSameMessageIdSoACopyCanBeRecognised() throws Exception {
    Mail mail = new Mail("reader@example.org", "Hi", "Text", null, null);
    String first = roundTrip(composer.compose(id, mail, created)).getMessageID();
    String second = roundTrip(composer.compose(id, mail, created)).getMessageID();
    assertThat(first).isEqualTo("<" + id + "@courier.example>").isEqualTo(second);
  }

  private static MimeMessage roundTrip(MimeMessage message) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    message.writeTo(bytes);
    return new MimeMessage(
        Session.getInstance(new Properties()), new ByteArrayInputStream(bytes.toByteArray()));
  }
}
