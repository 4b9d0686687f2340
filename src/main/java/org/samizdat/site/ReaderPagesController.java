package org.samizdat.site;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.cache.PageCacheFilter;
import org.samizdat.platform.i18n.Language;
import org.samizdat.platform.i18n.Messages;
import org.samizdat.platform.web.GoneException;
import org.samizdat.platform.web.NotFoundException;
import org.samizdat.publishing.Article;
import org.samizdat.publishing.ArticleLookup;
import org.samizdat.publishing.ArticleSummary;
import org.samizdat.publishing.Articles;
import org.samizdat.publishing.Author;
import org.samizdat.publishing.LiveUpdates;
import org.samizdat.publishing.Page;
import org.samizdat.publishing.Readership;
import org.samizdat.publishing.Section;
import org.samizdat.publishing.Tag;
import org.samizdat.publishing.Taxonomy;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The reader's pages. The HTML is the same for every reader, so it carries public cache headers.
 */
@Controller
class ReaderPagesController {

  static final String PAGE_CACHE_CONTROL =
      "public, max-age=60, stale-while-revalidate=600, stale-if-error=86400";
  static final int PAGE_SIZE = 12;
  private static final int MAX_PAGE = 10_000;

  private final Articles articles;
  private final Taxonomy taxonomy;
  private final Readership readership;
  private final SiteChromes chromes;
  private final PlatformSettings settings;
  private final ObjectProvider<ReaderAddresses> addresses;
  private final LiveUpdates liveUpdates;
  private final LiveSettings liveSettings;
  private final BodyPictures bodyPictures;

  ReaderPagesController(
      Articles articles,
      Taxonomy taxonomy,
      Readership readership,
      SiteChromes chromes,
      PlatformSettings settings,
      ObjectProvider<ReaderAddresses> addresses,
      LiveUpdates liveUpdates,
      LiveSettings liveSettings,
      BodyPictures bodyPictures) {
    this.addresses = addresses;
    this.liveUpdates = liveUpdates;
    this.liveSettings = liveSettings;
    this.bodyPictures = bodyPictures;
    this.articles = articles;
    this.taxonomy = taxonomy;
    this.readership = readership;
    this.chromes = chromes;
    this.settings = settings;
  }

  @GetMapping({"/", "/ru/", "/ru"})
  String home(
      @RequestParam(defaultValue = "1") String page,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    Language language = Edition.of(request);
    if (request.getRequestURI().equals("/ru")) {
      return "redirect:/ru/";
    }
    int pageNumber = pageNumber(page);
    Messages m = Messages.of(language);
    String title =
        pageNumber == 1
            ? settings.name()
            : settings.name() + " — " + m.t("pager.page", pageNumber, "…");
    SiteChrome chrome =
        chromes.forEditionPage(language, "/", Meta.page(title, m.t("site.tagline")), "home");
    cacheable(response);
    if (pageNumber > 1) {
      Page<ArticleSummary> archive =
          articles.live(language, null, null, null, pageNumber, PAGE_SIZE);
      if (archive.items().isEmpty()) {
        throw new NotFoundException("There is no page " + pageNumber + " of the front page.");
      }
      List<String> keys = new ArrayList<>(SurrogateKeys.articles(archive.items()));
      keys.add(SurrogateKeys.home(language.code()));
      tag(response, keys);
      model.addAttribute(
          "page", new HomePage(chrome, null, List.of(), List.of(), archive, settings.timeZone()));
      return "site/home";
    }
    Page<ArticleSummary> newest = articles.live(language, null, null, null, 1, 11);
    List<ArticleSummary> items = newest.items();
    ArticleSummary lead =
        items.stream()
            .filter(a -> a.heroImage() != null)
            .findFirst()
            .orElse(items.isEmpty() ? null : items.get(0));
    Set<Long> shown = new HashSet<>();
    List<ArticleSummary> latest = new ArrayList<>();
    if (lead != null) {
      shown.add(lead.id());
    }
    for (ArticleSummary a : items) {
      if (shown.add(a.id())) {
        latest.add(a);
      }
    }
    List<HomePage.SectionRow> rows = new ArrayList<>();
    for (Section s : chrome.sections()) {
      List<ArticleSummary> inSection =
          articles.live(language, s.id(), null, null, 1, 8).items().stream()
              .filter(a -> !shown.contains(a.id()))
              .limit(4)
              .toList();
      if (!inSection.isEmpty()) {
        rows.add(new HomePage.SectionRow(s, inSection));
      }
    }
    Page<ArticleSummary> archive = new Page<>(List.of(), 1, PAGE_SIZE, newest.total());
    List<String> keys = new ArrayList<>(SurrogateKeys.articles(items));
    rows.forEach(r -> keys.addAll(SurrogateKeys.articles(r.articles())));
    keys.add(SurrogateKeys.home(language.code()));
    tag(response, keys);
    model.addAttribute(
        "page", new HomePage(chrome, lead, latest, rows, archive, settings.timeZone()));
    return "site/home";
  }

