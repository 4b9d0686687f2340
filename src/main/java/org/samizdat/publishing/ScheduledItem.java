package org.samizdat.publishing;

import java.time.Instant;

/**
 * Something set to reach readers at a time: a scheduled article ({@code update} false), or
 * scheduled changes to a live one ({@code update} true, with the headline they will carry).
 */
public record ScheduledItem(
    long articleId, String headline, String language, Instant at, boolean update) {}
