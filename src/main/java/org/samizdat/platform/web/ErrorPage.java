package org.samizdat.platform.web;

/** What the error template shows: the status and words a person can act on. */
public record ErrorPage(String siteName, int status, String title, String message) {}