  @GetMapping({"/section/{slug}", "/ru/section/{slug}"})
  String section(
      @PathVariable String slug,
      @RequestParam(defaultValue = "1") String page,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    Language language = Edition.of(request);
    Section section =
        taxonomy
            .section(slug)
            .orElseThrow(() -> new NotFoundException("There is no section '" + slug + "'."));
    int pageNumber = pageNumber(page);
    Page<ArticleSummary> list =
        articles.live(language, section.id(), null, null, pageNumber, PAGE_SIZE);
    String heading = section.name(language);
    return list(
        language,
        "/section/" + slug,
        heading,
        "",
        list,
        "section:" + slug,
        SurrogateKeys.section(section.id(), language.code()),
        response,
        model);
  }

  @GetMapping({"/tag/{slug}", "/ru/tag/{slug}"})
  String tag(
      @PathVariable String slug,
      @RequestParam(defaultValue = "1") String page,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    Language language = Edition.of(request);
    Tag tag =
        taxonomy
            .tag(language, slug)
            .orElseThrow(() -> new NotFoundException("There is no tag '" + slug + "'."));
    Page<ArticleSummary> list =
        articles.live(language, null, tag.id(), null, pageNumber(page), PAGE_SIZE);
    if (list.total() == 0) {
      // a tag only drafts carry would tell outsiders what is being prepared
      throw new NotFoundException("There is no tag '" + slug + "'.");
    }
    return list(
        language,
        "/tag/" + slug,
        Messages.of(language).t("tag.title", tag.name()),
        "",
        list,
        null,
        SurrogateKeys.tag(tag.id()),
        response,
        model);
  }

  @GetMapping({"/author/{slug}", "/ru/author/{slug}"})
  String author(
      @PathVariable String slug,
      @RequestParam(defaultValue = "1") String page,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    Language language = Edition.of(request);
    Author author =
        taxonomy
            .author(slug)
            .orElseThrow(() -> new NotFoundException("There is no author '" + slug + "'."));
    Page<ArticleSummary> list =
        articles.live(language, null, null, author.id(), pageNumber(page), PAGE_SIZE);
    return list(
        language,
        "/author/" + slug,
        author.name(),
        author.bio(),
        list,
        null,
        SurrogateKeys.author(author.id(), language.code()),
        response,
        model);
  }

  private String list(
      Language language,
      String path,
      String heading,
      String intro,
      Page<ArticleSummary> list,
      String nav,
      String key,
      HttpServletResponse response,
      Model model) {
    if (list.items().isEmpty() && list.page() > 1) {
      throw new NotFoundException("There is no page " + list.page() + " here.");
    }
    String title = heading + " · " + settings.name();
    Meta meta = Meta.page(title, intro.isEmpty() ? heading : intro);
    SiteChrome chrome =
        path.startsWith("/tag/")
            ? chromes.forSingleEditionPage(language, path, meta, nav)
            : chromes.forEditionPage(language, path, meta, nav);
    cacheable(response);
    List<String> keys = new ArrayList<>(SurrogateKeys.articles(list.items()));
    keys.add(key);
    tag(response, keys);
    model.addAttribute(
        "page",
        new ListPage(
            chrome, heading, intro, list, SiteLinks.edition(language, path), settings.timeZone()));
    return "site/list";
  }

  @GetMapping({"/about", "/ru/about"})
  String about(HttpServletRequest request, HttpServletResponse response, Model model) {
    Language language = Edition.of(request);
    Messages m = Messages.of(language);
    cacheable(response);
    tag(response, List.of("about"));
    ReaderAddresses elsewhere = addresses.getIfAvailable(() -> ReaderAddresses.NONE);
    model.addAttribute(
        "page",
        new AboutPage(
            chromes.forEditionPage(
                language,
                "/about",
                Meta.page(m.t("about.title") + " · " + settings.name(), m.t("about.intro")),
                "about"),
            elsewhere.mirrorUrls(),
            elsewhere.onionUrl()));
    return "site/about";
  }

