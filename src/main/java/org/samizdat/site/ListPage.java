package org.samizdat.site;

import java.time.ZoneId;
import org.samizdat.publishing.ArticleSummary;
import org.samizdat.publishing.Page;

/** A section, tag or author page: a heading, an optional introduction, and a page of articles. */
public record ListPage(
    SiteChrome chrome,
    String heading,
    String intro,
    Page<ArticleSummary> articles,
    String basePath,
    ZoneId zone) {}
