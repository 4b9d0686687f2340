package org.samizdat.publishing;

import java.time.Instant;

/**
 * Changes to a live article that readers do not see yet: saved by the newsroom, made live by
 * "Update live article" or at {@code applyAt} (a scheduled update, when set).
 */
public record PendingEdit(
    long articleId, ArticleDraft draft, Instant applyAt, String savedBy, Instant savedAt) {}
