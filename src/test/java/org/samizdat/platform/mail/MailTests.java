package org.samizdat.platform.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MailTests {

  @Test
  void aPlainMailWithHeadersIsAccepted() {
    Mail mail =
        new Mail(
            "reader@example.org",
            "Спасибо за поддержку",
            "Текст",
            "<p>Текст</p>",
            Map.of("List-Unsubscribe", "<https://example.org/unsubscribe?t=abc>"));
    assertThat(mail.headers())
        .containsEntry("List-Unsubscribe", "<https://example.org/unsubscribe?t=abc>");
  }

  @Test
  void headersMayBeNullAndAreThenEmpty() {
    assertThat(new Mail("reader@example.org", "Hi", "Text", null, null).headers()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "reader@example.org\r\nBcc: victim@example.org",
        "reader@example.org\nBcc: victim@example.org",
        "reader@example.org\r",
        "reader@example.org\u0000"
      })
  void aLineBreakOrControlCharacterInTheRecipientIsRefused(String to) {
    assertThatThrownBy(() -> new Mail(to, "Hi", "Text", null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("to");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Receipt\r\nBcc: victim@example.org",
        "Receipt\nX-Injected: yes",
        "Receipt\r",
        "\r\n\r\nbody"
      })
  void aLineBreakInTheSubjectIsRefused(String subject) {
    assertThatThrownBy(() -> new Mail("reader@example.org", subject, "Text", null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("subject")
        .hasMessageContaining("line break");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<https://example.org/u>\r\nBcc: victim@example.org",
        "<https://example.org/u>\nX: y",
        "a\rb"
      })
  void aLineBreakInAHeaderValueIsRefused(String value) {
    assertThatThrownBy(
            () ->
                new Mail(
                    "reader@example.org", "Hi", "Text", null, Map.of("List-Unsubscribe", value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("List-Unsubscribe")
        .hasMessageContaining("line break");
  }

  @ParameterizedTest
  @ValueSource(strings = {"X-Evil\r\nBcc", "X-Evil\n", "X Evil", "X-Evil:", "", "X-Ümlaut"})
  void aHeaderNameThatIsNotOneTokenIsRefused(String name) {
    assertThatThrownBy(
            () -> new Mail("reader@example.org", "Hi", "Text", null, Map.of(name, "value")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("header name");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bcc", "cc", "To", "FROM", "Subject", "Content-Type", "Message-ID"})
  void headersThatRedirectOrReshapeTheMailAreRefused(String name) {
    assertThatThrownBy(
            () -> new Mail("reader@example.org", "Hi", "Text", null, Map.of(name, "x@example.org")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("set by the outbox");
  }

  @Test
  void aNullHeaderValueIsRefused() {
    Map<String, String> headers = new HashMap<>();
    headers.put("List-Unsubscribe", null);
    assertThatThrownBy(() -> new Mail("reader@example.org", "Hi", "Text", null, headers))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("List-Unsubscribe");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a@example.org, b@example.org",
        "a@example.org;b@example.org",
        "Reader <a@example.org>",
        " a@example.org",
        "not an address",
        "@example.org",
        "group: a@example.org;"
      })
  void theRecipientMustBeExactlyOneBareAddress(String to) {
    assertThatThrownBy(() -> new Mail(to, "Hi", "Text", null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSubjectAndATextBodyAreRequired() {
    assertThatThrownBy(() -> new Mail("reader@example.org", " ", "Text", null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("subject");
    assertThatThrownBy(() -> new Mail("reader@example.org", "Hi", "", "<p>only html</p>", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("plain-text body");
  }
}
