package org.samizdat.reach.newsletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the outbox holds for one address: the tests read mails there when no SMTP server is
 * involved.
 */
record NewsletterOutbox(JdbcClient jdbc) {

  record Queued(String subject, String text, String html, String headers) {}

  List<Queued> to(String recipient) {
    return jdbc.sql(
            """
            SELECT subject, text_body, html_body, headers::text FROM mail_outbox WHERE recipient = :to ORDER BY created_at, id
            """)
        .param("to", recipient)
        .query(
            (rs, n) ->
                new Queued(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
        .list();
  }

  /**
   * What the outbox holds for the address apart from digests: the scheduled job runs in the shared
   * test context too, and may send a confirmed subscriber an issue at any moment.
   */
  /** Every mail but the digests (a digest has List-Id; all of them carry List-Unsubscribe). */
  List<Queued> apartFromDigests(String recipient) {
    return to(recipient).stream().filter(m -> !m.headers().contains("List-Id")).toList();
  }

  /**
   * The path (with /ru for Russian) of a link to {@code pathPrefix} in the latest mail to the
   * address that has one.
   */
  String linkIn(String recipient, String pathPrefix) {
    List<Queued> mails = to(recipient);
    assertThat(mails).as("mails to " + recipient).isNotEmpty();
    for (int i = mails.size() - 1; i >= 0; i--) {
      if (mails.get(i).text().contains(pathPrefix)) {
        return pathOfLink(mails.get(i).text(), pathPrefix);
      }
    }
    throw new AssertionError("No mail to " + recipient + " has a link to " + pathPrefix);
  }

  static String pathOfLink(String text, String pathPrefix) {
    Matcher m =
        Pattern.compile(
                "https?://[^/\\s]+((?:/ru)?" + Pattern.quote(pathPrefix) + "[A-Za-z0-9_-]+)")
            .matcher(text);
    assertThat(m.find()).as("a link to " + pathPrefix + " in:\n" + text).isTrue();
    return m.group(1);
  }
}
