package org.samizdat.site;

public record AboutPage(SiteChrome chrome) {}
