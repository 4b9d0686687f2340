package org.samizdat.reach.mirrors;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param mirrors mirror base addresses the database starts with (SAMIZDAT_MIRRORS,
 *     comma-separated); read once, on the first start, after which editors keep the list in the
 *     newsroom
 * @param onionAddress the onion address the database starts with (SAMIZDAT_ONION_ADDRESS), likewise
 *     once
 * @param mirrorCheckInterval how often one node checks every mirror
 * @param mirrorCheckTimeout how long a mirror may take to answer one request before it counts as
 *     down
 */
@ConfigurationProperties("samizdat.reach")
record MirrorSettings(
    @DefaultValue List<String> mirrors,
    @DefaultValue("") String onionAddress,
    @DefaultValue("10m") Duration mirrorCheckInterval,
    @DefaultValue("10s") Duration mirrorCheckTimeout) {}
