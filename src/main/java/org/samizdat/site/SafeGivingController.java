package org.samizdat.site;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.i18n.Language;
import org.samizdat.platform.i18n.Messages;
import org.samizdat.publishing.MarkdownRenderer;
import org.samizdat.revenue.GivingDetails;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * /support/safely: which way of giving leaves which traces, in the newsroom's own words (edited in
 * the newsroom, Markdown). The same page for everyone, cached like the support page.
 */
@Controller
class SafeGivingController {

  private final GivingDetails giving;
  private final MarkdownRenderer markdown;
  private final SiteChromes chromes;
  private final PlatformSettings settings;

  SafeGivingController(
      GivingDetails giving,
      MarkdownRenderer markdown,
      SiteChromes chromes,
      PlatformSettings settings) {
    this.giving = giving;
    this.markdown = markdown;
    this.chromes = chromes;
    this.settings = settings;
  }

  @GetMapping({"/support/safely", "/ru/support/safely"})
  String page(HttpServletRequest request, HttpServletResponse response, Model model) {
    Language language = Edition.of(request);
    Messages m = Messages.of(language);
    response.setHeader("Cache-Control", ReaderPagesController.PAGE_CACHE_CONTROL);
    // the support key: an editor's change evicts it with the support page
    ReaderPagesController.tag(response, List.of());
    SiteChrome chrome =
        chromes.forEditionPage(
            language,
            "/support/safely",
            Meta.page(m.t("support.safely.title") + " · " + settings.name(), m.t("support.intro")),
            "support");
    model.addAttribute(
        "page",
        new SafeGivingPage(chrome, markdown.toSafeHtml(giving.safeGiving().text(language))));
    return "site/safely";
  }
}
