package org.samizdat.site.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class XmlTests {

  @Test
  void charactersXmlCannotCarryAreDroppedAndEverythingElseIsKept() {
    assertThat(Xml.clean("Tab\there\nand\r\n")).isEqualTo("Tab\there\nand\r\n");
    assertThat(Xml.clean("pasted\u000Bfrom\u0000Word\u001F")).isEqualTo("pastedfromWord");
    assertThat(Xml.clean("emoji \uD83D\uDCF0 stays")).isEqualTo("emoji \uD83D\uDCF0 stays");
    assertThat(Xml.clean("lone \uD83D surrogate \uDCF0 goes")).isEqualTo("lone  surrogate  goes");
    assertThat(Xml.clean("\uFFFE\uFFFF")).isEmpty();
    assertThat(Xml.clean("Кириллица < & > \"")).isEqualTo("Кириллица < & > \"");
    assertThat(Xml.clean(null)).isEmpty();
  }

  @Test
  void textAndAttributesAreEscapedSoTheyReadBackExactly() {
    String tricky = "<script>alert('x')</script> & \"quotes\" ]]> \u000B";
    byte[] bytes =
        Xml.document()
            .start("root")
            .attribute("title", tricky)
            .element("text", tricky)
            .end()
            .finish();

    String xml = new String(bytes, StandardCharsets.UTF_8);
    assertThat(xml)
        .startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        .doesNotContain("<script>");
    Document doc = XmlDocuments.parse(bytes);
    String expected = "<script>alert('x')</script> & \"quotes\" ]]> ";
    assertThat(XmlDocuments.value(doc, "/root/@title")).isEqualTo(expected);
    assertThat(XmlDocuments.value(doc, "/root/text")).isEqualTo(expected);
  }

  @Test
  void timestampsAreUtcToTheSecond() {
    assertThat(Xml.timestamp(Instant.parse("2024-03-05T07:08:09.123456Z")))
        .isEqualTo("2024-03-05T07:08:09Z");
    assertThat(RssWriter.rfc822(Instant.parse("2024-03-05T07:08:09Z")))
        .isEqualTo("Tue, 5 Mar 2024 07:08:09 GMT");
  }
}
