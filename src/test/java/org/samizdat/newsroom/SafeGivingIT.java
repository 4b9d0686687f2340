package org.samizdat.newsroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samizdat.IntegrationTest;
import org.samizdat.WebClient;
import org.samizdat.WebClient.Response;
import org.samizdat.reach.export.ExportReport;
import org.samizdat.reach.export.StaticExport;
import org.samizdat.revenue.GivingDetails;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The safe-giving page and the other ways to give, edited as fields in the newsroom and read on the
 * site, over HTTP against the real database.
 */
class SafeGivingIT extends IntegrationTest {

  @Autowired GivingDetails giving;
  @Autowired StaticExport export;

  WebClient admin;
  String u;
  GivingDetails.SafeGiving before;

  @BeforeEach
  void setUp() {
    admin = admin();
    u = UUID.randomUUID().toString().substring(0, 8);
    before = giving.safeGiving();
    admin.open("/newsroom/revenue/giving");
  }

  @AfterEach
  void tidyUp() {
    // the context (and database) is shared with other tests: leave the support page as it was
    giving.bankAccounts().forEach(b -> giving.deleteBankAccount(b.id()));
    giving.cryptoAddresses().forEach(c -> giving.deleteCryptoAddress(c.id()));
    giving.saveSafeGiving(before.en(), before.ru());
  }

  @Test
  void anEditorRewritesTheSafeGivingPageInBothLanguagesAndReadersSeeIt() {
    Response saved =
        admin.post(
            "/newsroom/revenue/giving/safely",
            Map.of(
                "safeGivingEn",
                "**Lightning** leaves the fewest traces " + u + ".",
                "safeGivingRu",
                "**Lightning** оставляет меньше всего следов " + u + "."));
    assertThat(saved.status()).isEqualTo(302);
    assertThat(saved.location()).endsWith("/newsroom/revenue/giving");

    Response en = client().get("/support/safely");
    assertThat(en.status()).isEqualTo(200);
    Element article = en.html().selectFirst("article#safe-giving");
    assertThat(article.select("h1").text()).isEqualTo("Giving safely");
    assertThat(article.select("p").first().text())
        .isEqualTo("Lightning leaves the fewest traces " + u + ".");
    assertThat(article.select("strong").text()).isEqualTo("Lightning");

    Response ru = client().get("/ru/support/safely");
    assertThat(ru.status()).isEqualTo(200);
    Element ruArticle = ru.html().selectFirst("article#safe-giving");
    assertThat(ruArticle.select("h1").text()).isEqualTo("Как поддержать безопасно");
    assertThat(ruArticle.text()).contains("оставляет меньше всего следов " + u);

    // the newsroom shows what is stored now
    Document screen = admin.get("/newsroom/revenue/giving").html();
    assertThat(screen.select("textarea[name=safeGivingRu]").text())
        .contains("оставляет меньше всего следов " + u);
  }

  @Test
  void theShippedSafeGivingWordsNameEveryMethodsTraces() {
    String page = client().get("/support/safely").html().select("article#safe-giving").text();
    assertThat(page)
        .contains("Card (Stripe)")
        .contains("Your bank and Stripe know")
        .contains("PayPal knows")
        .contains("public on the Bitcoin ledger")
        .contains("fresh wallet")
        .contains("Lightning. Far less visible");
  }

