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
 * @param outboundProxy empty, or {@code socks5://host:port} (Tor) or {@code http://host:port}: the
 *     mirror checks go through it, so mirrors never see the origin's address
 * @param allowPrivateMirrors only for tests, which run pretend mirrors on 127.0.0.1: lets mirror
 *     addresses point inside this machine's networks
 */
@ConfigurationProperties("samizdat.reach")
record MirrorSettings(
    @DefaultValue List<String> mirrors,
    @DefaultValue("") String onionAddress,
    @DefaultValue("10m") Duration mirrorCheckInterval,
    @DefaultValue("10s") Duration mirrorCheckTimeout,
    @DefaultValue("") String outboundProxy,
    @DefaultValue("false") boolean allowPrivateMirrors) {

  MirrorSettings {
    Outbound.proxy(outboundProxy); // fails the start with a clear message if malformed
  }

  Outbound outbound() {
    return Outbound.of(outboundProxy, allowPrivateMirrors);
  }
}
