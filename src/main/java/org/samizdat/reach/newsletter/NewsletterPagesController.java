package org.samizdat.reach.newsletter;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.samizdat.platform.InputRejected;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.i18n.Language;
import org.samizdat.platform.i18n.Messages;
import org.samizdat.platform.limits.FormLimits;
import org.samizdat.platform.limits.TooManyRequests;
import org.samizdat.reach.newsletter.NewsletterSubscriptions.Standing;
import org.samizdat.site.Meta;
import org.samizdat.site.SiteChrome;
import org.samizdat.site.SiteChromes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The reader's newsletter pages: plain forms without JavaScript, no cookie, never cached. The
 * confirmation and unsubscribe links open a page with a button, so a mail scanner that follows
 * links changes nothing; the unsubscribe address also takes the one-click POST of RFC 8058 that
 * mail clients send (no CSRF token, no cookie: the reader chain has neither) and answers 200.
 */
@Controller
class NewsletterPagesController {

  static final String NO_STORE = "no-store";

  private final NewsletterSubscriptions subscriptions;
  private final SiteChromes chromes;
  private final PlatformSettings settings;
  private final FormLimits limits;

  NewsletterPagesController(
      NewsletterSubscriptions subscriptions,
      SiteChromes chromes,
      PlatformSettings settings,
      FormLimits limits) {
    this.subscriptions = subscriptions;
    this.chromes = chromes;
    this.settings = settings;
    this.limits = limits;
  }

  @GetMapping({"/newsletter", "/ru/newsletter"})
  String form(HttpServletRequest request, HttpServletResponse response, Model model) {
    Language language = edition(request);
    return subscribePage(
        language,
        null,
        null,
        false,
        "",
        language.code(),
        DigestFrequency.DAILY.code(),
        response,
        model);
  }

  @PostMapping({"/newsletter", "/ru/newsletter"})
  String subscribe(
      @RequestParam(defaultValue = "") String email,
      @RequestParam(defaultValue = "") String language,
      @RequestParam(defaultValue = "") String frequency,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    Language page = edition(request);
    String refused;
    try {
      limits.client(request.getRemoteAddr());
      limits.recipient("newsletter", email);
      subscriptions.subscribe(email, language, frequency, page);
      refused = null;
    } catch (TooManyRequests | InputRejected e) {
      refused = refusal(page, e, response);
    }
    if (refused != null) {
      // the form again, as typed
      return subscribePage(
          page,
          refused,
          null,
          false,
          email,
          language.isBlank() ? page.code() : language,
          frequency.isBlank() ? DigestFrequency.DAILY.code() : frequency,
          response,
          model);
    }
    // the same words whether the address is new, waiting or subscribed: the form tells no one who
    // is on the list
    return subscribePage(
        page,
        null,
        Messages.of(page).t("newsletter.sent"),
        true,
        "",
        page.code(),
        DigestFrequency.DAILY.code(),
        response,
        model);
  }

  @GetMapping({"/newsletter/confirm/{token}", "/ru/newsletter/confirm/{token}"})
  String confirmation(
      @PathVariable String token,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    Language language = edition(request);
    return subscriptions
        .pending(token)
        .map(
            p ->
                confirmPage(
                    language,
                    token,
                    Messages.of(language)
                        .t(
                            "newsletter.confirm.question." + p.frequency().code(),
                            p.language().nativeName()),
                    null,
                    null,
                    response,
                    model))
        .orElseGet(() -> unknownToken(language, response, model));
  }

  @PostMapping({"/newsletter/confirm/{token}", "/ru/newsletter/confirm/{token}"})
  String confirm(
      @PathVariable String token,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    Language language = edition(request);
    return subscriptions
        .confirm(token)
        .map(
            p ->
                confirmPage(
                    language,
                    null,
                    null,
                    Messages.of(language)
                        .t(
                            "newsletter.confirmed." + p.frequency().code(),
                            p.language().nativeName()),
                    null,
                    response,
                    model))
        .orElseGet(() -> unknownToken(language, response, model));
  }

  @GetMapping({"/newsletter/unsubscribe/{token}", "/ru/newsletter/unsubscribe/{token}"})
  String unsubscribeQuestion(
      @PathVariable String token,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    Language language = edition(request);
    return switch (subscriptions.standing(token)) {
      case SUBSCRIBED -> {
        privateLink(response);
        model.addAttribute(
            "page",
            new NewsletterPages.Unsubscribe(
                chrome(language, "newsletter.unsubscribe.title"),
                token,
                null,
                null,
                subscriptions.frequencyOf(token).map(DigestFrequency::code).orElse(null),
                false));
        yield "reach/newsletter-unsubscribe";
      }
      case GONE -> alreadyGone(language, response, model);
      case NOT_OURS -> notOurs(language, response, model);
    };
  }

  /** Where to ask for the link to unsubscribe or change how often, by e-mail. */
  @GetMapping({"/newsletter/unsubscribe", "/ru/newsletter/unsubscribe"})
  String leave(HttpServletRequest request, HttpServletResponse response, Model model) {
    return leavePage(edition(request), null, null, true, response, model);
  }

  @PostMapping({"/newsletter/unsubscribe", "/ru/newsletter/unsubscribe"})
  String sendLeaveLink(
      @RequestParam(defaultValue = "") String email,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    Language language = edition(request);
    try {
      limits.client(request.getRemoteAddr());
      limits.recipient("newsletter-leave", email);
      subscriptions.sendLeaveLink(email, language);
    } catch (TooManyRequests | InputRejected e) {
      return leavePage(language, null, refusal(language, e, response), true, response, model);
    }
    return leavePage(
        language, Messages.of(language).t("newsletter.leave.sent"), null, false, response, model);
  }

