package org.samizdat.platform.mail;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One e-mail to one reader. Checked when made, so nothing that reaches the outbox can smuggle a
 * header or a second recipient in through a line break: the recipient, subject and headers may come
 * from what a reader typed.
 *
 * @param to one bare address, {@code reader@example.org}; no display name, no list
 * @param subject one line
 * @param text the plain-text body; always sent, for readers whose mail client shows no HTML
 * @param html an HTML alternative, or null for plain text only
 * @param headers extra headers such as {@code List-Unsubscribe}; may be null or empty
 */
public record Mail(
    String to, String subject, String text, String html, Map<String, String> headers) {

  /** Set by the outbox itself; a caller setting them could redirect or reshape the mail. */
  private static final Set<String> RESERVED_HEADERS =
      Set.of(
          "from",
          "sender",
          "to",
          "cc",
          "bcc",
          "subject",
          "date",
          "message-id",
          "mime-version",
          "content-type",
          "content-transfer-encoding",
          "return-path");

  public Mail {
    requireOneLine("to", to);
    requireOneAddress(to);
    requireOneLine("subject", subject);
    if (subject.isBlank()) {
      throw new IllegalArgumentException("A mail needs a subject.");
    }
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(
          "A mail needs a plain-text body, even when it has an HTML one.");
    }
    headers = checkedHeaders(headers);
  }

  /** Whether a reader's input is one address a mail can be sent to; use it to validate forms. */
  private static final java.util.regex.Pattern ADDRESS =
      java.util.regex.Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  public static boolean isAddress(String value) {
    if (value == null || value.isBlank()) {
      return false;
    }
    try {
      requireOneAddress(value.trim());
      return ADDRESS.matcher(value.trim()).matches();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static void requireOneAddress(String to) {
    if (to.length() > 254) {
      throw new IllegalArgumentException(
          "An e-mail address has at most 254 characters; this one has " + to.length() + ".");
    }
    try {
      InternetAddress[] parsed = InternetAddress.parse(to, true);
      if (parsed.length != 1
          || parsed[0].isGroup()
          || parsed[0].getPersonal() != null
          || !to.equals(parsed[0].getAddress())
          || to.indexOf('@') < 1) {
        throw new IllegalArgumentException(
            "'" + to + "' is not a single e-mail address like reader@example.org.");
      }
      parsed[0].validate();
    } catch (AddressException e) {
      throw new IllegalArgumentException(
          "'" + to + "' is not a valid e-mail address: " + e.getMessage() + ".", e);
    }
  }

  private static Map<String, String> checkedHeaders(Map<String, String> headers) {
    if (headers == null || headers.isEmpty()) {
      return Map.of();
    }
    Map<String, String> copy = new LinkedHashMap<>();
    headers.forEach(
        (name, value) -> {
          if (name == null
              || name.isEmpty()
              || !name.chars().allMatch(c -> c > 32 && c < 127 && c != ':')) {
            throw new IllegalArgumentException(
                "'"
                    + printable(name)
                    + "' is not a header name: use printable ASCII letters, digits and dashes, without ':' or spaces.");
          }
          if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(
                "The header " + name + " is set by the outbox and cannot be given in headers.");
          }
          requireOneLine("header " + name, value);
          copy.put(name, value);
        });
    return Collections.unmodifiableMap(copy);
  }

  /** CR or LF would end the header and start a new one (or the body): that is header injection. */
  private static void requireOneLine(String field, String value) {
    if (value == null) {
      throw new IllegalArgumentException("A mail needs a " + field + ".");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n') {
        throw new IllegalArgumentException(
            "The "
                + field
                + " of a mail must be one line, but '"
                + printable(value)
                + "' contains a line break; refused because it could add headers or recipients.");
      }
      if (Character.isISOControl(c) && c != '\t') {
        throw new IllegalArgumentException(
            "The "
                + field
                + " of a mail contains the control character U+"
                + String.format("%04X", (int) c)
                + "; refused.");
      }
    }
  }

  private static String printable(String s) {
    return s == null ? "null" : s.replace("\r", "\\r").replace("\n", "\\n");
  }
}
