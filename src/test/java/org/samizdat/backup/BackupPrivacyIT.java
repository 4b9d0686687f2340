package org.samizdat.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.samizdat.backup.CommandOutput.run;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Date;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPEncryptedData;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.operator.PGPDigestCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPKeyPair;
import org.bouncycastle.openpgp.operator.jcajce.JcePBESecretKeyEncryptorBuilder;
import org.junit.jupiter.api.Test;
import org.samizdat.IntegrationTest;
import org.samizdat.OwnDataDirectory;
import org.samizdat.SlowTest;
import org.samizdat.WebClient;
import org.samizdat.WebClient.Response;
import org.samizdat.platform.Money;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.security.AppSecrets;
import org.samizdat.reach.newsletter.NewsletterAdmin;
import org.samizdat.revenue.Frequency;
import org.samizdat.revenue.PaymentEvent;
import org.samizdat.revenue.Reminders;
import org.samizdat.revenue.TestModeWebhooks;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What a stolen backup holds: nothing of people who left, and nothing at all without the private
 * key.
 */
@SlowTest
@ContextConfiguration(initializers = OwnDataDirectory.class)
class BackupPrivacyIT extends IntegrationTest {

  static final String PASSPHRASE = "backup key passphrase";
  static final Path KEYS = keys();

  @DynamicPropertySource
  static void backupKey(DynamicPropertyRegistry registry) {
    registry.add("samizdat.backup.public-key", () -> KEYS.resolve("public.asc").toString());
    // mails really go out here (into the data directory's development folder): a sent mail leaves
    // the outbox, and what is still queued when the backup is taken is rightly in it
    registry.add("samizdat.mail.send-interval", () -> "1s");
  }

  @Autowired JdbcClient jdbc;
  @Autowired AppSecrets secrets;
  @Autowired Reminders reminders;
  @Autowired NewsletterAdmin newsletter;
  @Autowired PlatformSettings platform;

  @Test
  void withAKeyConfiguredAdminsAreNotToldBackupsAreInTheClear() {
    WebClient admin = admin();
    for (String screen : List.of("/newsroom/articles", "/newsroom/staff", "/newsroom/account")) {
      Response page = admin.get(screen);
      assertThat(page.status()).as(screen).isEqualTo(200);
      assertThat(page.html().select(".backup-notice")).as(screen).isEmpty();
      assertThat(page.body()).as(screen).doesNotContain("Backups are not encrypted");
    }
  }

  @Test
  void aBackupHoldsNoneOfThePeopleWhoLeftAndOpensOnlyWithTheKey() throws Exception {
    String u = UUID.randomUUID().toString().substring(0, 8);
    String subscriber = "subscriber-" + u + "@example.org";
    String reminded = "reminded-" + u + "@example.org";
    String supporter = "supporter-" + u + "@example.org";
    String staying = "staying-" + u + "@example.org";

    // a newsletter subscriber the newsroom deletes (their confirmation still queued)
    assertThat(
            client()
                .post("/newsletter", Map.of("email", subscriber, "frequency", "daily"))
                .status())
        .isEqualTo(200);
    UUID id =
        jdbc.sql("SELECT id FROM newsletter_subscriber WHERE email = :e")
            .param("e", subscriber)
            .query(UUID.class)
            .single();
    assertThat(newsletter.remove(id, "test")).isTrue();

    // a reminder that is sent on its day
    client()
        .post(
            "/support/remind",
            Map.of("email", reminded, "date", LocalDate.now().plusDays(3).toString()));
    jdbc.sql("UPDATE reminder SET remind_on = :d WHERE email = :e")
        .param("d", Date.valueOf(LocalDate.now().minusDays(1)))
        .param("e", reminded)
        .update();
    assertThat(reminders.sendDue()).isPositive();

    // a supporter who erases themselves, and one who stays
    TestModeWebhooks webhooks = new TestModeWebhooks(secrets, port);
    for (String who : List.of(supporter, staying)) {
      webhooks.send(
          new PaymentEvent.CheckoutCompleted(
              "evt_bk_" + who.hashCode() + u,
              Instant.now(),
              null,
              who,
              Money.of(1500, "USD"),
              Frequency.ONCE,
              null,
              null,
              "pi_bk_" + who.hashCode() + u));
    }
    client().post("/support/manage", Map.of("email", supporter));
    Matcher link =
        Pattern.compile("http://[^/\\s]+(/support/manage/\\S+)")
            .matcher(sentMail(supporter, "/support/manage/"));
    assertThat(link.find()).isTrue();
    String page =
        client().post(link.group(1), Map.of()).location().replaceFirst("^https?://[^/]+", "");
    assertThat(client().post(page + "/erase", Map.of("confirm", "yes")).status()).isEqualTo(200);

    // the reminder has gone out: the outbox holds nothing addressed to anyone who left
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                jdbc.sql("SELECT count(*) FROM mail_outbox WHERE recipient IN (:a, :b, :c)")
                    .param("a", subscriber)
                    .param("b", reminded)
                    .param("c", supporter)
                    .query(Long.class)
                    .single(),
            n -> n == 0);

    // the running app writes the backup, encrypted to the configured key
    WebClient admin = admin();
    admin.open("/newsroom");
    Response made = admin.post("/newsroom/backup", Map.of());
    assertThat(made.status()).as(made.body()).isEqualTo(200);
    assertThat(made.body()).doesNotContain("NOT encrypted");
    Path backup;
    try (Stream<Path> files = Files.list(Path.of(platform.dataDir(), "backups"))) {
      backup = files.filter(f -> f.toString().endsWith(".pgp")).findFirst().orElseThrow();
    }
    byte[] sealed = Files.readAllBytes(backup);
    assertThat(BackupEncryption.isEncrypted(backup)).isTrue();
    assertThat(new String(sealed, StandardCharsets.ISO_8859_1))
        .as("without the key, not even the addresses still held can be read")
        .doesNotContain(staying)
        .doesNotContain(ADMIN_EMAIL);

