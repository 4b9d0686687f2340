package org.samizdat.backup;

import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a backup holds, stored as {@code manifest.json} inside it: where it came from, the schema
 * version of its database, and the size and SHA-256 of every other entry (its "parts").
 *
 * @param format always {@link #FORMAT}
 * @param formatVersion the layout of the archive; a reader refuses a newer one than it knows
 * @param appVersion the version of the app that wrote it
 * @param schemaVersion the last Flyway migration applied to the database it was taken from
 * @param createdAt when the database snapshot was taken (ISO-8601, UTC)
 * @param postgresVersion the server's version, for the record
 * @param source "embedded" or "external" database, and where it was
 * @param tables every table's rows, in an order that satisfies foreign keys
 * @param sequences every sequence's position, so new rows never reuse an id
 * @param media every file under the data directory's {@code media} folder
 */
public record Manifest(
    String format,
    int formatVersion,
    String appVersion,
    String schemaVersion,
    String createdAt,
    String postgresVersion,
    String source,
    List<TablePart> tables,
    List<SequenceValue> sequences,
    List<FilePart> media) {

  public static final String FORMAT = "samizdat-backup";
  public static final int FORMAT_VERSION = 1;
  static final String ENTRY = "manifest.json";

  /**
   * One table as PostgreSQL's COPY text format, with the columns in the order they appear there.
   */
  public record TablePart(
      String name, List<String> columns, long rows, String part, long bytes, String sha256) {}

  /** A sequence as {@code setval(name, lastValue, called)} puts it back. */
  public record SequenceValue(String name, long lastValue, boolean called) {}

  /** A file; {@code path} is relative to the media folder, with forward slashes. */
  public record FilePart(String path, long bytes, String sha256) {
    String part() {
      return "media/" + path;
    }
  }

  private static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  byte[] toJson() {
    return JSON.writeValueAsBytes(this);
  }

  static Manifest fromJson(byte[] json) {
    try {
      Manifest m = JSON.readValue(json, Manifest.class);
      if (m == null || !FORMAT.equals(m.format())) {
        throw new BackupRefused.Damaged("its manifest does not describe a Samizdat backup");
      }
      return m;
    } catch (JacksonException e) {
      throw new BackupRefused.Damaged(
          "its manifest cannot be read (" + e.getOriginalMessage() + ")", e);
    }
  }

  public long totalRows() {
    return tables.stream().mapToLong(TablePart::rows).sum();
  }

  public long rows(String table) {
    return tables.stream().filter(t -> t.name().equals(table)).mapToLong(TablePart::rows).sum();
  }

  public long mediaBytes() {
    return media.stream().mapToLong(FilePart::bytes).sum();
  }
}
