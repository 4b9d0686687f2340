package org.samizdat.newsroom;

import java.util.List;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.stereotype.Service;

/**
 * The passkeys of staff members, as their account screen lists them. Spring Security registers
 * passkeys and checks them at sign-in; removing one goes through its store too (which audits it). A
 * passkey belongs to one member: the database deletes it with their account.
 */
@Service
class StaffPasskeys {

  private final PasskeyRepository passkeys;
  private final UserCredentialRepository credentials;

  StaffPasskeys(PasskeyRepository passkeys, UserCredentialRepository credentials) {
    this.passkeys = passkeys;
    this.credentials = credentials;
  }

  List<AccountPage.Passkey> of(long staffId) {
    return passkeys.of(staffId);
  }

  boolean any(long staffId) {
    return passkeys.any(staffId);
  }

  boolean any(String email) {
    return passkeys.any(email);
  }

  /** Removes one of this member's passkeys; false when they have none with this id. */
  boolean remove(long staffId, String credentialId) {
    if (!passkeys.belongsTo(credentialId, staffId)) {
      return false;
    }
    credentials.delete(Bytes.fromBase64(credentialId));
    return true;
  }

  /** Removes every passkey of this member; how many there were. */
  int removeAll(long staffId) {
    int keys = passkeys.count(staffId);
    // the credentials go with their user entity
    passkeys.deleteAll(staffId);
    return keys;
  }
}
