package org.samizdat.newsroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.samizdat.platform.Money;
import org.samizdat.revenue.Frequency;
import org.samizdat.revenue.RevenueReports.LedgerLine;

class ContributionsCsvTests {

  @Test
  void cellsAreQuotedOnlyWhenTheyNeedIt() {
    assertThat(ContributionsCsv.quote("plain@example.org")).isEqualTo("plain@example.org");
    assertThat(ContributionsCsv.quote("a,b")).isEqualTo("\"a,b\"");
    assertThat(ContributionsCsv.quote("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(ContributionsCsv.quote("two\nlines")).isEqualTo("\"two\nlines\"");
    assertThat(ContributionsCsv.quote(" padded")).isEqualTo("\" padded\"");
    assertThat(ContributionsCsv.quote("")).isEmpty();
  }

  @Test
  void textASpreadsheetWouldRunAsAFormulaStaysText() {
    for (String formula : new String[] {"=cmd()@x.org", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"}) {
      assertThat(ContributionsCsv.neutralise(formula)).isEqualTo("'" + formula);
    }
    assertThat(ContributionsCsv.neutralise("reader@x.org")).isEqualTo("reader@x.org");
    assertThat(ContributionsCsv.neutralise("a=b")).isEqualTo("a=b");
  }

  @Test
  void aLineHasEveryColumnAndARefundKeepsItsMinusSign() {
    StringWriter out = new StringWriter();
    ContributionsCsv csv = new ContributionsCsv(out, ZoneId.of("Europe/Riga"));
    csv.header();
    csv.line(
        new LedgerLine(
            7,
            Instant.parse("2026-01-31T22:30:00Z"),
            "=HYPERLINK(\"x\",\"y\")@x.org",
            "REFUND",
            Frequency.ONCE,
            Money.of(-1250, "EUR"),
            "manual",
            null));
    assertThat(out.toString())
        .isEqualTo(
            "Ledger id,Date (Europe/Riga),E-mail,Kind,Frequency,Amount,Currency,Provider,Provider payment id,Rail\r\n"
                + "7,2026-02-01 00:30:00,\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")@x.org\",REFUND,ONCE,-12.50,EUR,manual,,Offline\r\n");
  }
}
