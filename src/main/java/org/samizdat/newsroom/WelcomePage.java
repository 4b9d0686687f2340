package org.samizdat.newsroom;

import java.util.Map;

/** The one-time link's page; {@code email} is null when the link no longer works. */
public record WelcomePage(String email, String token, Map<String, String> errors) {}
