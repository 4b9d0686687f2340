package org.samizdat.platform.audit;

import java.time.Instant;

/**
 * A filter on the audit log; null or blank parts match everything.
 *
 * @param actor part of the actor's e-mail, any case
 * @param action one action exactly
 * @param from entries at or after
 * @param to entries before
 */
public record AuditQuery(String actor, String action, Instant from, Instant to) {}
