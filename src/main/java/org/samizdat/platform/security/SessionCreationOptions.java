package org.samizdat.platform.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.web.webauthn.api.AttestationConveyancePreference;
import org.springframework.security.web.webauthn.api.AuthenticatorSelectionCriteria;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialParameters;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.ResidentKeyRequirement;
import org.springframework.security.web.webauthn.api.UserVerificationRequirement;
import org.springframework.security.web.webauthn.registration.PublicKeyCredentialCreationOptionsRepository;

/**
 * Keeps a passkey registration's options in the session between asking for them and sending the new
 * passkey. Sessions live in PostgreSQL (Java serialization), and Spring Security's options object
 * is not serializable: the session holds what registration checks (RP, user, challenge, user
 * verification, algorithms), and the options are built again from it.
 */
final class SessionCreationOptions implements PublicKeyCredentialCreationOptionsRepository {

  static final String ATTRIBUTE = "samizdat.passkeyRegistration";

  private static final List<PublicKeyCredentialParameters> ALGORITHMS =
      List.of(
          PublicKeyCredentialParameters.EdDSA,
          PublicKeyCredentialParameters.ES256,
          PublicKeyCredentialParameters.ES384,
          PublicKeyCredentialParameters.ES512,
          PublicKeyCredentialParameters.RS256,
          PublicKeyCredentialParameters.RS384,
          PublicKeyCredentialParameters.RS512);

  record Pending(
      String rpId,
      String rpName,
      byte[] challenge,
      byte[] userId,
      String userName,
      String userDisplayName,
      String userVerification,
      String residentKey,
      long[] algorithms,
      long timeoutMillis)
      implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
  }

  @Override
  public void save(
      HttpServletRequest request,
      HttpServletResponse response,
      PublicKeyCredentialCreationOptions options) {
    if (options == null) {
      HttpSession session = request.getSession(false);
      if (session != null) {
        session.removeAttribute(ATTRIBUTE);
      }
      return;
    }
    var selection = options.getAuthenticatorSelection();
    request
        .getSession()
        .setAttribute(
            ATTRIBUTE,
            new Pending(
                options.getRp().getId(),
                options.getRp().getName(),
                options.getChallenge().getBytes(),
                options.getUser().getId().getBytes(),
                options.getUser().getName(),
                options.getUser().getDisplayName(),
                selection == null || selection.getUserVerification() == null
                    ? null
                    : selection.getUserVerification().getValue(),
                selection == null || selection.getResidentKey() == null
                    ? null
                    : selection.getResidentKey().getValue(),
                options.getPubKeyCredParams().stream()
                    .mapToLong(p -> p.getAlg().getValue())
                    .toArray(),
                options.getTimeout() == null ? 0 : options.getTimeout().toMillis()));
  }

  @Override
  public PublicKeyCredentialCreationOptions load(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session == null || !(session.getAttribute(ATTRIBUTE) instanceof Pending p)) {
      return null;
    }
    List<PublicKeyCredentialParameters> algorithms = new ArrayList<>();
    for (long alg : p.algorithms()) {
      ALGORITHMS.stream()
          .filter(a -> a.getAlg().getValue() == alg)
          .findFirst()
          .ifPresent(algorithms::add);
    }
    var selection = AuthenticatorSelectionCriteria.builder();
    if (p.userVerification() != null) {
      selection.userVerification(
          switch (p.userVerification()) {
            case "discouraged" -> UserVerificationRequirement.DISCOURAGED;
            case "preferred" -> UserVerificationRequirement.PREFERRED;
            default -> UserVerificationRequirement.REQUIRED;
          });
    }
    if (p.residentKey() != null) {
      selection.residentKey(ResidentKeyRequirement.valueOf(p.residentKey()));
    }
    var builder =
        PublicKeyCredentialCreationOptions.builder()
            .rp(PublicKeyCredentialRpEntity.builder().id(p.rpId()).name(p.rpName()).build())
            .user(
                ImmutablePublicKeyCredentialUserEntity.builder()
                    .id(new Bytes(p.userId()))
                    .name(p.userName())
                    .displayName(p.userDisplayName())
                    .build())
            .challenge(new Bytes(p.challenge()))
            .pubKeyCredParams(algorithms)
            .authenticatorSelection(selection.build())
            .attestation(AttestationConveyancePreference.NONE);
    if (p.timeoutMillis() > 0) {
      builder.timeout(Duration.ofMillis(p.timeoutMillis()));
    }
    return builder.build();
  }
}
