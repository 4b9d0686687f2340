package org.samizdat.publishing;

import java.time.Instant;
import org.samizdat.platform.i18n.Language;

/**
 * One article found by a reader's search.
 *
 * @param path the article's public address, {@code /yyyy/MM/dd/slug}
 * @param sectionName in the article's language, or null when it has no section
 * @param snippetHtml a passage of the body with the matching words in {@code <mark>}; everything
 *     else in it is escaped text, so it is safe to write into a page as it is
 */
public record SearchHit(
    long id,
    Language language,
    String headline,
    String standfirst,
    String path,
    Instant publishedAt,
    String sectionName,
    String snippetHtml) {}
