package org.samizdat.site;

import java.util.List;
import org.samizdat.platform.i18n.Language;
import org.samizdat.platform.i18n.Messages;
import org.samizdat.publishing.Section;

/**
 * Everything around a reader's page: its language and words, navigation, and what the head tells
 * browsers, feed readers and search engines. The same for every reader of that page.
 *
 * @param canonicalUrl absolute address on the main domain
 * @param switchPath where the language switch leads
 * @param alternates hreflang alternatives of this page (including itself), absolute
 * @param feeds feeds to advertise with rel=alternate
 */
public record SiteChrome(
    String siteName,
    Language language,
    Messages messages,
    List<Section> sections,
    Meta meta,
    String canonicalUrl,
    String switchPath,
    List<Alternate> alternates,
    List<FeedLink> feeds,
    String country,
    String currentNav,
    SupportBlock support) {

  public record Alternate(String hreflang, String url) {}

  public record FeedLink(String title, String type, String href) {}

  public String t(String key) {
    return messages.t(key);
  }

  public String t(String key, Object... args) {
    return messages.t(key, args);
  }

  /**
   * The banner asks for support: not on the pages of giving and managing a gift (the support page,
   * payment, thanks, manage, remind), where it would only stand between the reader and what they
   * came to do.
   */
  public boolean showsBanner() {
    return support != null && !"support".equals(currentNav);
  }

  public String lang() {
    return language.code();
  }

  /** A path in this page's language edition: {@code /x} for English, {@code /ru/x} for Russian. */
  public String link(String path) {
    return SiteLinks.edition(language, path);
  }

  public Language otherLanguage() {
    return language == Language.RU ? Language.EN : Language.RU;
  }

  public String sectionName(Section s) {
    return s.name(language);
  }
}
