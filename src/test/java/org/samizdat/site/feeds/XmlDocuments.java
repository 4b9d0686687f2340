package org.samizdat.site.feeds;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.namespace.NamespaceContext;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.Source;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Strict XML for tests: namespace-aware parsing that fails on any error, XPath with short prefixes,
 * schema validation.
 */
final class XmlDocuments {

  /** Prefixes for XPath expressions in tests; the documents may use others. */
  static final Map<String, String> PREFIXES =
      Map.of(
          "s",
          Xml.SITEMAP,
          "x",
          Xml.XHTML,
          "n",
          Xml.NEWS,
          "a",
          Xml.ATOM,
          "content",
          Xml.CONTENT,
          "dc",
          Xml.DC,
          XMLConstants.XML_NS_PREFIX,
          XMLConstants.XML_NS_URI);

  private XmlDocuments() {}

  /** Parses or throws: every error, even a recoverable one, fails the test. */
  static Document parse(byte[] bytes) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(STRICT);
      return builder.parse(new ByteArrayInputStream(bytes));
    } catch (ParserConfigurationException | SAXException e) {
      throw new AssertionError(
          "Not well-formed XML: " + e.getMessage() + "\n" + new String(bytes), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> values(Document doc, String expression) {
    try {
      NodeList nodes = (NodeList) xpath().evaluate(expression, doc, XPathConstants.NODESET);
      List<String> values = new ArrayList<>(nodes.getLength());
      for (int i = 0; i < nodes.getLength(); i++) {
        values.add(nodes.item(i).getTextContent());
      }
      return values;
    } catch (XPathExpressionException e) {
      throw new IllegalArgumentException(expression, e);
    }
  }

  static String value(Document doc, String expression) {
    try {
      return xpath().evaluate(expression, doc);
    } catch (XPathExpressionException e) {
      throw new IllegalArgumentException(expression, e);
    }
  }

  /** Sitemap URL sets, with the XHTML alternates and Google News elements checked too. */
  static Schema urlsetSchema() {
    return schema("sitemap.xsd", "xhtml-link.xsd", "sitemap-news.xsd");
  }

  static Schema sitemapIndexSchema() {
    return schema("siteindex.xsd");
  }

  /** Validates or throws with the line and the reason. */
  static void validate(Schema schema, byte[] bytes) {
    try {
      var validator = schema.newValidator();
      validator.setErrorHandler(STRICT);
      validator.validate(new StreamSource(new ByteArrayInputStream(bytes)));
    } catch (SAXException e) {
      throw new AssertionError(
          "Invalid against the schema: " + e.getMessage() + "\n" + new String(bytes), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Schema schema(String... files) {
    try {
      SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
      factory.setErrorHandler(STRICT);
      Source[] sources = new Source[files.length];
      for (int i = 0; i < files.length; i++) {
        URL url = XmlDocuments.class.getResource("/feeds/" + files[i]);
        if (url == null) {
          throw new IllegalStateException("Missing test resource feeds/" + files[i]);
        }
        sources[i] = new StreamSource(url.toExternalForm());
      }
      return factory.newSchema(sources);
    } catch (SAXException e) {
      throw new IllegalStateException("A test schema is broken: " + e.getMessage(), e);
    }
  }

  private static XPath xpath() {
    XPath xpath = XPathFactory.newInstance().newXPath();
    xpath.setNamespaceContext(
        new NamespaceContext() {
          @Override
          public String getNamespaceURI(String prefix) {
            return PREFIXES.getOrDefault(prefix, XMLConstants.NULL_NS_URI);
          }

          @Override
          public String getPrefix(String namespaceURI) {
            return null;
          }

          @Override
          public Iterator<String> getPrefixes(String namespaceURI) {
            return null;
          }
        });
    return xpath;
  }

  private static final ErrorHandler STRICT =
      new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) throws SAXException {
          throw e;
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
          throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
          throw e;
        }
      };
}
