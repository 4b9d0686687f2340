package org.samizdat.site;

import java.util.ArrayList;
import java.util.List;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.i18n.Language;
import org.samizdat.platform.i18n.Messages;
import org.samizdat.publishing.Taxonomy;
import org.springframework.stereotype.Component;

/** Builds the chrome of a reader's page. */
@Component
public class SiteChromes {

  private final PlatformSettings platform;
  private final SiteSettings site;
  private final Taxonomy taxonomy;
  private final SupportBlocks support;

  SiteChromes(
      PlatformSettings platform, SiteSettings site, Taxonomy taxonomy, SupportBlocks support) {
    this.platform = platform;
    this.site = site;
    this.taxonomy = taxonomy;
    this.support = support;
  }

  public SiteSettings settings() {
    return site;
  }

  /**
   * A page that exists in both editions at the same relative path (home, section, search...).
   *
   * @param path the page's path within its edition, e.g. {@code /section/world}
   */
  public SiteChrome forEditionPage(Language language, String path, Meta meta, String currentNav) {
    List<SiteChrome.Alternate> alternates = new ArrayList<>();
    for (Language l : Language.values()) {
      alternates.add(new SiteChrome.Alternate(l.code(), site.absolute(SiteLinks.edition(l, path))));
    }
    Language other = language == Language.RU ? Language.EN : Language.RU;
    return new SiteChrome(
        platform.name(),
        language,
        Messages.of(language),
        taxonomy.sections(),
        meta,
        site.absolute(SiteLinks.edition(language, path)),
        SiteLinks.edition(other, path),
        alternates,
        defaultFeeds(language),
        site.country(),
        currentNav,
        support.forEdition(language));
  }

  /**
   * A page that exists in one edition only (a tag: tags belong to a language): the switch leads to
   * the other front page.
   */
  public SiteChrome forSingleEditionPage(
      Language language, String path, Meta meta, String currentNav) {
    Language other = language == Language.RU ? Language.EN : Language.RU;
    String own = SiteLinks.edition(language, path);
    return new SiteChrome(
        platform.name(),
        language,
        Messages.of(language),
        taxonomy.sections(),
        meta,
        site.absolute(own),
        SiteLinks.home(other),
        List.of(new SiteChrome.Alternate(language.code(), site.absolute(own))),
        defaultFeeds(language),
        site.country(),
        currentNav,
        support.forEdition(language));
  }

  /** A page with its own address and explicit alternates (an article and its translation). */
  public SiteChrome forPage(
      Language language,
      String path,
      Meta meta,
      String switchPath,
      List<SiteChrome.Alternate> alternates,
      List<SiteChrome.FeedLink> extraFeeds) {
    List<SiteChrome.FeedLink> feeds = new ArrayList<>(defaultFeeds(language));
    feeds.addAll(extraFeeds);
    return new SiteChrome(
        platform.name(),
        language,
        Messages.of(language),
        taxonomy.sections(),
        meta,
        site.absolute(path),
        switchPath,
        alternates,
        feeds,
        site.country(),
        null,
        support.forEdition(language));
  }

  private List<SiteChrome.FeedLink> defaultFeeds(Language language) {
    Messages m = Messages.of(language);
    return List.of(
        new SiteChrome.FeedLink(
            platform.name() + " — " + m.t("feed.rss"),
            "application/rss+xml",
            SiteLinks.edition(language, "/feed.rss")),
        new SiteChrome.FeedLink(
            platform.name() + " — " + m.t("feed.atom"),
            "application/atom+xml",
            SiteLinks.edition(language, "/feed.atom")),
        new SiteChrome.FeedLink(
            platform.name() + " — " + m.t("feed.json"),
            "application/feed+json",
            SiteLinks.edition(language, "/feed.json")));
  }
}
