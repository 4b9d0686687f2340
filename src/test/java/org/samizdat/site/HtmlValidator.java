package org.samizdat.site;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import nu.validator.validation.SimpleDocumentValidator;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The W3C Nu HTML checker (vnu) as a library, offline: the schema comes from the copies packed
 * inside the validator's jar (its entity resolver falls back to nothing, never to the network), and
 * documents are handed over as bytes, never as URLs. Same schema as the checker's default for HTML:
 * HTML + SVG + MathML + RDFa Lite. Not thread-safe; building one takes a second or two.
 */
public final class HtmlValidator {

  static final String SCHEMA = "http://s.validator.nu/html5-rdfalite.rnc";

  /** One problem the checker reported, where it is in the document, and the source line. */
  public record Problem(int line, int column, String message, String source) {
    @Override
    public String toString() {
      return line + ":" + column + " " + message + (source.isEmpty() ? "" : "\n      " + source);
    }
  }

  private final SimpleDocumentValidator validator;
  private final Collector collector = new Collector();

  public HtmlValidator() {
    // no log4j set-up of its own, no URL logging, no language detection (it only ever warns)
    validator = new SimpleDocumentValidator(false, false, false);
    try {
      validator.setUpMainSchema(SCHEMA, new SchemaErrors());
      validator.setUpValidatorAndParsers(collector, false, false);
    } catch (Exception e) {
      throw new IllegalStateException("Could not set up the HTML checker with " + SCHEMA, e);
    }
  }

  /** The errors (fatal ones included, warnings not) in a text/html document sent as UTF-8. */
  public List<Problem> errors(byte[] html) {
    String[] lines = new String(html, StandardCharsets.UTF_8).split("\r\n|\r|\n", -1);
    collector.reset(lines);
    InputSource in = new InputSource(new ByteArrayInputStream(html));
    in.setSystemId("http://localhost/document.html");
    try {
      validator.checkHtmlInputSource(in);
    } catch (Exception e) {
      throw new IllegalStateException("The HTML checker failed", e);
    }
    return List.copyOf(collector.errors);
  }

  private static final class Collector implements ErrorHandler {
    private final List<Problem> errors = new ArrayList<>();
    private String[] lines = new String[0];

    void reset(String[] documentLines) {
      errors.clear();
      lines = documentLines;
    }

    @Override
    public void warning(SAXParseException e) {
      // warnings and info messages are not failures
    }

    @Override
    public void error(SAXParseException e) {
      add(e);
    }

    @Override
    public void fatalError(SAXParseException e) {
      add(e);
    }

    private void add(SAXParseException e) {
      int line = e.getLineNumber();
      String source = line >= 1 && line <= lines.length ? lines[line - 1] : "";
      if (isOutdatedRule(e.getMessage(), source)) {
        return;
      }
      if (source.length() > 160) {
        int from = Math.max(0, Math.min(source.length(), e.getColumnNumber()) - 120);
        int to = Math.min(source.length(), from + 160);
        source =
            (from > 0 ? "…" : "") + source.substring(from, to) + (to < source.length() ? "…" : "");
      }
      source = source.strip();
      errors.add(new Problem(line, e.getColumnNumber(), e.getMessage(), source));
    }
  }

  /**
   * Rules of this 2020 release of the checker that the HTML standard has since changed, and that
   * today's checker no longer reports. Each is matched narrowly, on the message and on the markup
   * of the reported line.
   */
  private static final List<OutdatedRule> OUTDATED_RULES =
      List.of(
          // <input type="email" autocomplete="username">, what password managers want on a sign-in
          // form: conforming since whatwg/html#5881 (2020), accepted by the checker since
          // validator/validator#1022.
          new OutdatedRule(
              "autofill field name “username” is not allowed in this context",
              Pattern.compile(
                  "type=\"email\"[^>]*autocomplete=\"username\"|autocomplete=\"username\"[^>]*type=\"email\"")),
          // enterkeyhint, a global attribute since 2019 (whatwg/html a5422d9), accepted by the
          // checker since validator/validator#1449.
          new OutdatedRule(
              "Attribute “enterkeyhint” not allowed on element",
              Pattern.compile("enterkeyhint=\"(enter|done|go|next|previous|search|send)\"")));

  private record OutdatedRule(String message, Pattern markup) {}

  static boolean isOutdatedRule(String message, String sourceLine) {
    return OUTDATED_RULES.stream()
        .anyMatch(r -> message.contains(r.message()) && r.markup().matcher(sourceLine).find());
  }

  private static final class SchemaErrors implements ErrorHandler {
    @Override
    public void warning(SAXParseException e) {
      // a schema warning does not stop checking
    }

    @Override
    public void error(SAXParseException e) throws SAXException {
      throw e;
    }

    @Override
    public void fatalError(SAXParseException e) throws SAXException {
      throw e;
    }
  }
}