  @PostMapping({
    "/newsletter/unsubscribe/{token}/frequency",
    "/ru/newsletter/unsubscribe/{token}/frequency"
  })
  String changeFrequency(
      @PathVariable String token,
      @RequestParam(defaultValue = "") String frequency,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    Language language = edition(request);
    Messages m = Messages.of(language);
    Standing standing;
    try {
      standing = subscriptions.changeFrequency(token, frequency, language);
    } catch (InputRejected e) {
      response.setStatus(400);
      return unsubscribePage(
          language, token, null, String.join(" ", e.problems().values()), response, model);
    }
    return switch (standing) {
      case SUBSCRIBED ->
          unsubscribePage(
              language,
              null,
              m.t(
                  "newsletter.leave.changed."
                      + frequency.trim().toLowerCase(java.util.Locale.ROOT)),
              null,
              response,
              model);
      case GONE -> alreadyGone(language, response, model);
      case NOT_OURS -> notOurs(language, response, model);
    };
  }

  /**
   * What the form says when it was refused, with its status: 429 with Retry-After when the address
   * or the reader asked too often (nothing was sent; the page says when to try again), 400 with
   * every problem named when the input was wrong.
   */
  private static String refusal(
      Language language, RuntimeException e, HttpServletResponse response) {
    if (e instanceof TooManyRequests tooMany) {
      response.setStatus(429);
      response.setHeader(
          "Retry-After", String.valueOf(Math.max(1, tooMany.retryAfter().toSeconds())));
      return Messages.of(language)
          .t("limits.try.again", String.valueOf(tooMany.retryAfterMinutes()));
    }
    response.setStatus(400);
    return String.join(" ", ((InputRejected) e).problems().values());
  }

  private String leavePage(
      Language language,
      String message,
      String error,
      boolean askEmail,
      HttpServletResponse response,
      Model model) {
    response.setHeader("Cache-Control", NO_STORE);
    model.addAttribute(
        "page",
        new NewsletterPages.Unsubscribe(
            chrome(language, "newsletter.unsubscribe.title"),
            null,
            message,
            error,
            null,
            askEmail));
    return "reach/newsletter-unsubscribe";
  }

  /** The page's button and RFC 8058 one-click unsubscribe alike; following it twice is no error. */
  @PostMapping({"/newsletter/unsubscribe/{token}", "/ru/newsletter/unsubscribe/{token}"})
  String unsubscribe(
      @PathVariable String token,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    Language language = edition(request);
    Messages m = Messages.of(language);
    Standing standing = subscriptions.unsubscribe(token);
    if (standing == Standing.NOT_OURS) {
      return notOurs(language, response, model);
    }
    return unsubscribePage(language, null, m.t("newsletter.unsubscribed"), null, response, model);
  }

  private String subscribePage(
      Language language,
      String error,
      String message,
      boolean done,
      String email,
      String edition,
      String frequency,
      HttpServletResponse response,
      Model model) {
    response.setHeader("Cache-Control", NO_STORE);
    model.addAttribute(
        "page",
        new NewsletterPages.Subscribe(
            chrome(language, "newsletter.title"), error, message, done, email, edition, frequency));
    return "reach/newsletter";
  }

  private String confirmPage(
      Language language,
      String token,
      String question,
      String message,
      String error,
      HttpServletResponse response,
      Model model) {
    privateLink(response);
    model.addAttribute(
        "page",
        new NewsletterPages.Confirm(
            chrome(language, "newsletter.confirm.title"), token, question, message, error));
    return "reach/newsletter-confirm";
  }

  private String unsubscribePage(
      Language language,
      String token,
      String message,
      String error,
      HttpServletResponse response,
      Model model) {
    privateLink(response);
    model.addAttribute(
        "page",
        new NewsletterPages.Unsubscribe(
            chrome(language, "newsletter.unsubscribe.title"), token, message, error));
    return "reach/newsletter-unsubscribe";
  }

  /** A confirmation link that is not (or no longer) one of ours: 404. */
  private String unknownToken(Language language, HttpServletResponse response, Model model) {
    response.setStatus(404);
    return confirmPage(
        language,
        null,
        null,
        null,
        Messages.of(language).t("newsletter.confirm.invalid"),
        response,
        model);
  }

  /** An unsubscribe link of an address that has already left: said kindly, no error. */
  private String alreadyGone(Language language, HttpServletResponse response, Model model) {
    return unsubscribePage(
        language,
        null,
        Messages.of(language).t("newsletter.unsubscribe.gone"),
        null,
        response,
        model);
  }

  /** An unsubscribe link we never made: 404. */
  private String notOurs(Language language, HttpServletResponse response, Model model) {
    response.setStatus(404);
    return unsubscribePage(
        language,
        null,
        null,
        Messages.of(language).t("newsletter.unsubscribe.invalid"),
        response,
        model);
  }

  /** A page behind a personal link: never cached, never indexed. */
  private static void privateLink(HttpServletResponse response) {
    response.setHeader("Cache-Control", NO_STORE);
    response.setHeader("X-Robots-Tag", "noindex");
  }

  /**
   * Token pages take the form's address as theirs, so the token never appears in canonical or
   * hreflang links.
   */
  private SiteChrome chrome(Language language, String titleKey) {
    Messages m = Messages.of(language);
    return chromes.forEditionPage(
        language,
        "/newsletter",
        Meta.page(m.t(titleKey) + " · " + settings.name(), m.t("newsletter.intro")),
        "newsletter");
  }

  /** Russian under /ru, English at the root, as everywhere on the site. */
  static Language edition(HttpServletRequest request) {
    String path = request.getRequestURI();
    return path.equals("/ru") || path.startsWith("/ru/") ? Language.RU : Language.EN;
  }
}