  @Test
  void anEmptySafeGivingTextIsRefusedAndNothingChanges() {
    Response r =
        admin.post(
            "/newsroom/revenue/giving/safely",
            Map.of("safeGivingEn", "  ", "safeGivingRu", "Новый текст " + u));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.html().select("[role=alert]").text())
        .contains("Nothing was saved")
        .contains("cannot be empty");
    assertThat(giving.safeGiving()).isEqualTo(before);
  }

  @Test
  void aBadIbanIsRefusedWithAClearMessageAndNothingIsStored() {
    List<GivingDetails.BankAccount> accounts = giving.bankAccounts();
    // one digit off a valid German IBAN: the mod-97 check catches it
    Response r =
        admin.post(
            "/newsroom/revenue/giving/bank",
            Map.of(
                "currency",
                "EUR",
                "accountHolder",
                "Courier Media " + u,
                "iban",
                "DE89 3704 0044 0532 0130 01",
                "bic",
                "COBADEFFXXX",
                "bankName",
                "Commerzbank",
                "reference",
                "Gift " + u));
    assertThat(r.status()).isEqualTo(400);
    Document page = r.html();
    assertThat(page.select("[role=alert]").text()).contains("not a valid IBAN");
    assertThat(page.select("input[name=iban]").attr("aria-invalid")).isEqualTo("true");
    assertThat(page.select("input[name=accountHolder]").val())
        .as("what the editor typed is kept")
        .isEqualTo("Courier Media " + u);
    assertThat(giving.bankAccounts()).isEqualTo(accounts);

    Response badBic =
        admin.post(
            "/newsroom/revenue/giving/bank",
            Map.of(
                "currency",
                "EUR",
                "accountHolder",
                "Courier Media " + u,
                "iban",
                "DE89370400440532013000",
                "bic",
                "COBA"));
    assertThat(badBic.status()).isEqualTo(400);
    assertThat(badBic.html().select("[role=alert]").text()).contains("8 or 11 letters");
    assertThat(giving.bankAccounts()).isEqualTo(accounts);

    assertThat(client().get("/support").html().select("dl.bank-account")).isEmpty();
  }

  @Test
  void aBankAccountIsShownOnTheSupportPageAsFields() {
    Response r =
        admin.post(
            "/newsroom/revenue/giving/bank",
            Map.of(
                "currency",
                "eur",
                "accountHolder",
                "Courier Media " + u,
                "iban",
                "de89 3704 0044 0532 0130 00",
                "bic",
                "cobadeffxxx",
                "bankName",
                "Commerzbank",
                "reference",
                "Gift " + u));
    assertThat(r.status()).isEqualTo(302);

    Element account =
        client().get("/support").html().selectFirst("#other-ways dl.bank-account[data-currency]");
    assertThat(account).isNotNull();
    assertThat(account.attr("data-currency")).isEqualTo("EUR");
    assertThat(account.select("dd.iban").text()).isEqualTo("DE89 3704 0044 0532 0130 00");
    assertThat(account.text())
        .contains("Courier Media " + u)
        .contains("COBADEFFXXX")
        .contains("Gift " + u);
    assertThat(client().get("/ru/support").html().select("dl.bank-account").text())
        .contains("Назначение платежа")
        .contains("Gift " + u);
  }

  @Test
  void aCryptoAddressIsShownWithAnInlineSvgQrCode() {
    String address = "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh";
    Response r =
        admin.post(
            "/newsroom/revenue/giving/crypto", Map.of("cryptoCurrency", "BTC", "address", address));
    assertThat(r.status()).isEqualTo(302);

    Document support = client().get("/support").html();
    Element figure = support.selectFirst("#other-ways figure.crypto-address");
    assertThat(figure).isNotNull();
    assertThat(figure.select("figcaption code").text()).isEqualTo(address);
    Element svg = figure.selectFirst("svg.qr");
    assertThat(svg).as("the QR code is drawn into the page, not loaded").isNotNull();
    assertThat(svg.attr("viewBox")).matches("0 0 \\d+ \\d+");
    assertThat(svg.selectFirst("path").attr("d")).startsWith("M").contains("h1v1h-1z");
    assertThat(support.select("#other-ways img")).as("no image from anywhere").isEmpty();

    Response bad =
        admin.post(
            "/newsroom/revenue/giving/crypto",
            Map.of("cryptoCurrency", "BTC", "address", "<script>x</script>"));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.html().select("[role=alert]").text())
        .contains("does not look like a wallet address");
    assertThat(giving.cryptoAddresses()).hasSize(1);
  }

  @Test
  void theAppealAndThePaymentMethodsPageLinkToTheSafeGivingPage() {
    Document support = client().get("/support").html();
    assertThat(support.select("section.appeal p.methods a[href=/support/safely]")).hasSize(1);
    Document pay = client().get("/support/pay?frequency=once&amount_once=10&currency=USD").html();
    assertThat(pay.select("ul.methods-list")).isNotEmpty();
    assertThat(pay.select("main a[href=/support/safely]")).hasSize(1);
    Document ruPay =
        client().get("/ru/support/pay?frequency=once&amount_once=10&currency=USD").html();
    assertThat(ruPay.select("main a[href=/ru/support/safely]").text())
        .isEqualTo("Как поддержать безопасно: какие следы оставляет каждый способ");
  }

  @Test
  void theStaticCopyHoldsTheSafeGivingPage(@TempDir Path out) throws Exception {
    ExportReport report = export.export(out);
    assertThat(report.errors()).isEmpty();
    assertThat(out.resolve("support/safely/index.html")).isRegularFile();
    assertThat(out.resolve("ru/support/safely/index.html")).isRegularFile();
    Document copy = Jsoup.parse(Files.readString(out.resolve("support/safely/index.html")));
    assertThat(copy.select("article#safe-giving").text()).contains("fresh wallet");
    Document supportCopy = Jsoup.parse(Files.readString(out.resolve("support/index.html")));
    assertThat(supportCopy.select("#other-ways a:contains(Giving safely)").eachAttr("href"))
        .isNotEmpty()
        .allSatisfy(h -> assertThat(h).isEqualTo("safely/index.html"));
  }
}
