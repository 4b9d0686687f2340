package org.samizdat.publishing;

/** An article went live (now, or when its scheduled time came). */
public record ArticlePublished(long articleId, String language, String path) {}
