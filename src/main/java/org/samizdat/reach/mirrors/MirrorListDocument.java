package org.samizdat.reach.mirrors;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.samizdat.reach.Mirror;
import org.samizdat.reach.MirrorList;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /mirrors.json}: the site's addresses for apps and people who cannot reach the main domain.
 * The bytes depend only on what the database holds and on configuration, so every node writes the
 * same ones and any node's signature matches any node's list.
 */
final class MirrorListDocument {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final ObjectWriter WRITER =
      MAPPER
          .writer()
          .with(
              new DefaultPrettyPrinter(
                      Separators.createDefaultInstance()
                          .withObjectNameValueSpacing(Separators.Spacing.AFTER))
                  .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                  .withArrayIndenter(new DefaultIndenter("  ", "\n")));

  private MirrorListDocument() {}

  static byte[] write(String name, String mainUrl, MirrorList list, SigningKey.State keys) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("name", name);
    root.put("main", mainUrl);
    root.put("onion", list.onionUrl());
    ArrayNode mirrors = root.putArray("mirrors");
    for (Mirror m : list.mirrors()) {
      ObjectNode mirror = mirrors.addObject();
      mirror.put("url", m.url());
      mirror.put("status", m.status().code());
      mirror.put("checked_at", rfc3339(m.checkedAt()));
      mirror.put("serves_latest", m.servesLatest());
    }
    root.put("updated", rfc3339(list.updated()));
    ObjectNode signing = root.putObject("signing_key");
    signing.put("algorithm", SigningKey.ALGORITHM);
    signing.put("public_key", keys.publicKeyBase64());
    signing.put("fingerprint", keys.fingerprint());
    if (keys.next() == null) {
      root.putNull("next_signing_key");
    } else {
      // Announced in a list the current key signs: apps that pinned it may trust this one too.
      ObjectNode next = root.putObject("next_signing_key");
      next.put("algorithm", SigningKey.ALGORITHM);
      next.put("public_key", keys.nextPublicKeyBase64());
      next.put("fingerprint", keys.nextFingerprint());
      next.put("signs_from", rfc3339(keys.handsOverAt()));
    }
    return (WRITER.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  static String rfc3339(Instant instant) {
    return instant == null
        ? null
        : DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }
}
