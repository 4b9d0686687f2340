package org.samizdat.reach.mirrors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The signing key given by configuration: read right, or the start refused with a clear line. */
class ConfiguredKeyTests {

  static final String VARIABLE = "SAMIZDAT_MIRROR_SIGNING_KEY";

  @Test
  void aKeyFileReadableOnlyByItsOwnerGivesThePairWithItsPublicHalf() throws Exception {
    KeyPair pair = SigningKeys.fresh();
    Path file = SigningKeys.file(pair, "rw-------");

    KeyPair read = ConfiguredKey.read(file.toString(), "", VARIABLE);

    assertThat(read.getPublic().getEncoded()).isEqualTo(pair.getPublic().getEncoded());
    assertThat(SigningKey.fingerprint(read.getPublic()))
        .isEqualTo(SigningKeys.fingerprint(pair.getPublic()))
        .matches("([0-9a-f]{4} ){15}[0-9a-f]{4}");
  }

  @Test
  void aKeyFileOthersMayReadStopsTheStartSayingHowToFixIt() {
    Path worldReadable = SigningKeys.file(SigningKeys.fresh(), "rw-r--r--");
    assertThatThrownBy(() -> ConfiguredKey.read(worldReadable.toString(), "", VARIABLE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(VARIABLE + "_FILE " + worldReadable)
        .hasMessageContaining("group or others may read it (mode rw-r--r--)")
        .hasMessageContaining("chmod 600 " + worldReadable);

    Path groupReadable = SigningKeys.file(SigningKeys.fresh(), "rw-r-----");
    assertThatThrownBy(() -> ConfiguredKey.read(groupReadable.toString(), "", VARIABLE))
        .hasMessageContaining("group or others may read it");
  }

  @Test
  void aMissingOrMalformedKeyIsRefusedWithTheRecipeForAGoodOne() throws Exception {
    assertThatThrownBy(() -> ConfiguredKey.read("/nonexistent/mirrors-key.pem", "", VARIABLE))
        .hasMessageContaining("no such file")
        .hasMessageContaining("openssl genpkey -algorithm ed25519");

    Path garbage = SigningKeys.file(SigningKeys.fresh(), "rw-------");
    Files.writeString(
        garbage, "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n");
    assertThatThrownBy(() -> ConfiguredKey.read(garbage.toString(), "", VARIABLE))
        .hasMessageContaining(VARIABLE + "_FILE " + garbage)
        .hasMessageContaining("expected an Ed25519 private key in PKCS#8 PEM");

    KeyPair rsa = java.security.KeyPairGenerator.getInstance("RSA").generateKeyPair();
    String rsaPem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(rsa.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    assertThatThrownBy(() -> ConfiguredKey.read("", rsaPem, VARIABLE))
        .hasMessageStartingWith(VARIABLE + ": not an Ed25519 private key");
    assertThatThrownBy(() -> ConfiguredKey.read("", "-----BEGIN PUBLIC KEY-----\nAA==\n", VARIABLE))
        .hasMessageContaining("not a PKCS#8 PEM");
  }

  @Test
  void theVariableTakesThePemOrItsBase64BodyAndNothingSetMeansNoKey() {
    KeyPair pair = SigningKeys.fresh();
    assertThat(ConfiguredKey.read("", SigningKeys.pem(pair), VARIABLE).getPublic().getEncoded())
        .isEqualTo(pair.getPublic().getEncoded());
    String body = Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded());
    assertThat(ConfiguredKey.read("", body, VARIABLE).getPublic().getEncoded())
        .isEqualTo(pair.getPublic().getEncoded());
    assertThat(ConfiguredKey.read("", " ", VARIABLE)).isNull();
  }
}
