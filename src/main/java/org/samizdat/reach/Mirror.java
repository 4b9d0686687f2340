package org.samizdat.reach;

import java.time.Instant;

/**
 * A full copy of the site on another host, and what its last health check found.
 *
 * @param url the mirror's base address, without a trailing slash
 * @param latencyMillis how long its front page took to answer; null when unchecked or down
 * @param checkedAt when it was last checked; null when never
 * @param servesLatest whether it had the newest live article; null when unchecked, down, or nothing
 *     is live
 * @param problem what went wrong, for the newsroom; null when nothing did
 */
public record Mirror(
    String url,
    MirrorStatus status,
    Integer latencyMillis,
    Instant checkedAt,
    Boolean servesLatest,
    String problem) {}
