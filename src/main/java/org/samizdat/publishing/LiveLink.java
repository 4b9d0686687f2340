package org.samizdat.publishing;

import java.time.Instant;
import org.samizdat.platform.i18n.Language;

/**
 * A live article as a sitemap names it: its address, when it last changed, and its live
 * translation's address (null when it has none that names it back).
 */
public record LiveLink(
    Language language,
    String path,
    Instant lastChanged,
    Language translationLanguage,
    String translationPath) {}
