package org.samizdat.platform.mail;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import java.io.UncheckedIOException;
import java.io.UnsupportedEncodingException;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * Turns a mail from the outbox into a MIME message, the same for SMTP and for the development
 * folder.
 */
final class MessageComposer {

  private static final String UTF_8 = "UTF-8";

  private final Session session = Session.getInstance(new Properties());
  private final InternetAddress from;
  private final String domain;

  MessageComposer(String fromAddress, String newsroomName) {
    try {
      this.from = new InternetAddress(fromAddress, newsroomName, UTF_8);
    } catch (UnsupportedEncodingException e) {
      throw new UncheckedIOException(e);
    }
    this.domain = fromAddress.substring(fromAddress.indexOf('@') + 1);
  }

  MimeMessage compose(UUID id, Mail mail, Instant createdAt)
      throws MessagingException, UnsupportedEncodingException {
    MimeMessage message = new StableIdMessage(session, "<" + id + "@" + domain + ">");
    message.setFrom(from);
    message.setRecipient(Message.RecipientType.TO, new InternetAddress(mail.to(), true));
    message.setSubject(mail.subject(), UTF_8);
    // When the mail was written, not when an attempt got through: a retried receipt keeps its date.
    message.setSentDate(Date.from(createdAt));
    if (mail.html() == null) {
      message.setText(mail.text(), UTF_8);
    } else {
      MimeBodyPart plain = new MimeBodyPart();
      plain.setText(mail.text(), UTF_8);
      MimeBodyPart rich = new MimeBodyPart();
      rich.setText(mail.html(), UTF_8, "html");
      // Plain first: a client shows the last alternative it can render.
      MimeMultipart alternative = new MimeMultipart("alternative");
      alternative.addBodyPart(plain);
      alternative.addBodyPart(rich);
      message.setContent(alternative);
    }
    for (Map.Entry<String, String> header : mail.headers().entrySet()) {
      String value = MimeUtility.encodeText(header.getValue(), UTF_8, null);
      message.setHeader(header.getKey(), MimeUtility.fold(header.getKey().length() + 2, value));
    }
    message.saveChanges();
    return message;
  }

  /**
   * Keeps the Message-ID derived from the outbox row instead of a fresh one per attempt, so if a
   * mail is delivered twice (see {@link OutboxSender}) mail clients can recognise the copy.
   */
  private static final class StableIdMessage extends MimeMessage {
    private final String messageId;

    StableIdMessage(Session session, String messageId) {
      super(session);
      this.messageId = messageId;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", messageId);
    }
  }
}
