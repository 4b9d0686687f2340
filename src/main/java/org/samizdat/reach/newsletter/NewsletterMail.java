package org.samizdat.reach.newsletter;

import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.i18n.Language;
import org.samizdat.platform.i18n.Messages;
import org.samizdat.platform.mail.Mail;
import org.samizdat.platform.mail.MailOutbox;
import org.samizdat.publishing.ArticleSummary;
import org.samizdat.reach.Mirror;
import org.samizdat.reach.MirrorList;
import org.samizdat.reach.MirrorStatus;
import org.samizdat.reach.Mirrors;
import org.samizdat.reach.newsletter.SubscriberRepository.Recipient;
import org.samizdat.site.ReaderDates;
import org.samizdat.site.SiteLinks;
import org.samizdat.site.SiteSettings;
import org.springframework.stereotype.Component;

/**
 * The newsletter's e-mails, put in the outbox within the caller's transaction. Links point straight
 * at the main site (and the mirrors): no redirect, no tracking parameter, no pixel.
 */
@Component
class NewsletterMail {

  /** The outbox's kinds for this module's mails; an unsubscribe withdraws both. */
  static final String CONFIRMATION = "newsletter-confirm";

  static final String DIGEST = "newsletter-digest";

  static final java.util.List<String> KINDS = java.util.List.of(CONFIRMATION, DIGEST);

  private final MailOutbox outbox;
  private final SiteSettings site;
  private final Mirrors mirrors;
  private final NewsletterSettings settings;
  private final NewsletterTokens tokens;
  private final TemplateEngine templates;
  private final Clock clock;
  private final ZoneId zone;
  private final String newsroom;

  NewsletterMail(
      MailOutbox outbox,
      SiteSettings site,
      Mirrors mirrors,
      NewsletterSettings settings,
      NewsletterTokens tokens,
      TemplateEngine templates,
      Clock clock,
      PlatformSettings platform) {
    this.outbox = outbox;
    this.site = site;
    this.mirrors = mirrors;
    this.settings = settings;
    this.tokens = tokens;
    this.templates = templates;
    this.clock = clock;
    this.zone = platform.timeZone();
    this.newsroom = platform.name();
  }

  /** The double opt-in e-mail, in the language of the page the reader subscribed on. */
  void confirmation(
      String to,
      Language language,
      Language edition,
      DigestFrequency frequency,
      String token,
      UUID subscriber) {
    Messages m = Messages.of(language);
    String link = site.absolute(SiteLinks.edition(language, "/newsletter/confirm/" + token));
    String unsubscribeUrl = unsubscribeUrl(language, subscriber);
    String text =
        m.t("newsletter.mail.confirm.intro." + frequency.code(), newsroom, edition.nativeName())
            + "\n\n"
            + link
            + "\n\n"
            + m.t(
                "newsletter.mail.confirm.valid",
                date(
                    clock
                        .instant()
                        .plus(settings.confirmationLifetime())
                        .atZone(zone)
                        .toLocalDate(),
                    language))
            + "\n\n"
            + m.t("newsletter.mail.confirm.ignore")
            + "\n\n"
            + m.t("newsletter.mail.unsubscribe")
            + "\n"
            + unsubscribeUrl
            + "\n\n— "
            + newsroom
            + "\n";
    // a way out from the very first mail, before any issue: a link, and one click in the mail app
    outbox.enqueue(
        CONFIRMATION,
        new Mail(
            to,
            m.t("newsletter.mail.confirm.subject", newsroom),
            text,
            null,
            unsubscribeHeaders(unsubscribeUrl)));
  }

  /** The link to unsubscribe or change how often, asked for on /newsletter/unsubscribe. */
  void leaveLink(String to, Language language, UUID subscriber) {
    Messages m = Messages.of(language);
    String unsubscribeUrl = unsubscribeUrl(language, subscriber);
    String text =
        m.t("newsletter.mail.leave.intro", newsroom)
            + "\n\n"
            + unsubscribeUrl
            + "\n\n"
            + m.t("newsletter.mail.leave.ignore")
            + "\n\n— "
            + newsroom
            + "\n";
    outbox.enqueue(
        CONFIRMATION,
        new Mail(
            to,
            m.t("newsletter.mail.leave.subject", newsroom),
            text,
            null,
            unsubscribeHeaders(unsubscribeUrl)));
  }

  private String unsubscribeUrl(Language language, UUID subscriber) {
    return site.absolute(
        SiteLinks.edition(language, "/newsletter/unsubscribe/" + tokens.unsubscribe(subscriber)));
  }

