package org.samizdat.backup;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Iterator;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openpgp.PGPEncryptedData;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcePBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePublicKeyDataDecryptorFactoryBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePublicKeyKeyEncryptionMethodGenerator;

/**
 * Backups encrypted to an OpenPGP public key (AES-256 with an integrity check), so a server that is
 * seized holds no backup it can read: only the holder of the private key, kept elsewhere, can
 * restore. The result is an ordinary OpenPGP message: {@code gpg --decrypt} opens it too.
 */
final class BackupEncryption {

  private static final BouncyCastleProvider PROVIDER = new BouncyCastleProvider();

  private BackupEncryption() {}

  /** Whether a file is an encrypted backup rather than a plain zip ("PK" at its start). */
  static boolean isEncrypted(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(2);
      return head.length == 2 && !(head[0] == 'P' && head[1] == 'K');
    }
  }

  /** The first key able to encrypt in an armored (or binary) public key file. */
  static PGPPublicKey publicKey(Path file) {
    try (InputStream in =
        PGPUtil.getDecoderStream(new BufferedInputStream(Files.newInputStream(file)))) {
      PGPPublicKeyRingCollection rings =
          new PGPPublicKeyRingCollection(in, new JcaKeyFingerprintCalculator());
      for (Iterator<PGPPublicKeyRing> r = rings.getKeyRings(); r.hasNext(); ) {
        for (Iterator<PGPPublicKey> k = r.next().getPublicKeys(); k.hasNext(); ) {
          PGPPublicKey key = k.next();
          if (key.isEncryptionKey()) {
            return key;
          }
        }
      }
    } catch (IOException | PGPException e) {
      throw new BackupRefused(
          "The backup public key "
              + file
              + " could not be read as an OpenPGP public key (export it with gpg --armor --export):"
              + " "
              + e.getMessage());
    }
    throw new BackupRefused(
        "The backup public key "
            + file
            + " has no key that can encrypt; export an encryption key.");
  }

  static void encrypt(Path plain, Path out, PGPPublicKey key) throws IOException {
    PGPEncryptedDataGenerator generator =
        new PGPEncryptedDataGenerator(
            new JcePGPDataEncryptorBuilder(PGPEncryptedData.AES_256)
                .setWithIntegrityPacket(true)
                .setSecureRandom(new SecureRandom())
                .setProvider(PROVIDER));
    generator.addMethod(new JcePublicKeyKeyEncryptionMethodGenerator(key).setProvider(PROVIDER));
    try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16);
        OutputStream encrypted = generator.open(file, new byte[1 << 16]);
        OutputStream literal =
            new PGPLiteralDataGenerator()
                .open(
                    encrypted,
                    PGPLiteralData.BINARY,
                    "samizdat-backup.zip",
                    new java.util.Date(),
                    new byte[1 << 16]);
        InputStream in = Files.newInputStream(plain)) {
      in.transferTo(literal);
    } catch (PGPException e) {
      throw new IOException("could not encrypt the backup: " + e.getMessage(), e);
    }
  }

  /**
   * Decrypts an encrypted backup with a secret key file (armored or binary) and its passphrase.
   *
   * @throws BackupRefused when the key does not open it or the file was changed
   */
  static void decrypt(Path in, Path out, Path secretKeyFile, char[] passphrase) throws IOException {
    PGPSecretKeyRingCollection secrets;
    try (InputStream keys =
        PGPUtil.getDecoderStream(new BufferedInputStream(Files.newInputStream(secretKeyFile)))) {
      secrets = new PGPSecretKeyRingCollection(keys, new JcaKeyFingerprintCalculator());
    } catch (IOException | PGPException e) {
      throw new BackupRefused(
          "The key "
              + secretKeyFile
              + " could not be read as an OpenPGP secret key (export it with gpg --armor"
              + " --export-secret-keys): "
              + e.getMessage());
    }
    try (InputStream raw =
        PGPUtil.getDecoderStream(new BufferedInputStream(Files.newInputStream(in)))) {
      JcaPGPObjectFactory factory = new JcaPGPObjectFactory(raw);
      Object first = factory.nextObject();
      PGPEncryptedDataList list =
          first instanceof PGPEncryptedDataList l ? l : (PGPEncryptedDataList) factory.nextObject();
      PGPPublicKeyEncryptedData data = null;
      PGPPrivateKey privateKey = null;
      for (Object o : list) {
        if (o instanceof PGPPublicKeyEncryptedData candidate) {
          PGPSecretKey secret = secrets.getSecretKey(candidate.getKeyID());
          if (secret != null) {
            privateKey =
                secret.extractPrivateKey(
                    new JcePBESecretKeyDecryptorBuilder().setProvider(PROVIDER).build(passphrase));
            data = candidate;
            break;
          }
        }
      }
      if (data == null) {
        throw new BackupRefused(
            "This backup was encrypted to another key than the one in " + secretKeyFile + ".");
      }
      InputStream clear =
          data.getDataStream(
              new JcePublicKeyDataDecryptorFactoryBuilder()
                  .setProvider(PROVIDER)
                  .build(privateKey));
      Object message = new JcaPGPObjectFactory(clear).nextObject();
      if (!(message instanceof PGPLiteralData literal)) {
        throw new BackupRefused("This encrypted file does not hold a Samizdat backup.");
      }
      try (InputStream body = literal.getInputStream();
          OutputStream file = Files.newOutputStream(out)) {
        body.transferTo(file);
      }
      if (data.isIntegrityProtected() && !data.verify()) {
        throw new BackupRefused("The encrypted backup was changed after it was written.");
      }
    } catch (PGPException e) {
      throw new BackupRefused(
          "The backup could not be decrypted with "
              + secretKeyFile
              + " (wrong passphrase, or a damaged file): "
              + e.getMessage());
    } catch (ClassCastException | IllegalArgumentException e) {
      throw new BackupRefused("This file is neither a Samizdat backup nor an encrypted one.");
    }
  }
}
