package org.samizdat.reach;

import java.time.Instant;
import java.util.List;

/**
 * The site's other addresses as editors keep them.
 *
 * @param mirrors in the order editors listed them
 * @param onionAddress the onion service's host name ({@code <56 characters>.onion}), or null
 * @param updated when editors last changed the list or a health check last ran, whichever is later;
 *     null before the first start has finished setting the list up
 */
public record MirrorList(List<Mirror> mirrors, String onionAddress, Instant updated) {

  public MirrorList {
    mirrors = List.copyOf(mirrors);
  }

  /**
   * {@code http://<onion>}, or null: onion services need no TLS, Tor already encrypts end to end.
   */
  public String onionUrl() {
    return onionAddress == null ? null : "http://" + onionAddress;
  }

  public List<String> urls() {
    return mirrors.stream().map(Mirror::url).toList();
  }
}
