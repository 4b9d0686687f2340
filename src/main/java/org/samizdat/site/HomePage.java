package org.samizdat.site;

import java.time.ZoneId;
import org.samizdat.publishing.ArticleSummary;
import org.samizdat.publishing.Page;

public record HomePage(String siteName, Page<ArticleSummary> latest, ZoneId zone) {}
