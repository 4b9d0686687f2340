package org.samizdat.publishing;

import java.time.Instant;

/**
 * An author marked a draft "Ready for review". Carries the headline and who asked, never the text:
 * listeners tell editors where to look, not what the draft says.
 */
public record ArticleReadyForReview(
    long articleId, String headline, String requestedBy, Instant requestedAt) {}
