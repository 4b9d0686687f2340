package org.samizdat.newsroom;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.mail.Mail;
import org.samizdat.platform.mail.MailOutbox;
import org.samizdat.publishing.ArticleReadyForReview;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Tells the editors who chose it (on their account page) that a draft is ready for review: the
 * headline, who asked, and a link to the review screen, never the draft's text, which stays behind
 * the newsroom's sign-in. Runs after the author's transaction committed; the mail's id comes from
 * the request, so a second delivery of the same event queues nothing.
 */
@Component
class ReviewMail {

  static final String KIND = "review-ready";

  private final StaffDirectory staff;
  private final MailOutbox outbox;
  private final String newsroom;
  private final String baseUrl;

  ReviewMail(
      StaffDirectory staff,
      MailOutbox outbox,
      PlatformSettings platform,
      @Value("${samizdat.site.base-url:http://localhost:8080}") String baseUrl) {
    this.staff = staff;
    this.outbox = outbox;
    this.newsroom = platform.name();
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  @ApplicationModuleListener
  void on(ArticleReadyForReview event) {
    String headline = oneLine(event.headline());
    String by = oneLine(event.requestedBy());
    String subject = "Ready for review: " + shorten(headline, 150);
    String text =
        by
            + " marked a draft ready for review:\n\n  "
            + headline
            + "\n\nReview it (sign-in needed): "
            + baseUrl
            + "/newsroom/articles/"
            + event.articleId()
            + "\nEverything waiting: "
            + baseUrl
            + "/newsroom/review\n\n"
            + "You get these e-mails because you chose them on your account page; to stop them,"
            + " untick \"E-mail me\" there: "
            + baseUrl
            + "/newsroom/account\n\n-- \n"
            + newsroom
            + " newsroom\n";
    for (StaffMember editor : staff.reviewMailRecipients()) {
      if (!Mail.isAddress(editor.email())) {
        continue;
      }
      UUID id =
          UUID.nameUUIDFromBytes(
              ("review-ready:"
                      + event.articleId()
                      + ":"
                      + event.requestedAt().toEpochMilli()
                      + ":"
                      + editor.id())
                  .getBytes(StandardCharsets.UTF_8));
      outbox.enqueueOnce(KIND, id, new Mail(editor.email(), subject, text, null, Map.of()));
    }
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\p{Cntrl}", " ").strip();
  }

  private static String shorten(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
