package org.samizdat.publishing;

/** A live article was unpublished or deleted. */
public record ArticleWithdrawn(long articleId, String language, String path) {}
