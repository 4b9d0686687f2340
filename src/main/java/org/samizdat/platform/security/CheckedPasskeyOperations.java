package org.samizdat.platform.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRequestOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.management.ImmutableRelyingPartyRegistrationRequest;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialCreationOptionsRequest;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialRequestOptionsRequest;
import org.springframework.security.web.webauthn.management.RelyingPartyAuthenticationRequest;
import org.springframework.security.web.webauthn.management.RelyingPartyPublicKey;
import org.springframework.security.web.webauthn.management.RelyingPartyRegistrationRequest;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;

/**
 * Spring Security's WebAuthn ceremonies, with our rules for a new passkey: a name of at most
 * {@value #MAX_LABEL} characters, at most {@value #MAX_PER_MEMBER} passkeys each. A passkey that
 * fails its checks (wrong origin, stale challenge, no user verification ...) becomes a {@link
 * PasskeyRejected}, answered 400 with a sentence, not a server error.
 */
final class CheckedPasskeyOperations implements WebAuthnRelyingPartyOperations {

  static final int MAX_LABEL = 100;
  static final int MAX_PER_MEMBER = 20;
  private static final Logger log = LoggerFactory.getLogger(CheckedPasskeyOperations.class);

  private final WebAuthnRelyingPartyOperations ceremonies;
  private final UserCredentialRepository credentials;

  CheckedPasskeyOperations(
      WebAuthnRelyingPartyOperations ceremonies, UserCredentialRepository credentials) {
    this.ceremonies = ceremonies;
    this.credentials = credentials;
  }

  @Override
  public PublicKeyCredentialCreationOptions createPublicKeyCredentialCreationOptions(
      PublicKeyCredentialCreationOptionsRequest request) {
    return ceremonies.createPublicKeyCredentialCreationOptions(request);
  }

  @Override
  public CredentialRecord registerCredential(RelyingPartyRegistrationRequest request) {
    RelyingPartyPublicKey key = request.getPublicKey();
    String label = key.getLabel() == null ? "" : key.getLabel().strip();
    if (label.isEmpty()
        || label.length() > MAX_LABEL
        || label.chars().anyMatch(Character::isISOControl)) {
      throw new PasskeyRejected(
          "Give the passkey a name of 1 to " + MAX_LABEL + " characters, such as \"Work laptop\".");
    }
    int existing = credentials.findByUserId(request.getCreationOptions().getUser().getId()).size();
    if (existing >= MAX_PER_MEMBER) {
      throw new PasskeyRejected(
          "You have "
              + existing
              + " passkeys already, the most one account may have: remove one you no longer use first.");
    }
    try {
      return ceremonies.registerCredential(
          new ImmutableRelyingPartyRegistrationRequest(
              request.getCreationOptions(), new RelyingPartyPublicKey(key.getCredential(), label)));
    } catch (RuntimeException e) {
      log.info("A new passkey was refused: {}", e.getMessage());
      throw new PasskeyRejected(
          "The passkey could not be checked, so it was not added. Try again from this page; if it"
              + " fails again, your device may not support passkeys with a PIN or fingerprint.",
          e);
    }
  }

  @Override
  public PublicKeyCredentialRequestOptions createCredentialRequestOptions(
      PublicKeyCredentialRequestOptionsRequest request) {
    return ceremonies.createCredentialRequestOptions(request);
  }

  @Override
  public PublicKeyCredentialUserEntity authenticate(RelyingPartyAuthenticationRequest request) {
    return ceremonies.authenticate(request);
  }
}
