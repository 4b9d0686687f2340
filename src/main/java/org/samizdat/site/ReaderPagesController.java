package org.samizdat.site;

import jakarta.servlet.http.HttpServletResponse;
import java.time.DateTimeException;
import java.time.LocalDate;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.web.GoneException;
import org.samizdat.platform.web.NotFoundException;
import org.samizdat.publishing.ArticleLookup;
import org.samizdat.publishing.Articles;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** The reader's pages. The HTML is the same for every reader, so it carries public cache headers. */
@Controller
class ReaderPagesController {

  static final String PAGE_CACHE_CONTROL = "public, max-age=60, stale-while-revalidate=600, stale-if-error=86400";

  private final Articles articles;
  private final PlatformSettings settings;

  ReaderPagesController(Articles articles, PlatformSettings settings) {
    this.articles = articles;
    this.settings = settings;
  }

  @GetMapping("/")
  String home(@RequestParam(defaultValue = "1") int page, HttpServletResponse response, Model model) {
    if (page < 1 || page > 10_000) {
      throw new NotFoundException("There is no page " + page + " of the front page.");
    }
    response.setHeader("Cache-Control", PAGE_CACHE_CONTROL);
    model.addAttribute("page", new HomePage(settings.name(), articles.live(null, null, null, null, page, 20), settings.timeZone()));
    return "site/home";
  }

  @GetMapping("/{year:\\d{4}}/{month:\\d{2}}/{day:\\d{2}}/{slug}")
  String article(@PathVariable int year, @PathVariable int month, @PathVariable int day, @PathVariable String slug,
      HttpServletResponse response, Model model) {
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
    if (found instanceof ArticleLookup.Found f) {
      response.setHeader("Cache-Control", PAGE_CACHE_CONTROL);
      model.addAttribute("page", new ArticlePage(settings.name(), f.article(), settings.timeZone()));
      return "site/article";
    }
    if (found instanceof ArticleLookup.Moved m) {
      response.setHeader("Cache-Control", PAGE_CACHE_CONTROL);
      response.setStatus(301);
      response.setHeader("Location", m.path());
      return null;
    }
    if (found instanceof ArticleLookup.Withdrawn) {
      throw new GoneException("The newsroom has withdrawn this article.");
    }
    throw new NotFoundException("There is no article at this address.");
  }
}
