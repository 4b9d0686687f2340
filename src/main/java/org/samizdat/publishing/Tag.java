package org.samizdat.publishing;

public record Tag(long id, Language language, String slug, String name) {}
