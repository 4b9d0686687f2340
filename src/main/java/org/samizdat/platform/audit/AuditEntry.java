package org.samizdat.platform.audit;

import java.time.Instant;

/** One staff action: who, what, to what, when and from which address. */
public record AuditEntry(
    long id, Instant at, String actor, String action, String subject, String address) {}
