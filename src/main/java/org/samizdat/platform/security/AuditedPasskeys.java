package org.samizdat.platform.security;

import java.util.List;
import org.samizdat.platform.audit.AuditLog;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;

/**
 * Spring Security's JDBC store of passkeys, with every passkey added or removed written to the
 * audit log (a sign-in also saves its passkey, to count its use: that is not an addition).
 */
final class AuditedPasskeys implements UserCredentialRepository {

  private final UserCredentialRepository store;
  private final AuditLog audit;

  AuditedPasskeys(UserCredentialRepository store, AuditLog audit) {
    this.store = store;
    this.audit = audit;
  }

  @Override
  public void delete(Bytes credentialId) {
    CredentialRecord existing = store.findByCredentialId(credentialId);
    store.delete(credentialId);
    if (existing != null) {
      audit.record("second-factor-change", "passkey \"" + existing.getLabel() + "\" removed");
    }
  }

  @Override
  public void save(CredentialRecord record) {
    boolean added = store.findByCredentialId(record.getCredentialId()) == null;
    store.save(record);
    if (added) {
      audit.record("second-factor-change", "passkey \"" + record.getLabel() + "\" added");
    }
  }

  @Override
  public CredentialRecord findByCredentialId(Bytes credentialId) {
    return store.findByCredentialId(credentialId);
  }

  @Override
  public List<CredentialRecord> findByUserId(Bytes userId) {
    return store.findByUserId(userId);
  }
}