    Path clear = KEYS.resolve("clear-" + u + ".zip");
    BackupEncryption.decrypt(backup, clear, KEYS.resolve("secret.asc"), PASSPHRASE.toCharArray());
    String everything = unzipped(clear).toLowerCase(Locale.ROOT);
    assertThat(everything).as("the decrypted archive is a real backup").contains(staying);
    assertThat(everything)
        .doesNotContain(subscriber)
        .doesNotContain(reminded)
        .doesNotContain(supporter);
    assertThat(everything)
        .as("sessions and failed sign-ins are left out")
        .doesNotContain("\"spring_session\"")
        .doesNotContain("\"login_failure\"");

    // restore: refused without the key, done with it
    Path empty = Files.createTempDirectory(KEYS, "restore-");
    CommandOutput refused =
        run("restore", "--from", backup.toString(), "--data-dir", empty.toString());
    assertThat(refused.code()).as(refused.toString()).isNotZero();
    assertThat(refused.err() + refused.out()).contains("is encrypted").contains("--key");
    assertThat(empty.resolve("postgres")).doesNotExist();

    CommandOutput wrong =
        run(
            "restore",
            "--from",
            backup.toString(),
            "--key",
            KEYS.resolve("secret.asc").toString(),
            "--data-dir",
            empty.toString(),
            "--samizdat.backup.key-passphrase=not the passphrase");
    assertThat(wrong.code()).as(wrong.toString()).isNotZero();
    assertThat(wrong.err() + wrong.out()).contains("could not be decrypted");

    CommandOutput restored =
        run(
            "restore",
            "--from",
            backup.toString(),
            "--key",
            KEYS.resolve("secret.asc").toString(),
            "--data-dir",
            empty.toString(),
            "--samizdat.backup.key-passphrase=" + PASSPHRASE);
    assertThat(restored.code()).as(restored.toString()).isZero();
    assertThat(restored.out()).contains("Restored " + backup + ":");

    // restoring over it with --force saves what was there first, encrypted to the same key
    CommandOutput again =
        run(
            "restore",
            "--from",
            backup.toString(),
            "--key",
            KEYS.resolve("secret.asc").toString(),
            "--force",
            "--data-dir",
            empty.toString(),
            "--samizdat.backup.public-key=" + KEYS.resolve("public.asc"),
            "--samizdat.backup.key-passphrase=" + PASSPHRASE);
    assertThat(again.code()).as(again.toString()).isZero();
    Path saved;
    try (Stream<Path> files = Files.list(empty.resolve("backups"))) {
      saved =
          files
              .filter(f -> f.getFileName().toString().startsWith("before-restore-"))
              .findFirst()
              .orElseThrow();
    }
    assertThat(saved.getFileName().toString()).endsWith(".zip.pgp");
    assertThat(BackupEncryption.isEncrypted(saved)).isTrue();
    assertThat(new String(Files.readAllBytes(saved), StandardCharsets.ISO_8859_1))
        .doesNotContain(staying);
  }

  /** The text of a mail that went out to {@code to} containing {@code part}, once it has. */
  String sentMail(String to, String part) {
    Path folder = Path.of(platform.dataDir(), "mail-outbox-dev");
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              if (!Files.isDirectory(folder)) {
                return null;
              }
              try (Stream<Path> files = Files.list(folder)) {
                for (Path f : files.filter(f -> f.toString().endsWith(".eml")).toList()) {
                  try (var in = Files.newInputStream(f)) {
                    MimeMessage mail = new MimeMessage(Session.getInstance(new Properties()), in);
                    Object content = mail.getContent();
                    if (mail.getAllRecipients() != null
                        && mail.getAllRecipients()[0].toString().contains(to)
                        && content instanceof String text
                        && text.contains(part)) {
                      return text;
                    }
                  }
                }
              }
              return null;
            },
            t -> t != null);
  }

  /** Every part of the archive, decompressed: the bytes a thief with the key would search. */
  static String unzipped(Path zip) throws Exception {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        all.write(e.getName().getBytes(StandardCharsets.UTF_8));
        in.transferTo(all);
      }
    }
    return all.toString(StandardCharsets.UTF_8);
  }

  /** A fresh OpenPGP key pair for this run, as gpg would export it. */
  static Path keys() {
    try {
      Path dir =
          Files.createTempDirectory(
              Files.createDirectories(Path.of("target")).toAbsolutePath(), "backup-keys-");
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair pair = generator.generateKeyPair();
      PGPKeyPair pgp = new JcaPGPKeyPair(PGPPublicKey.RSA_GENERAL, pair, new java.util.Date());
      PGPDigestCalculator sha1 =
          new JcaPGPDigestCalculatorProviderBuilder().build().get(HashAlgorithmTags.SHA1);
      PGPSecretKey secret =
          new PGPSecretKey(
              PGPSignature.DEFAULT_CERTIFICATION,
              pgp,
              "Samizdat backups <backups@samizdat.test>",
              sha1,
              null,
              null,
              new JcaPGPContentSignerBuilder(
                  pgp.getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA256),
              new JcePBESecretKeyEncryptorBuilder(PGPEncryptedData.AES_256, sha1)
                  .build(PASSPHRASE.toCharArray()));
      try (OutputStream out =
          new ArmoredOutputStream(Files.newOutputStream(dir.resolve("secret.asc")))) {
        secret.encode(out);
      }
      try (OutputStream out =
          new ArmoredOutputStream(Files.newOutputStream(dir.resolve("public.asc")))) {
        secret.getPublicKey().encode(out);
      }
      return dir;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
