package org.samizdat.publishing;

/** A live article as a list of addresses names it: its id and its address. */
public record LiveArticle(long id, String path) {}
