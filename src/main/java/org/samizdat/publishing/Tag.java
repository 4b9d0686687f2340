package org.samizdat.publishing;

import org.samizdat.platform.i18n.Language;

public record Tag(long id, Language language, String slug, String name) {}
