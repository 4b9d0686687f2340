package org.samizdat.platform.security;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Encrypts small secrets kept in the database (authenticator-app secrets) with AES-GCM under a key
 * of {@link AppSecrets}, so a row copied alone (a log, a query result, a table dump) gives nothing
 * away. Each purpose has its own key.
 */
@Component
public class SecretBox {

  private static final SecureRandom RANDOM = new SecureRandom();
  private final AppSecrets secrets;

  SecretBox(AppSecrets secrets) {
    this.secrets = secrets;
  }

  public byte[] seal(String purpose, byte[] plain) {
    try {
      byte[] iv = new byte[12];
      RANDOM.nextBytes(iv);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key(purpose), new GCMParameterSpec(128, iv));
      c.updateAAD(purpose.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      byte[] boxed = c.doFinal(plain);
      return ByteBuffer.allocate(iv.length + boxed.length).put(iv).put(boxed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public byte[] open(String purpose, byte[] box) {
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key(purpose), new GCMParameterSpec(128, box, 0, 12));
      c.updateAAD(purpose.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return c.doFinal(box, 12, box.length - 12);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("A boxed secret (" + purpose + ") cannot be opened", e);
    }
  }

  private SecretKeySpec key(String purpose) {
    byte[] raw = Base64.getUrlDecoder().decode(secrets.get("secret-box-" + purpose));
    return new SecretKeySpec(raw, "AES");
  }
}