  @GetMapping("/{year:\\d{4}}/{month:\\d{2}}/{day:\\d{2}}/{slug}")
  String article(
      @PathVariable int year,
      @PathVariable int month,
      @PathVariable int day,
      @PathVariable String slug,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    LocalDate date;
    try {
      date = LocalDate.of(year, month, day);
    } catch (DateTimeException e) {
      throw new NotFoundException("There is no such date in this address.");
    }
    if (slug.length() > 100) {
      throw new NotFoundException("There is no article at this address.");
    }
    ArticleLookup found = articles.lookup(date, slug);
    if (found instanceof ArticleLookup.Moved m) {
      response.setHeader("Cache-Control", PAGE_CACHE_CONTROL);
      response.setStatus(301);
      response.setHeader("Location", m.path());
      return null;
    }
    if (found instanceof ArticleLookup.Withdrawn) {
      throw new GoneException("The newsroom has withdrawn this article.");
    }
    if (!(found instanceof ArticleLookup.Found f)) {
      throw new NotFoundException("There is no article at this address.");
    }
    Article a = f.article();
    if (request.getHeader(PageCacheFilter.NOT_A_READER_HEADER) == null) {
      readership.recordView(a.id());
    }
    request.setAttribute(PageCacheFilter.VIEW_ATTRIBUTE, a.id());
    String path = a.path(settings.timeZone());
    Article translation = articles.liveTranslation(a).orElse(null);
    String translationPath = translation == null ? null : translation.path(settings.timeZone());
    SiteSettings site = chromes.settings();
    List<SiteChrome.Alternate> alternates = new ArrayList<>();
    alternates.add(new SiteChrome.Alternate(a.language().code(), site.absolute(path)));
    if (translation != null) {
      alternates.add(
          new SiteChrome.Alternate(translation.language().code(), site.absolute(translationPath)));
    }
    Language other = a.language() == Language.RU ? Language.EN : Language.RU;
    Meta meta =
        new Meta(
            a.headline(),
            a.standfirst(),
            "article",
            a.heroImage() == null ? null : site.absolute(a.heroImage().src()),
            NewsArticleJsonLd.of(a, site, settings.name(), path));
    List<SiteChrome.FeedLink> feeds = new ArrayList<>();
    if (a.section() != null) {
      feeds.add(
          new SiteChrome.FeedLink(
              settings.name() + " — " + a.section().name(a.language()),
              "application/rss+xml",
              SiteLinks.section(a.language(), a.section().slug()) + "/feed.rss"));
    }
    SiteChrome chrome =
        chromes.forPage(
            a.language(),
            path,
            meta,
            translationPath != null ? translationPath : SiteLinks.home(other),
            alternates,
            feeds);
    cacheable(response);
    List<ArticleSummary> readMore = articles.related(a, 4);
    List<String> keys = new ArrayList<>();
    keys.add(SurrogateKeys.article(a.id()));
    if (translation != null) {
      keys.add(SurrogateKeys.article(translation.id()));
    }
    keys.addAll(SurrogateKeys.articles(readMore));
    tag(response, keys);
    model.addAttribute(
        "page",
        new ArticlePage(
            chrome,
            a,
            readMore,
            translation,
            translationPath,
            settings.timeZone(),
            bodyPictures.offerWebp(a.bodyHtml()),
            liveBlock(a)));
    return "site/article";
  }

  /** A live article's coverage and its newest updates (older ones are in the feeds), or null. */
  private LiveBlock liveBlock(Article a) {
    return liveUpdates
        .onPage(a.id(), LiveUpdatesController.PAGE_UPDATES)
        .map(
            live ->
                new LiveBlock(
                    live.coverage(),
                    live.newest(),
                    a.language(),
                    settings.timeZone(),
                    liveSettings.pollSeconds()))
        .orElse(null);
  }

  private static int pageNumber(String page) {
    try {
      int n = Integer.parseInt(page.trim());
      if (n >= 1 && n <= MAX_PAGE) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new NotFoundException("There is no such page.");
  }

  private static void cacheable(HttpServletResponse response) {
    response.setHeader("Cache-Control", PAGE_CACHE_CONTROL);
  }

  /** Every reader page also shows the support banner, hence "support". */
  static void tag(HttpServletResponse response, List<String> keys) {
    List<String> all = new ArrayList<>(keys);
    all.add("support");
    response.setHeader(
        PageCacheFilter.KEYS_HEADER, SurrogateKeys.header(new java.util.LinkedHashSet<>(all)));
  }
}
