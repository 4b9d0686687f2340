package org.samizdat.publishing;

import java.time.Instant;
import java.util.List;
import org.samizdat.platform.i18n.Language;

/** One row of an article list. */
public record ArticleSummary(
    long id,
    Language language,
    String slug,
    String headline,
    String standfirst,
    ArticleStatus status,
    Section section,
    List<String> authorNames,
    Image heroImage,
    Instant publishAt,
    Instant publishedAt,
    Instant updatedAt,
    Long createdBy,
    boolean deleted,
    String path) {}