  /** RFC 8058: the mail app's own Unsubscribe button posts to the link, one click. */
  private static Map<String, String> unsubscribeHeaders(String unsubscribeUrl) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("List-Unsubscribe", "<" + unsubscribeUrl + ">");
    headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    return headers;
  }

  /** Withdraws whatever this module still has queued for an address that is no longer ours. */
  void withdraw(String address) {
    outbox.withdraw(address, KINDS);
  }

  /** Queues one subscriber's copy of an issue, behind every receipt and link waiting. */
  void sendDigest(Issue issue, Recipient to) {
    outbox.enqueueBulk(DIGEST, digest(issue, to));
  }

  /**
   * One subscriber's copy of an issue: text and HTML, with their unsubscribe link and RFC 8058
   * headers.
   */
  Mail digest(Issue issue, Recipient to) {
    Language language = issue.language();
    Messages m = Messages.of(language);
    String unsubscribeUrl = unsubscribeUrl(language, to.id());
    String dateText = date(issue.period(), language);
    String subject =
        m.t("newsletter.mail.digest.subject." + issue.frequency().code(), newsroom, dateText);
    String homeUrl = site.absolute(SiteLinks.home(language));
    List<DigestView.Item> items = items(issue, m);
    String moreText = issue.more() > 0 ? m.t("newsletter.mail.digest.more", issue.more()) : null;
    DigestView view =
        new DigestView(
            language.code(),
            subject,
            newsroom,
            homeUrl,
            m.t("newsletter.mail.digest.heading." + issue.frequency().code(), dateText),
            items,
            moreText,
            homeUrl,
            m.t("newsletter.mail.mirrors"),
            readerAddresses(mirrors.current()),
            m.t(
                "newsletter.mail.why." + issue.frequency().code(),
                site.absolute(SiteLinks.edition(language, "/newsletter"))),
            m.t("newsletter.mail.unsubscribe"),
            m.t("newsletter.mail.unsubscribe.label"),
            unsubscribeUrl);

    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("List-Unsubscribe", "<" + unsubscribeUrl + ">");
    headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    headers.put(
        "List-Id",
        "<" + issue.frequency().code() + "." + language.code() + ".newsletter." + host() + ">");
    return new Mail(to.email(), subject, text(view), html(view), headers);
  }

  /**
   * Where a reader can go when the main site is blocked: the mirrors editors keep, except those the
   * last health check found down, then the onion address for Tor Browser.
   */
  static List<String> readerAddresses(MirrorList list) {
    List<String> addresses = new ArrayList<>();
    list.mirrors().stream()
        .filter(mirror -> mirror.status() != MirrorStatus.DOWN)
        .map(Mirror::url)
        .forEach(addresses::add);
    if (list.onionUrl() != null) {
      addresses.add(list.onionUrl());
    }
    return List.copyOf(addresses);
  }

  /**
   * Live pages with new updates first (each with its newest updates), then the new articles; a new
   * article that is itself a live page is listed once, with its updates.
   */
  private List<DigestView.Item> items(Issue issue, Messages m) {
    Map<Long, Issue.LiveStory> live = new LinkedHashMap<>();
    issue.live().forEach(story -> live.put(story.articleId(), story));
    Set<Long> listed = new HashSet<>();
    issue.articles().forEach(a -> listed.add(a.id()));
    List<DigestView.Item> items = new ArrayList<>();
    for (Issue.LiveStory story : issue.live()) {
      if (!listed.contains(story.articleId())) {
        items.add(liveItem(story, issue.language(), m));
      }
    }
    for (ArticleSummary a : issue.articles()) {
      Issue.LiveStory story = live.get(a.id());
      items.add(
          story != null
              ? liveItem(story, issue.language(), m)
              : new DigestView.Item(
                  a.headline(),
                  a.standfirst() == null ? "" : a.standfirst(),
                  site.absolute(a.path()),
                  null,
                  List.of()));
    }
    return items;
  }

  private DigestView.Item liveItem(Issue.LiveStory story, Language language, Messages m) {
    String url = site.absolute(story.path());
    List<DigestView.Line> lines =
        story.updates().stream()
            .map(
                u ->
                    new DigestView.Line(
                        ReaderDates.format(u.postedAt(), language, zone),
                        u.headline(200),
                        url + "#" + u.anchor()))
            .toList();
    return new DigestView.Item(
        story.headline(),
        story.standfirst() == null ? "" : story.standfirst(),
        url,
        m.t("live.badge"),
        lines);
  }

  static String text(DigestView v) {
    StringBuilder t = new StringBuilder();
    t.append(v.siteName()).append('\n').append(v.heading()).append("\n\n");
    for (DigestView.Item item : v.items()) {
      if (item.badge() != null) {
        t.append(item.badge()).append(": ");
      }
      t.append(item.headline()).append('\n');
      if (!item.standfirst().isBlank()) {
        t.append(item.standfirst()).append('\n');
      }
      t.append(item.url()).append("\n\n");
      for (DigestView.Line line : item.updates()) {
        t.append("  ").append(line.time()).append(" · ").append(line.text()).append('\n');
        t.append("  ").append(line.url()).append("\n\n");
      }
    }
    if (v.moreText() != null) {
      t.append(v.moreText()).append('\n').append(v.moreUrl()).append("\n\n");
    }
    if (!v.mirrors().isEmpty()) {
      t.append(v.mirrorsIntro()).append('\n');
      v.mirrors().forEach(mirror -> t.append(mirror).append('\n'));
      t.append('\n');
    }
    t.append("-- \n")
        .append(v.why())
        .append('\n')
        .append(v.unsubscribeText())
        .append('\n')
        .append(v.unsubscribeUrl())
        .append('\n');
    return t.toString();
  }

  private String html(DigestView view) {
    StringOutput out = new StringOutput();
    templates.render("reach/newsletter-digest.jte", view, out);
    return out.toString();
  }

  private String host() {
    String h = java.net.URI.create(site.baseUrl()).getHost();
    return h == null ? "localhost" : h;
  }

  static String date(LocalDate date, Language language) {
    return DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG)
        .withLocale(language.locale())
        .format(date);
  }
}
