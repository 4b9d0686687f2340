package org.samizdat.reach.mirrors;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * How the site reaches other hosts (mirror checks): never anything inside the machine or its
 * networks, and optionally only through a proxy (Tor's SOCKS port), so that an editor account
 * cannot scan the internal network and a mirror's host never learns the origin server's address.
 *
 * <p>A host is checked before every connection, including each redirect: every address it resolves
 * to must be public. The JVM caches a name's addresses (30 s by default), so the connection that
 * follows the check uses the addresses the check saw; a name that answers "public" and then
 * "private" (DNS rebinding) gets the first answer.
 *
 * @param proxy {@link Proxy#NO_PROXY}, or the proxy every request goes through
 * @param exempt addresses let through unchecked: none, except in tests, which run pretend mirrors
 *     on 127.0.0.1 ({@code samizdat.reach.allow-private-mirrors})
 */
record Outbound(Proxy proxy, Predicate<URI> exempt) {

  /** A connection refused before it was made, because the address is not a public one. */
  static final class InsideAddress extends IOException {
    InsideAddress(String message) {
      super(message);
    }
  }

  static Outbound of(String proxySetting, boolean allowPrivate) {
    return new Outbound(proxy(proxySetting), allowPrivate ? url -> true : url -> false);
  }

  /**
   * {@code socks5://host:port} (Tor: {@code socks5://127.0.0.1:9050}) or {@code http://host:port};
   * empty for none.
   */
  static Proxy proxy(String setting) {
    if (setting == null || setting.isBlank()) {
      return Proxy.NO_PROXY;
    }
    URI uri;
    try {
      uri = URI.create(setting.strip());
    } catch (IllegalArgumentException e) {
      throw badProxy(setting);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null
        || uri.getPort() < 1
        || (uri.getPath() != null && uri.getPath().length() > 1)) {
      throw badProxy(setting);
    }
    InetSocketAddress address = new InetSocketAddress(uri.getHost(), uri.getPort());
    return switch (scheme) {
      case "socks", "socks5", "socks5h" -> new Proxy(Proxy.Type.SOCKS, address);
      case "http" -> new Proxy(Proxy.Type.HTTP, address);
      default -> throw badProxy(setting);
    };
  }

  private static IllegalArgumentException badProxy(String setting) {
    return new IllegalArgumentException(
        "samizdat.reach.outbound-proxy (SAMIZDAT_OUTBOUND_PROXY) must be socks5://host:port (for"
            + " Tor, socks5://127.0.0.1:9050) or http://host:port, not '"
            + setting
            + "'.");
  }

  boolean proxied() {
    return proxy.type() != Proxy.Type.DIRECT;
  }

  /**
   * Refuses a URL whose host is, or resolves to, an address that is not public. A name that does
   * not resolve here is left to the proxy when there is one (an onion address, or a name only the
   * proxy's side can resolve); without a proxy, the connection would fail anyway.
   *
   * @throws InsideAddress if the host is inside
   */
  void check(URI url) throws InsideAddress {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new InsideAddress("only http and https addresses are checked");
    }
    String host = url.getHost();
    if (host == null || host.isEmpty()) {
      throw new InsideAddress("the address has no host");
    }
    if (exempt.test(url)) {
      return;
    }
    String name = host.toLowerCase(Locale.ROOT);
    if (name.startsWith("[") && name.endsWith("]")) {
      name = name.substring(1, name.length() - 1);
    }
    if (name.equals("localhost") || name.endsWith(".localhost")) {
      throw inside();
    }
    if (name.endsWith(".onion")) {
      if (!proxied()) {
        throw new InsideAddress("an onion address can only be reached through Tor's SOCKS port");
      }
      return; // resolved by Tor, never here
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(name);
    } catch (UnknownHostException e) {
      if (proxied()) {
        return;
      }
      throw new InsideAddress("the name does not resolve");
    }
    for (InetAddress address : addresses) {
      if (!isPublic(address)) {
        throw inside();
      }
    }
  }

  /** Why a URL is refused as a mirror, or null when it may be one. */
  String problemWith(String url) {
    try {
      check(URI.create(url));
      return null;
    } catch (InsideAddress e) {
      return e.getMessage().equals(INSIDE) ? url + " " + INSIDE + "." : null;
    } catch (IllegalArgumentException e) {
      return null; // MirrorAddresses says what is wrong with its form
    }
  }

  private static final String INSIDE =
      "points inside this server's own networks (loopback, private, link-local, unique-local,"
          + " multicast or unspecified addresses are refused); give the mirror's public address";

  private static InsideAddress inside() {
    return new InsideAddress(INSIDE);
  }

  /**
   * Whether an address is a public unicast one: not loopback, unspecified, link-local, private (RFC
   * 1918, unique-local fc00::/7, the old site-local fec0::/10), shared (100.64/10), multicast,
   * broadcast, reserved or documentation ranges, nor an IPv6 form that carries one of those IPv4
   * addresses inside (IPv4-mapped, -compatible, NAT64, 6to4).
   */
  static boolean isPublic(InetAddress address) {
    if (address instanceof Inet4Address v4) {
      return isPublicV4(v4.getAddress());
    }
    if (address instanceof Inet6Address v6) {
      byte[] b = v6.getAddress();
      if (v6.isAnyLocalAddress()
          || v6.isLoopbackAddress()
          || v6.isLinkLocalAddress()
          || v6.isSiteLocalAddress()
          || v6.isMulticastAddress()) {
        return false;
      }
      if ((b[0] & 0xfe) == 0xfc) {
        return false; // unique-local fc00::/7
      }
      if (allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
        return isPublicV4(tail(b, 12)); // IPv4-mapped ::ffff:a.b.c.d
      }
      if (allZero(b, 0, 12)) {
        return false; // IPv4-compatible ::a.b.c.d (deprecated), and :: and ::1
      }
      if ((b[0] & 0xff) == 0x00
          && (b[1] & 0xff) == 0x64
          && (b[2] & 0xff) == 0xff
          && (b[3] & 0xff) == 0x9b) {
        return isPublicV4(tail(b, 12)); // NAT64 64:ff9b::/96
      }
      if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
        return isPublicV4(new byte[] {b[2], b[3], b[4], b[5]}); // 6to4 2002::/16
      }
      if ((b[0] & 0xff) == 0x20
          && (b[1] & 0xff) == 0x01
          && (b[2] & 0xff) == 0x0d
          && (b[3] & 0xff) == 0xb8) {
        return false; // documentation 2001:db8::/32
      }
      return true;
    }
    return false;
  }

  private static boolean isPublicV4(byte[] b) {
    int a0 = b[0] & 0xff;
    int a1 = b[1] & 0xff;
    int a2 = b[2] & 0xff;
    return !(a0 == 0 // "this network", 0.0.0.0
        || a0 == 10 // private
        || a0 == 127 // loopback
        || (a0 == 100 && a1 >= 64 && a1 <= 127) // shared address space (carrier NAT)
        || (a0 == 169 && a1 == 254) // link-local
        || (a0 == 172 && a1 >= 16 && a1 <= 31) // private
        || (a0 == 192 && a1 == 0 && a2 == 0) // IETF protocol assignments
        || (a0 == 192 && a1 == 0 && a2 == 2) // documentation
        || (a0 == 192 && a1 == 168) // private
        || (a0 == 198 && (a1 == 18 || a1 == 19)) // benchmarking
        || (a0 == 198 && a1 == 51 && a2 == 100) // documentation
        || (a0 == 203 && a1 == 0 && a2 == 113) // documentation
        || a0 >= 224); // multicast, reserved, broadcast
  }

  private static boolean allZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static byte[] tail(byte[] b, int from) {
    return new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]};
  }
}
