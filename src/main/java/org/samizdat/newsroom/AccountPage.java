package org.samizdat.newsroom;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.samizdat.platform.web.QrSvg;

/**
 * @param pendingSecret the Base32 secret of an authenticator app being set up, or null
 * @param pendingUri its otpauth URI, or null
 * @param secondFactorRequired whether the newsroom requires a second factor of everyone
 * @param passkeys the member's passkeys, oldest first
 * @param reviewMail whether this editor gets an e-mail for each draft ready for review
 */
public record AccountPage(
    String email,
    StaffRole role,
    long openSessions,
    boolean hasAuthenticator,
    String pendingSecret,
    String pendingUri,
    boolean secondFactorRequired,
    List<Passkey> passkeys,
    Map<String, String> errors,
    boolean reviewMail) {

  /** One passkey: its credential id (base64url), the name its owner gave it, when made and used. */
  public record Passkey(String id, String label, Instant created, Instant lastUsed) {

    public String createdText() {
      return created == null ? "" : Format.dateTime(created);
    }

    public String lastUsedText() {
      return lastUsed == null ? "never" : Format.dateTime(lastUsed);
    }
  }

  /** Whether the member has any second factor (authenticator app or passkey). */
  public boolean hasSecondFactor() {
    return hasAuthenticator || !passkeys.isEmpty();
  }

  /**
   * The otpauth URI as a QR code (an SVG drawn on the server: only numbers, safe to put in the page
   * as it is), or null.
   */
  public String pendingQrSvg() {
    return pendingUri == null ? null : QrSvg.of(pendingUri);
  }

  /** The secret in groups of four, as authenticator apps show it. */
  public String pendingSecretGrouped() {
    return pendingSecret == null ? null : pendingSecret.replaceAll("(.{4})(?!$)", "$1 ");
  }
}
