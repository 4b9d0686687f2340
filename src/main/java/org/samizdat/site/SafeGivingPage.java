package org.samizdat.site;

/** /support/safely: the newsroom's words, as sanitised HTML. */
public record SafeGivingPage(SiteChrome chrome, String html) {}
