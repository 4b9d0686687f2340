package org.samizdat.newsroom;

public record LoginPage(String problem, String message) {}
