package org.samizdat.newsroom;

import java.time.Instant;

public record StaffMember(
    long id,
    String email,
    String displayName,
    StaffRole role,
    Long authorId,
    boolean enabled,
    Instant createdAt) {}
