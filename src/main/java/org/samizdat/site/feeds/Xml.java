package org.samizdat.site.feeds;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A thin, fluent layer over {@link XMLStreamWriter}: the StAX writer does the escaping, this class
 * only drops the characters XML 1.0 cannot carry at all (a vertical tab pasted from a word
 * processor would otherwise make a whole feed unreadable) and turns the checked exception into an
 * unchecked one, since writing to memory cannot fail for I/O reasons.
 */
final class Xml {

  static final String ATOM = "http://www.w3.org/2005/Atom";
  static final String CONTENT = "http://purl.org/rss/1.0/modules/content/";
  static final String DC = "http://purl.org/dc/elements/1.1/";
  static final String SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9";
  static final String XHTML = "http://www.w3.org/1999/xhtml";
  static final String NEWS = "http://www.google.com/schemas/sitemap-news/0.9";

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 * 1024);
  private final XMLStreamWriter out;

  private Xml() {
    try {
      // The JDK's own writer, made per document: StAX factories are not promised to be thread-safe,
      // and this one is cheap because it skips the service lookup.
      out =
          XMLOutputFactory.newDefaultFactory()
              .createXMLStreamWriter(bytes, StandardCharsets.UTF_8.name());
      out.writeStartDocument(StandardCharsets.UTF_8.name(), "1.0");
      out.writeCharacters("\n");
    } catch (XMLStreamException e) {
      throw new IllegalStateException("Could not start an XML document", e);
    }
  }

  /** A new UTF-8 document, its declaration already written. */
  static Xml document() {
    return new Xml();
  }

  /** An element without a prefix (in the default namespace, if the root declared one). */
  Xml start(String name) {
    return run(() -> out.writeStartElement(name));
  }

  Xml start(String prefix, String namespace, String name) {
    return run(() -> out.writeStartElement(prefix, name, namespace));
  }

  Xml defaultNamespace(String namespace) {
    return run(() -> out.writeDefaultNamespace(namespace));
  }

  Xml namespace(String prefix, String namespace) {
    return run(() -> out.writeNamespace(prefix, namespace));
  }

  Xml attribute(String name, String value) {
    return run(() -> out.writeAttribute(name, clean(value)));
  }

  Xml lang(String language) {
    return run(
        () ->
            out.writeAttribute(
                XMLConstants.XML_NS_PREFIX, XMLConstants.XML_NS_URI, "lang", language));
  }

  Xml text(String value) {
    return run(() -> out.writeCharacters(clean(value)));
  }

  Xml end() {
    return run(out::writeEndElement);
  }

  /** {@code <name>value</name>}. */
  Xml element(String name, String value) {
    return start(name).text(value).end();
  }

  Xml element(String prefix, String namespace, String name, String value) {
    return start(prefix, namespace, name).text(value).end();
  }

  /** {@code <name a="1" b="2"/>}, attributes given as name, value, name, value... */
  Xml empty(String name, String... attributes) {
    run(() -> out.writeEmptyElement(name));
    return attributes(attributes);
  }

  Xml emptyPrefixed(String prefix, String namespace, String name, String... attributes) {
    run(() -> out.writeEmptyElement(prefix, name, namespace));
    return attributes(attributes);
  }

  private Xml attributes(String... attributes) {
    for (int i = 0; i + 1 < attributes.length; i += 2) {
      attribute(attributes[i], attributes[i + 1]);
    }
    return this;
  }

  /** A line break between top-level elements, so a person reading the file can find their way. */
  Xml newline() {
    return run(() -> out.writeCharacters("\n"));
  }

  byte[] finish() {
    run(
        () -> {
          out.writeEndDocument();
          out.flush();
          out.close();
        });
    return bytes.toByteArray();
  }

  /** RFC 3339 in UTC to the second: what Atom, sitemaps (W3C Datetime) and Google News ask for. */
  static String timestamp(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  /**
   * Removes what XML 1.0 forbids: control characters other than tab and line ends, lone surrogates,
   * U+FFFE/U+FFFF.
   */
  static String clean(String value) {
    if (value == null) {
      return "";
    }
    StringBuilder kept = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean allowed;
      if (Character.isHighSurrogate(c)) {
        allowed = i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
        if (allowed) {
          if (kept != null) {
            kept.append(c).append(value.charAt(i + 1));
          }
          i++;
          continue;
        }
      } else if (Character.isLowSurrogate(c)) {
        allowed = false;
      } else {
        allowed = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c != 0xFFFE && c != 0xFFFF);
      }
      if (!allowed && kept == null) {
        kept = new StringBuilder(value.length()).append(value, 0, i);
      } else if (allowed && kept != null) {
        kept.append(c);
      }
    }
    return kept == null ? value : kept.toString();
  }

  /** Text or an attribute value for XML written by hand: {@link #clean}ed and escaped. */
  static String escape(String value) {
    StringBuilder out = new StringBuilder(value.length() + 16);
    escape(value, out);
    return out.toString();
  }

  static void escape(String value, StringBuilder out) {
    String text = clean(value);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> out.append(c);
      }
    }
  }

  private interface Step {
    void run() throws XMLStreamException;
  }

  private Xml run(Step step) {
    try {
      step.run();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("Could not write XML", e);
    }
    return this;
  }
}
