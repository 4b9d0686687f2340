package org.samizdat.publishing;

/** A live article changed; {@code previousPath} differs from {@code path} after a slug rename. */
public record ArticleUpdated(long articleId, String language, String path, String previousPath) {}
