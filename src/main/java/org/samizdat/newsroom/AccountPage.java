package org.samizdat.newsroom;

import java.util.Map;

public record AccountPage(
    String email, StaffRole role, long openSessions, Map<String, String> errors) {}
