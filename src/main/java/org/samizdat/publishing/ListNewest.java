package org.samizdat.publishing;

import java.time.Instant;
import org.samizdat.platform.i18n.Language;

/**
 * When a reader's list last got a live article: {@code kind} is {@code edition} (id 0), {@code
 * section}, {@code tag} or {@code author}; one row per list and language.
 */
public record ListNewest(String kind, long id, Language language, Instant newest) {}
