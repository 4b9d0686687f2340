package org.samizdat.site;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.i18n.Language;
import org.samizdat.platform.i18n.Messages;
import org.samizdat.platform.web.BadRequestException;
import org.samizdat.platform.web.NotFoundException;
import org.samizdat.publishing.ArticleSearch;
import org.samizdat.publishing.Page;
import org.samizdat.publishing.SearchHit;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Search for readers, one page per edition: the edition decides the language searched and the
 * stemming used. A plain GET form, so it works without JavaScript and results can be linked to and
 * cached like every other reader page.
 */
@Controller
class SearchController {

  static final int PAGE_SIZE = 10;
  static final int MAX_PAGE = 1_000;

  private final ArticleSearch search;
  private final SiteChromes chromes;
  private final PlatformSettings settings;

  SearchController(ArticleSearch search, SiteChromes chromes, PlatformSettings settings) {
    this.search = search;
    this.chromes = chromes;
    this.settings = settings;
  }

  @GetMapping({"/search", "/ru/search"})
  String search(
      @RequestParam(required = false) String q,
      @RequestParam(required = false) String page,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    Language language = Edition.of(request);
    int number = pageNumber(page);
    String query = ArticleSearch.normalize(q);
    Page<SearchHit> results = null;
    if (!query.isEmpty()) {
      results = search.search(language, query, number, PAGE_SIZE);
      if (number > 1 && results.items().isEmpty()) {
        throw new NotFoundException("There is no page " + number + " of these search results.");
      }
    }
    Messages m = Messages.of(language);
    String title =
        (query.isEmpty() ? "" : query + " · ") + m.t("search.title") + " · " + settings.name();
    SiteChrome chrome =
        chromes.forEditionPage(
            language, "/search", Meta.page(title, m.t("search.prompt")), "search");
    response.setHeader("Cache-Control", ReaderPagesController.PAGE_CACHE_CONTROL);
    ReaderPagesController.tag(response, java.util.List.of("search-" + language.code()));
    model.addAttribute("page", new SearchPage(chrome, query, results, settings.timeZone()));
    return "site/search";
  }

  private static int pageNumber(String page) {
    if (page == null || page.isBlank()) {
      return 1;
    }
    String digits = page.strip();
    if (digits.matches("[0-9]{1,4}")) {
      int n = Integer.parseInt(digits);
      if (n >= 1 && n <= MAX_PAGE) {
        return n;
      }
    }
    throw new BadRequestException(
        "Search results are numbered in pages from 1 to "
            + MAX_PAGE
            + "; '"
            + abbreviate(page)
            + "' is not one of them.");
  }

  private static String abbreviate(String s) {
    return s.length() <= 20 ? s : s.substring(0, 20) + "…";
  }
}
