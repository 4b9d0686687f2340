package org.samizdat.publishing.media;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The command-line converters phones' photos need: {@code heif-convert} (Debian {@code
 * libheif-examples}) reads HEIC/HEIF, {@code dwebp} and {@code cwebp} (Debian {@code webp}) read
 * and write WebP. Each runs as a plain process (no shell, arguments as a list) on files in a
 * private temporary folder, with a time limit; its output is only ever decoded again or checked,
 * never stored as it is.
 */
public final class ImageTools {

  /** What a missing tool means for the newsroom, for the start-up log and the upload answer. */
  public static final String INSTALL_HINT =
      "install the Debian packages libheif-examples and webp (heif-convert, dwebp, cwebp)";

  private final Path heifConvert;
  private final Path dwebp;
  private final Path cwebp;
  private final Duration timeout;

  ImageTools(Path heifConvert, Path dwebp, Path cwebp, Duration timeout) {
    this.heifConvert = heifConvert;
    this.dwebp = dwebp;
    this.cwebp = cwebp;
    this.timeout = timeout;
  }

  /** The tools found on {@code PATH}; any of them may be missing. */
  public static ImageTools fromPath(Duration timeout) {
    return new ImageTools(
        find("heif-convert").orElse(null),
        find("dwebp").orElse(null),
        find("cwebp").orElse(null),
        timeout);
  }

  /** No tools at all: JPEG and PNG only, no WebP variants. */
  public static ImageTools none() {
    return new ImageTools(null, null, null, Duration.ofSeconds(1));
  }

  public boolean readsHeif() {
    return heifConvert != null;
  }

  public boolean readsWebp() {
    return dwebp != null;
  }

  public boolean writesWebp() {
    return cwebp != null;
  }

  /** The names of the tools that are missing, empty when all are there. */
  public List<String> missing() {
    List<String> missing = new ArrayList<>();
    if (heifConvert == null) {
      missing.add("heif-convert");
    }
    if (dwebp == null) {
      missing.add("dwebp");
    }
    if (cwebp == null) {
      missing.add("cwebp");
    }
    return missing;
  }

  /** HEIC/HEIF bytes to a PNG (libheif applies the file's rotation and mirroring). */
  byte[] heifToPng(byte[] heif) throws IOException {
    return convert(heif, ".heic", ".png", (in, out) -> List.of(s(heifConvert), s(in), s(out)));
  }

  /** A still WebP to a PNG. */
  byte[] webpToPng(byte[] webp) throws IOException {
    return convert(
        webp, ".webp", ".png", (in, out) -> List.of(s(dwebp), "-quiet", s(in), "-o", s(out)));
  }

  /**
   * A PNG, JPEG, PPM or PAM image to a lossy WebP with no metadata ({@code -metadata none} is also
   * cwebp's default), {@code quality} 0-100.
   */
  byte[] toWebp(byte[] image, String inputSuffix, int quality) throws IOException {
    return convert(
        image,
        inputSuffix,
        ".webp",
        (in, out) ->
            List.of(
                s(cwebp),
                "-quiet",
                "-q",
                Integer.toString(quality),
                "-metadata",
                "none",
                s(in),
                "-o",
                s(out)));
  }

  /** {@link #toWebp(byte[], String, int)} for a file already on disk. */
  public byte[] fileToWebp(Path image, int quality) throws IOException {
    return toWebp(Files.readAllBytes(image), suffix(image), quality);
  }

  private interface Command {
    List<String> of(Path in, Path out);
  }

  private byte[] convert(byte[] input, String inSuffix, String outSuffix, Command command)
      throws IOException {
    Path dir = Files.createTempDirectory("samizdat-image-");
    try {
      Path in = dir.resolve("in" + inSuffix);
      Path out = dir.resolve("out" + outSuffix);
      Path log = dir.resolve("log.txt");
      Files.write(in, input);
      Process process =
          new ProcessBuilder(command.of(in, out))
              .directory(dir.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      boolean done;
      try {
        done = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while converting the image", e);
      }
      if (!done) {
        process.destroyForcibly();
        throw new IOException(
            command.of(in, out).get(0) + " took longer than " + timeout.toSeconds() + " s");
      }
      if (process.exitValue() != 0 || !Files.isRegularFile(out)) {
        String said = Files.readString(log).strip();
        throw new IOException(
            command.of(in, out).get(0)
                + " failed (exit "
                + process.exitValue()
                + "): "
                + (said.length() > 300 ? said.substring(0, 300) : said));
      }
      return Files.readAllBytes(out);
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static String suffix(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot);
  }

  private static String s(Path p) {
    return p.toString();
  }

  private static Optional<Path> find(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      path = "/usr/local/bin:/usr/bin:/bin";
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate.toAbsolutePath());
      }
    }
    return Optional.empty();
  }
}
