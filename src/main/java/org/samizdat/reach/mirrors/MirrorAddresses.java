package org.samizdat.reach.mirrors;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.samizdat.platform.InputRejected;

/**
 * Checks and tidies what editors type: mirror base addresses and the onion address. Every message
 * says what is wrong with which address, for a person to fix.
 */
final class MirrorAddresses {

  static final int MAX_MIRRORS = 50;
  static final int MAX_URL_LENGTH = 300;
  private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

  private MirrorAddresses() {}

  /**
   * @param mainUrl the site's own base address, which is not a mirror of itself
   * @return the addresses without trailing slashes, duplicates and blank lines, in their order
   * @throws InputRejected on field {@code mirrors}
   */
  static List<String> mirrors(List<String> typed, String mainUrl) {
    return mirrors(typed, mainUrl, null);
  }

  /**
   * As {@link #mirrors(List, String)}, and refuses any address that points inside this machine's
   * networks (see {@link Outbound}).
   */
  static List<String> mirrors(List<String> typed, String mainUrl, Outbound outbound) {
    Set<String> urls = new LinkedHashSet<>();
    List<String> problems = new ArrayList<>();
    for (String raw : typed) {
      String line = raw == null ? "" : raw.strip();
      if (line.isEmpty()) {
        continue;
      }
      try {
        urls.add(mirror(line, mainUrl, outbound));
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new InputRejected("mirrors", String.join(" ", problems));
    }
    if (urls.size() > MAX_MIRRORS) {
      throw new InputRejected(
          "mirrors", "List at most " + MAX_MIRRORS + " mirrors; there are " + urls.size() + ".");
    }
    return List.copyOf(urls);
  }

  /**
   * One mirror's base address, tidied and, given an {@code outbound}, checked to point outside;
   * IllegalArgumentException says what is wrong with it.
   */
  static String mirror(String typed, String mainUrl, Outbound outbound) {
    String url = mirror(typed, mainUrl);
    String problem = outbound == null ? null : outbound.problemWith(url);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return url;
  }

  /** One mirror's base address, tidied; IllegalArgumentException says what is wrong with it. */
  static String mirror(String typed, String mainUrl) {
    String shown = typed.length() > 80 ? typed.substring(0, 77) + "..." : typed;
    if (typed.length() > MAX_URL_LENGTH) {
      throw new IllegalArgumentException(
          "\"" + shown + "\" is longer than " + MAX_URL_LENGTH + " characters.");
    }
    URI uri;
    try {
      uri = new URI(typed);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "\"" + shown + "\" is not a web address (" + e.getReason() + ").");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(
          "\"" + shown + "\" must start with https:// (or http://).");
    }
    if (uri.getRawAuthority() == null || uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException(
          "\"" + shown + "\" has no host name after " + scheme + "://.");
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "\"" + shown + "\" must not carry a user name or password.");
    }
    if (uri.getRawQuery() != null) {
      throw new IllegalArgumentException(
          "\""
              + shown
              + "\" must not have a query (the part from \"?\"): give the mirror's base address.");
    }
    if (uri.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "\""
              + shown
              + "\" must not have a fragment (the part from \"#\"): give the mirror's base address.");
    }
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    if (host.endsWith(".onion")) {
      throw new IllegalArgumentException(
          "\"" + shown + "\" is an onion address: enter it in the onion address field instead.");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String url = scheme + "://" + host + (uri.getPort() == -1 ? "" : ":" + uri.getPort()) + path;
    if (url.equalsIgnoreCase(mainUrl)) {
      throw new IllegalArgumentException(
          "\"" + shown + "\" is the site's own address, not a mirror.");
    }
    return url;
  }

  /**
   * A v3 onion address: 56 base32 characters then {@code .onion}, whose built-in checksum matches,
   * so a mistyped character is caught here rather than by readers.
   *
   * @return the bare host name in lower case, or null for blank
   * @throws InputRejected on field {@code onion}
   */
  static String onion(String typed) {
    String host = typed == null ? "" : typed.strip().toLowerCase(Locale.ROOT);
    if (host.isEmpty()) {
      return null;
    }
    if (host.startsWith("http://")) {
      host = host.substring("http://".length());
    } else if (host.startsWith("https://")) {
      host = host.substring("https://".length());
    }
    while (host.endsWith("/")) {
      host = host.substring(0, host.length() - 1);
    }
    if (!host.endsWith(".onion")) {
      throw new InputRejected(
          "onion",
          "The onion address must end in \".onion\", e.g. the contents of your onion service's hostname file.");
    }
    String name = host.substring(0, host.length() - ".onion".length());
    if (name.contains(".") || name.contains("/") || name.contains(":")) {
      throw new InputRejected(
          "onion",
          "Give only the onion host name (56 letters and digits then .onion), without a path, port or subdomain.");
    }
    if (name.length() == 16) {
      throw new InputRejected(
          "onion",
          "That is an old v2 onion address, which Tor no longer reaches. Use the v3 address (56 characters before .onion).");
    }
    if (name.length() != 56) {
      throw new InputRejected(
          "onion",
          "A v3 onion address has 56 characters before \".onion\"; this one has "
              + name.length()
              + ".");
    }
    for (char c : name.toCharArray()) {
      if (BASE32.indexOf(c) < 0) {
        throw new InputRejected(
            "onion",
            "An onion address holds only the letters a-z and the digits 2-7; \""
                + c
                + "\" is not one of them.");
      }
    }
    byte[] decoded = base32(name);
    byte[] publicKey = Arrays.copyOfRange(decoded, 0, 32);
    byte[] checksum = Arrays.copyOfRange(decoded, 32, 34);
    byte version = decoded[34];
    if (version != 3 || !Arrays.equals(checksum, checksum(publicKey, version))) {
      throw new InputRejected(
          "onion",
          "This onion address has a typo: its built-in checksum does not match. Copy it again from the onion service's hostname file.");
    }
    return host;
  }

  /**
   * The v3 address of a 32-byte ed25519 onion service key (rend-spec-v3: key, checksum, version,
   * base32).
   */
  static String onionFor(byte[] publicKey) {
    byte[] all = new byte[35];
    System.arraycopy(publicKey, 0, all, 0, 32);
    System.arraycopy(checksum(publicKey, (byte) 3), 0, all, 32, 2);
    all[34] = 3;
    StringBuilder out = new StringBuilder(56);
    int buffer = 0;
    int bits = 0;
    for (byte b : all) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(BASE32.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    return out + ".onion";
  }

  private static byte[] checksum(byte[] publicKey, byte version) {
    try {
      MessageDigest sha3 = MessageDigest.getInstance("SHA3-256");
      sha3.update(".onion checksum".getBytes(StandardCharsets.US_ASCII));
      sha3.update(publicKey);
      sha3.update(version);
      return Arrays.copyOf(sha3.digest(), 2);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("This Java runtime has no SHA3-256", e);
    }
  }

  /** 56 base32 characters are exactly 35 bytes. */
  private static byte[] base32(String text) {
    byte[] out = new byte[text.length() * 5 / 8];
    int buffer = 0;
    int bits = 0;
    int i = 0;
    for (char c : text.toCharArray()) {
      buffer = (buffer << 5) | BASE32.indexOf(c);
      bits += 5;
      if (bits >= 8) {
        out[i++] = (byte) (buffer >> (bits - 8));
        bits -= 8;
      }
    }
    return out;
  }
}
