package org.samizdat.site;

import java.time.ZoneId;
import java.util.List;
import org.samizdat.publishing.ArticleSummary;
import org.samizdat.publishing.Page;
import org.samizdat.publishing.Section;

/**
 * The front page of one edition: a lead story, the latest, then a row per section. Page 2 on is a
 * plain list.
 */
public record HomePage(
    SiteChrome chrome,
    ArticleSummary lead,
    List<ArticleSummary> latest,
    List<SectionRow> sections,
    Page<ArticleSummary> archive,
    ZoneId zone) {

  public record SectionRow(Section section, List<ArticleSummary> articles) {}
}
