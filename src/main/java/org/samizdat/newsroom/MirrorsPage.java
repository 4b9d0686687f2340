package org.samizdat.newsroom;

import java.util.Map;
import org.samizdat.reach.MirrorList;
import org.samizdat.reach.SigningKeyStatus;

/**
 * The mirrors screen: the list with its health, the form (as typed, when it was refused), and the
 * key that verifies the signed list.
 *
 * @param mirrorsText the form's mirror addresses, one a line
 * @param onionText the form's onion address
 * @param key the signing key's public half, fingerprint and rotation
 * @param canRotate whether this staff member may start a rotation (admins)
 */
public record MirrorsPage(
    MirrorList list,
    String mirrorsText,
    String onionText,
    Map<String, String> errors,
    String publicKeyBase64,
    String publicKeyPem,
    String verifyCommands,
    SigningKeyStatus key,
    boolean canRotate) {

  public String error(String field) {
    return errors.get(field);
  }

  public static String latency(Integer millis) {
    return millis == null ? "" : millis + " ms";
  }

  public static String servesLatest(Boolean serves) {
    return serves == null ? "" : serves ? "Yes" : "No";
  }
}
