package org.samizdat.site;

import java.util.List;

/**
 * @param mirrors the mirrors' base addresses, to list for readers
 * @param onion the onion service's address ({@code http://….onion}), or null
 */
public record AboutPage(SiteChrome chrome, List<String> mirrors, String onion) {}
