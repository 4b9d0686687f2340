package org.samizdat.publishing;

public record Author(long id, String slug, String name, String bio) {}
