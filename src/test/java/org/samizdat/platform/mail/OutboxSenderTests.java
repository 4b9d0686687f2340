package org.samizdat.platform.mail;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutboxSenderTests {

  @Test
  void anSmtpErrorKeptWithAFailedMailDoesNotNameTheReader() {
    assertThat(
            OutboxSender.withoutAddress(
                "SMTPAddressFailedException: 550 5.1.1 <Anna.Reader@Example.org>: no such user",
                "anna.reader@example.org"))
        .isEqualTo("SMTPAddressFailedException: 550 5.1.1 <<recipient>>: no such user");
    assertThat(OutboxSender.withoutAddress("Connection refused", "a+b@example.org"))
        .isEqualTo("Connection refused");
  }
}
