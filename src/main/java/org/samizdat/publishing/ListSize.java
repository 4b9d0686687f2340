package org.samizdat.publishing;

import org.samizdat.platform.i18n.Language;

/**
 * How many live articles a reader's list holds: {@code kind} is {@code edition} (id 0), {@code
 * section}, {@code tag} or {@code author}; one row per list and language.
 */
public record ListSize(String kind, long id, Language language, long live) {}
