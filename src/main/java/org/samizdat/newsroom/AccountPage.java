package org.samizdat.newsroom;

import java.util.Map;

/**
 * @param pendingSecret the Base32 secret of an authenticator app being set up, or null
 * @param pendingUri its otpauth URI, or null
 * @param secondFactorRequired whether the newsroom requires a second factor of everyone
 */
public record AccountPage(
    String email,
    StaffRole role,
    long openSessions,
    boolean hasAuthenticator,
    String pendingSecret,
    String pendingUri,
    boolean secondFactorRequired,
    Map<String, String> errors) {

  /** The secret in groups of four, as authenticator apps show it. */
  public String pendingSecretGrouped() {
    return pendingSecret == null ? null : pendingSecret.replaceAll("(.{4})(?!$)", "$1 ");
  }
}
