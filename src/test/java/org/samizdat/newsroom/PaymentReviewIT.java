package org.samizdat.newsroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.samizdat.IntegrationTest;
import org.samizdat.WebClient;
import org.samizdat.WebClient.Response;
import org.samizdat.revenue.PaymentReviews;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A reader pays only half of a crypto invoice (the local BTCPay test store, signed webhooks as
 * BTCPay sends them); the newsroom shows what arrived against what was asked, in the gift's
 * currency, and an editor marks it reviewed with what they did.
 */
class PaymentReviewIT extends IntegrationTest {

  @Autowired PaymentReviews reviews;
  @Autowired StaffDirectory staff;
  @Autowired JdbcClient jdbc;

  WebClient admin;
  String u;

  @BeforeEach
  void setUp() {
    admin = admin();
    u = UUID.randomUUID().toString().substring(0, 8);
  }

  /** Gives in the BTCPay test mode and pays half; answers the invoice id. */
  private String payHalfInCrypto(String amountMinor, String currency) {
    WebClient reader = client();
    Response started =
        reader.postForm(
            "/support/checkout",
            Map.of(
                "provider",
                "btcpay-testmode",
                "frequency",
                "once",
                "amount",
                amountMinor,
                "currency",
                currency),
            false);
    assertThat(started.status()).isEqualTo(303);
    String checkoutPage = started.location();
    assertThat(checkoutPage).contains("/support/btcpay-testmode/i/");
    String invoice = checkoutPage.substring(checkoutPage.lastIndexOf('/') + 1);
    Response paid = reader.postForm(checkoutPage, Map.of("action", "partial"), false);
    assertThat(paid.status()).isEqualTo(302);
    return invoice;
  }

  private Element row(Document page, String invoice) {
    return page.select("#open-reviews tbody tr").stream()
        .filter(tr -> tr.select("code").text().equals(invoice))
        .findFirst()
        .orElse(null);
  }

  @Test
  void aPartlyPaidInvoiceIsShownWithWhatArrivedAndIsMarkedReviewed() {
    long openBefore = reviews.openCount();
    String invoice = payHalfInCrypto("2500", "USD");

    Document page = admin.open("/newsroom/revenue/reviews").html();
    Element tr = row(page, invoice);
    assertThat(tr).as("the half-paid invoice is listed").isNotNull();
    assertThat(tr.select(".reason").text()).startsWith("paid partly");
    assertThat(tr.select(".expected").text()).isEqualTo("$25");
    assertThat(tr.select(".received").text()).isEqualTo("$12.50 (−$12.50)");
    assertThat(tr.select(".recorded").text())
        .as("what arrived is already in the ledger")
        .isEqualTo("$12.50");
    assertThat(tr.select("a[href^=/newsroom/revenue/contributions/]")).hasSize(1);
    assertThat(reviews.openCount()).isEqualTo(openBefore + 1);
    assertThat(admin.get("/newsroom/revenue").html().select("#payments-to-review").text())
        .as("the dashboard says how many wait")
        .isEqualTo(Long.toString(openBefore + 1));
    assertThat(page.select("nav.revenue-nav a[aria-current=page]").text())
        .isEqualTo("Payments to review");

    long id = Long.parseLong(tr.attr("data-review"));
    Response marked =
        admin.post(
            "/newsroom/revenue/reviews/" + id + "/reviewed",
            Map.of("note", "Wrote to the reader " + u));
    assertThat(marked.status()).isEqualTo(302);
    assertThat(marked.location()).endsWith("/newsroom/revenue/reviews");

    Document after = admin.open("/newsroom/revenue/reviews").html();
    assertThat(row(after, invoice)).as("no longer open").isNull();
    assertThat(after.select("#reviewed tr[data-review=" + id + "]").text())
        .contains(ADMIN_EMAIL)
        .contains("Wrote to the reader " + u)
        .contains("paid partly");
    assertThat(after.select("p.flash").text()).contains("is marked reviewed");
    assertThat(reviews.openCount()).isEqualTo(openBefore);
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM audit_entry WHERE action = 'payment-reviewed' AND subject LIKE :s")
                .param("s", "%" + invoice)
                .query(Long.class)
                .single())
        .isOne();

    // a second mark (another editor, a double click) keeps the first one
    Response again =
        admin.post("/newsroom/revenue/reviews/" + id + "/reviewed", Map.of("note", "Again"));
    assertThat(again.status()).isEqualTo(302);
    assertThat(reviews.find(id).orElseThrow().note()).isEqualTo("Wrote to the reader " + u);
    assertThat(admin.get("/newsroom/revenue/reviews").html().select("p.flash").text())
        .contains("already marked reviewed by " + ADMIN_EMAIL);
  }

  @Test
  void aReviewInAnotherCurrencyIsShownInThatCurrency() {
    String invoice = payHalfInCrypto("3000", "EUR");
    Element tr = row(admin.open("/newsroom/revenue/reviews").html(), invoice);
    assertThat(tr).isNotNull();
    assertThat(tr.select(".expected").text()).isEqualTo("€30");
    assertThat(tr.select(".received").text()).startsWith("€15");
  }

  @Test
  void badMarksAreRefusedAndChangeNothing() {
    String invoice = payHalfInCrypto("2000", "USD");
    Element tr = row(admin.open("/newsroom/revenue/reviews").html(), invoice);
    long id = Long.parseLong(tr.attr("data-review"));

    Response tooLong =
        admin.post(
            "/newsroom/revenue/reviews/" + id + "/reviewed", Map.of("note", "x".repeat(501)));
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.html().select("[role=alert]").text()).contains("Keep the note to 500");
    assertThat(reviews.find(id).orElseThrow().reviewed()).isFalse();

    Response unknown =
        admin.post("/newsroom/revenue/reviews/" + Long.MAX_VALUE + "/reviewed", Map.of());
    assertThat(unknown.status()).isEqualTo(404);

    String email = "author-" + u + "@samizdat.test";
    staff.create(email, "Author " + u, "author-password-123", StaffRole.AUTHOR, null);
    WebClient author = client();
    author.login(email, "author-password-123");
    assertThat(author.get("/newsroom/revenue/reviews").status()).isEqualTo(403);
    Response byAuthor = author.post("/newsroom/revenue/reviews/" + id + "/reviewed", Map.of());
    assertThat(byAuthor.status()).isEqualTo(403);
    assertThat(reviews.find(id).orElseThrow().reviewed()).isFalse();
  }
}
