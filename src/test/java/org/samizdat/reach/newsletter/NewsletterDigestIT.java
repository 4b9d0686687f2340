package org.samizdat.reach.newsletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.samizdat.IntegrationTest;
import org.samizdat.MutableClock;
import org.samizdat.OwnDataDirectory;
import org.samizdat.WebClient;
import org.samizdat.WebClient.Response;
import org.samizdat.platform.i18n.Language;
import org.samizdat.publishing.Actor;
import org.samizdat.publishing.ArticleDraft;
import org.samizdat.publishing.Articles;
import org.samizdat.publishing.LiveUpdates;
import org.samizdat.publishing.Publishing;
import org.samizdat.publishing.Taxonomy;
import org.samizdat.reach.newsletter.DigestRun.Outcome;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Digests end to end through a real SMTP server (GreenMail), with a clock the test moves by hand
 * and the newsletter's schedule kept out of the way (the test runs it). Its extra properties give
 * this class a context and an embedded PostgreSQL of its own, with its own data directory.
 */
@ContextConfiguration(initializers = OwnDataDirectory.class)
class NewsletterDigestIT extends IntegrationTest {

  static final String SITE = "https://courier.example";
  static final List<String> MIRRORS =
      List.of("https://mirror-one.example.net", "https://courier.example.org/mirror");
  static final Actor EDITOR = new Actor(0, "NewsletterDigestIT");

  /**
   * Monday next week, so every day the tests move to is in the future and nothing else published
   * then.
   */
  static final LocalDate FIRST_DAY =
      LocalDate.now(ZoneOffset.UTC).with(TemporalAdjusters.next(DayOfWeek.MONDAY)).plusWeeks(1);

  static final MutableClock CLOCK =
      new MutableClock(FIRST_DAY.atTime(5, 0).toInstant(ZoneOffset.UTC));

  @RegisterExtension
  static final GreenMailExtension SMTP =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("spring.mail.host", () -> "127.0.0.1");
    registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
    registry.add("samizdat.mail.from", () -> "desk@courier.test");
    registry.add("samizdat.mail.send-interval", () -> "200ms");
    registry.add("samizdat.mail.rate-per-minute", () -> "100000");
    registry.add("samizdat.site.base-url", () -> SITE + "/");
    registry.add(
        "samizdat.reach.mirrors",
        () -> " https://mirror-one.example.net/ , https://courier.example.org/mirror");
    // only the tests run the digests, so a scheduled run never races them
    registry.add("samizdat.reach.newsletter.poll", () -> "1h");
  }

  @TestConfiguration(proxyBeanMethods = false)
  static class HandMovedClock {
    @Bean
    @Primary
    MutableClock newsletterTestClock() {
      return CLOCK;
    }
  }

  @Autowired Digests digests;
  @Autowired LiveUpdates live;
  @Autowired NewsletterJobs jobs;
  @Autowired NewsletterTokens tokens;
  @Autowired Publishing publishing;
  @Autowired Articles articles;
  @Autowired Taxonomy taxonomy;
  @Autowired JdbcClient jdbc;

  String u;
  long author;
  long section;
  LocalDate today;

  @BeforeEach
  void setUp() {
    u = UUID.randomUUID().toString().substring(0, 8);
    author = taxonomy.createAuthor("Digest reporter " + u, "digest-reporter-" + u, "");
    section = taxonomy.createSection("digest-" + u, "Digest " + u, "Дайджест " + u, 70);
    nextMorning();
  }

  @Test
  void anIssueListsNewArticlesWithCanonicalLinksTheMirrorsAndAOneClickUnsubscribe()
      throws Exception {
    String reader = unique("reader");
    String waiting = unique("waiting");
    subscribe("/newsletter", reader, "en", "daily");
    confirm(reader);
    subscribe("/newsletter", waiting, "en", "daily");
    long first =
        publish("en", "Court frees reporter " + u + " & <colleagues>", "What the judge said " + u);
    long second = publish("en", "Second story " + u, "");
    long russian = publish("ru", "Русская новость " + u, "Подзаголовок");
    at(LocalTime.of(7, 1));

    DigestRun run = digests.sendIfDue(DigestFrequency.DAILY, Language.EN);

    assertThat(run.outcome()).isEqualTo(Outcome.SENT);
    assertThat(run.articles()).isGreaterThanOrEqualTo(2);
    MimeMessage mail = awaitMail(reader, "the news of");
    String token = tokens.unsubscribe(subscriberId(reader));
    String unsubscribeUrl = SITE + "/newsletter/unsubscribe/" + token;
    assertThat(mail.getSubject()).contains("the news of");
    assertThat(mail.getHeader("List-Unsubscribe", null)).isEqualTo("<" + unsubscribeUrl + ">");
    assertThat(mail.getHeader("List-Unsubscribe-Post", null))
        .isEqualTo("List-Unsubscribe=One-Click");
    assertThat(mail.getContentType()).startsWith("multipart/alternative");

    String text = part(mail, "text/plain");
    String firstUrl = SITE + path(first);
    assertThat(text)
        .contains("Court frees reporter " + u + " & <colleagues>")
        .contains("What the judge said " + u)
        .contains(firstUrl)
        .contains(SITE + path(second))
        .contains(MIRRORS.get(0))
        .contains(MIRRORS.get(1))
        .contains(unsubscribeUrl)
        .doesNotContain("Русская новость " + u);

    Document html = Jsoup.parse(part(mail, "text/html"));
    assertThat(
            html.select("img, picture, source, video, audio, iframe, object, embed, link, script"))
        .as("nothing to load")
        .isEmpty();
    assertThat(html.select("[src], [srcset], [background]")).isEmpty();
    assertThat(html.html()).doesNotContain("url(");
    Element headline = html.selectFirst("a:contains(Court frees reporter " + u + ")");
    assertThat(headline).isNotNull();
    assertThat(headline.text()).isEqualTo("Court frees reporter " + u + " & <colleagues>");
    assertThat(headline.attr("href"))
        .as("the canonical address itself, not a redirect")
        .isEqualTo(firstUrl);
    Set<String> links =
        html.select("a[href]").stream().map(a -> a.attr("href")).collect(Collectors.toSet());
    assertThat(links)
        .contains(firstUrl, SITE + path(second), SITE + "/", unsubscribeUrl)
        .containsAll(MIRRORS);
    assertThat(links)
        .allSatisfy(
            href -> {
              assertThat(href).doesNotContain("?").doesNotContain("#");
              assertThat(href.startsWith(SITE + "/") || MIRRORS.contains(href)).as(href).isTrue();
            });
    assertThat(html.text()).doesNotContain("Русская новость " + u).contains("Unsubscribe");
    assertThat(articles.get(russian).language()).isEqualTo(Language.RU);

    assertThat(outboxSubjects(waiting))
        .as("an unconfirmed address gets the confirmation and nothing else")
        .singleElement()
        .satisfies(s -> assertThat(s).startsWith("Confirm your subscription"));

    // the mail client's one-click unsubscribe, to the address in the header
    Response r =
        client()
            .postForm(
                unsubscribeUrl.substring(SITE.length()),
                Map.of("List-Unsubscribe", "One-Click"),
                false);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Set-Cookie")).isNull();
    assertThat(
            jdbc.sql("SELECT count(*) FROM newsletter_subscriber WHERE email = :e")
                .param("e", reader)
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void theConfirmationArrivesInRussianFromTheRussianPage() throws Exception {
    String reader = unique("ru");
    subscribe("/ru/newsletter", reader, "ru", "weekly");

    MimeMessage mail = awaitMail(reader, "Подтвердите");
    assertThat(mail.getSubject()).startsWith("Подтвердите подписку на");
    assertThat((String) mail.getContent())
        .contains("еженедельный дайджест")
        .contains(SITE + "/ru/newsletter/confirm/")
        .contains("Если вы не подписывались");
  }

  @Test
  void anIssueGoesOutOnceWhenTheJobRunsOnSeveralNodesAtTheSameTime() throws Exception {
    List<String> readers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      readers.add(confirmedSubscriber(unique("concurrent-" + i), "en", "DAILY"));
    }
    long story = publish("en", "Concurrency " + u, "Standfirst");
    at(LocalTime.of(7, 1));

    ExecutorService nodes = Executors.newFixedThreadPool(4);
    CyclicBarrier start = new CyclicBarrier(4);
    try {
      List<Future<DigestRun>> runs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        runs.add(
            nodes.submit(
                () -> {
                  start.await(10, TimeUnit.SECONDS);
                  return digests.sendIfDue(DigestFrequency.DAILY, Language.EN);
                }));
      }
      List<Outcome> outcomes = new ArrayList<>();
      for (Future<DigestRun> run : runs) {
        outcomes.add(run.get(30, TimeUnit.SECONDS).outcome());
      }
      assertThat(outcomes).filteredOn(o -> o == Outcome.SENT).hasSize(1);
      assertThat(outcomes)
          .filteredOn(o -> o != Outcome.SENT)
          .allSatisfy(o -> assertThat(o).isIn(Outcome.BUSY, Outcome.ALREADY_SENT));

      // the whole scheduled job, twice at once, finds nothing left to send
      List<Future<?>> jobRuns =
          List.of(nodes.submit(jobs::sendDueDigests), nodes.submit(jobs::sendDueDigests));
      for (Future<?> run : jobRuns) {
        run.get(30, TimeUnit.SECONDS);
      }
    } finally {
      nodes.shutdownNow();
    }
    assertThat(digests.sendIfDue(DigestFrequency.DAILY, Language.EN).outcome())
        .isEqualTo(Outcome.ALREADY_SENT);

    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM newsletter_issue WHERE frequency = 'DAILY' AND language = 'en' AND period = :p")
                .param("p", java.sql.Date.valueOf(today))
                .query(Long.class)
                .single())
        .isEqualTo(1);
    assertThat(issuesCovering(story)).isEqualTo(1);
    for (String reader : readers) {
      assertThat(outboxSubjects(reader)).as(reader).hasSize(1);
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> readers.stream().allMatch(r -> !receivedBy(r).isEmpty()));
    // a second copy would be delivered within this time (the sender runs every 200 ms)
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .untilAsserted(
            () -> assertThat(readers).allSatisfy(r -> assertThat(receivedBy(r)).hasSize(1)));
  }

  @Test
  void aDayWithNothingNewSendsNothingAndWhatComesLaterWaitsForTheNextMorning() {
    String reader = confirmedSubscriber(unique("quiet"), "en", "DAILY");
    at(LocalTime.of(7, 1));
    digests.sendIfDue(DigestFrequency.DAILY, Language.EN); // whatever earlier tests left over
    nextMorning();
    long before = outboxSubjects(reader).size();

    at(LocalTime.of(6, 59));
    assertThat(digests.sendIfDue(DigestFrequency.DAILY, Language.EN).outcome())
        .as("before its time")
        .isEqualTo(Outcome.NOT_DUE);
    at(LocalTime.of(7, 1));
    assertThat(digests.sendIfDue(DigestFrequency.DAILY, Language.EN).outcome())
        .isEqualTo(Outcome.NOTHING_NEW);
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM newsletter_issue WHERE period = :p AND frequency = 'DAILY' AND language = 'en'")
                .param("p", java.sql.Date.valueOf(today))
                .query(Long.class)
                .single())
        .isZero();

    at(LocalTime.of(9, 0));
    long late = publish("en", "Late story " + u, "");
    at(LocalTime.of(9, 1));
    assertThat(digests.sendIfDue(DigestFrequency.DAILY, Language.EN).outcome())
        .as("no second issue in the day")
        .isEqualTo(Outcome.ALREADY_SENT);
    assertThat(outboxSubjects(reader)).hasSize((int) before);

    nextMorning();
    at(LocalTime.of(7, 0));
    DigestRun next = digests.sendIfDue(DigestFrequency.DAILY, Language.EN);
    assertThat(next.outcome()).isEqualTo(Outcome.SENT);
    assertThat(next.articles()).isEqualTo(1);
    assertThat(issuesCovering(late)).isEqualTo(1);
    assertThat(outboxSubjects(reader)).hasSize((int) before + 1);
  }

  @Test
  void theWeeklyIssueGoesOutOnItsDayAndCoversTheWholeWeekOnce() {
    String reader = confirmedSubscriber(unique("weekly"), "en", "WEEKLY");
    String daily = confirmedSubscriber(unique("not-weekly"), "en", "DAILY");
    moveToMorning(today.with(TemporalAdjusters.next(DayOfWeek.SUNDAY)));
    long sunday = publish("en", "Sunday story " + u, "");
    nextMorning(); // Monday 05:00
    at(LocalTime.of(6, 0));
    assertThat(digests.sendIfDue(DigestFrequency.WEEKLY, Language.EN).outcome())
        .isEqualTo(Outcome.NOT_DUE);
    at(LocalTime.of(7, 0));
    DigestRun monday = digests.sendIfDue(DigestFrequency.WEEKLY, Language.EN);
    assertThat(monday.outcome()).isEqualTo(Outcome.SENT);
    assertThat(issuesCovering(sunday)).isEqualTo(1);

    nextMorning(); // Tuesday
    at(LocalTime.of(7, 1));
    assertThat(digests.sendIfDue(DigestFrequency.WEEKLY, Language.EN).outcome())
        .isEqualTo(Outcome.ALREADY_SENT);
    long tuesday = publish("en", "Tuesday story " + u, "");
    moveToMorning(today.with(TemporalAdjusters.next(DayOfWeek.MONDAY)));
    at(LocalTime.of(7, 30));
    DigestRun nextWeek = digests.sendIfDue(DigestFrequency.WEEKLY, Language.EN);
    assertThat(nextWeek.outcome()).isEqualTo(Outcome.SENT);
    assertThat(nextWeek.articles()).isEqualTo(1);
    assertThat(issuesCovering(tuesday)).isEqualTo(1);
    assertThat(issuesCovering(sunday)).as("never in two issues").isEqualTo(1);
    assertThat(outboxSubjects(reader))
        .hasSize(2)
        .allSatisfy(s -> assertThat(s).contains("the week from"));
    assertThat(outboxSubjects(daily))
        .as("the weekly issue goes to weekly subscribers only")
        .isEmpty();
  }

  @Test
  void editorsSendTodaysDigestFromTheNewsroomAndTheScheduleThenLeavesItAlone() {
    String reader = confirmedSubscriber(unique("send-now"), "en", "DAILY");
    long story = publish("en", "Sent by hand " + u, "");
    WebClient admin = admin();
    Response screen = admin.open("/newsroom/newsletter");
    assertThat(screen.status()).isEqualTo(200);
    assertThat(
            screen
                .html()
                .selectFirst("form[action=\"/newsroom/newsletter/send-now\"] button")
                .text())
        .isEqualTo("Send today's digest now");

    Response sent = admin.post("/newsroom/newsletter/send-now", Map.of());

    assertThat(sent.status()).isEqualTo(302);
    Response after = admin.get("/newsroom/newsletter");
    assertThat(after.html().select(".flash").text())
        .contains("daily English digest")
        .contains("is queued for");
    assertThat(issuesCovering(story)).isEqualTo(1);
    assertThat(outboxSubjects(reader)).hasSize(1);
    assertThat(after.html().select("table.issues tbody tr").eachText())
        .anySatisfy(
            row ->
                assertThat(row)
                    .contains("daily, English")
                    .contains(today.toString())
                    .doesNotContain("schedule"));

    at(LocalTime.of(7, 1));
    assertThat(digests.sendIfDue(DigestFrequency.DAILY, Language.EN).outcome())
        .isEqualTo(Outcome.ALREADY_SENT);
    admin.open("/newsroom/newsletter");
    admin.post("/newsroom/newsletter/send-now", Map.of());
    assertThat(admin.get("/newsroom/newsletter").html().select(".flash").text())
        .contains("daily English digest of this day was already sent");
    assertThat(outboxSubjects(reader)).hasSize(1);
    assertThat(admin.postForm("/newsroom/newsletter/send-now", Map.of(), false).status())
        .as("CSRF")
        .isEqualTo(403);
  }

  // --- helpers ---

  @Test
  void aLivePageGoesOutWithItsNewestUpdatesAndAgainWhenItHasNewOnes() throws Exception {
    String reader = unique("live-reader");
    subscribe("/newsletter", reader, "en", "daily");
    confirm(reader);
    long id = publish("en", "Blackout live " + u, "The city went dark.");
    live.start(id, EDITOR);
    live.addUpdate(id, "Power is back in the **north**.", null, EDITOR);
    CLOCK.advance(Duration.ofMinutes(5));
    long second = live.addUpdate(id, "Trams are running again.", null, EDITOR);
    at(LocalTime.of(7, 1));

    assertThat(digests.sendIfDue(DigestFrequency.DAILY, Language.EN).outcome())
        .isEqualTo(Outcome.SENT);
    MimeMessage first = awaitMail(reader, "the news of");
    Document html = Jsoup.parse(part(first, "text/html"));
    Element item = html.selectFirst("h2:contains(Blackout live " + u + ")");
    assertThat(item.text()).startsWith("LIVE");
    assertThat(html.select("li a[href$=#update-" + second + "]")).hasSize(1);
    assertThat(html.select("li").text())
        .contains("Trams are running again.", "Power is back in the north.");
    assertThat(part(first, "text/plain"))
        .contains("LIVE: Blackout live " + u, SITE + path(id) + "#update-" + second);

    // the next day: no new article, only a new update, and the live page goes out again
    nextMorning();
    long third = live.addUpdate(id, "The mayor will speak at six.", null, EDITOR);
    at(LocalTime.of(7, 1));
    assertThat(digests.sendIfDue(DigestFrequency.DAILY, Language.EN).outcome())
        .isEqualTo(Outcome.SENT);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                receivedBy(reader).stream().filter(m -> subject(m).contains("the news of")).count()
                    == 2);
    MimeMessage again =
        receivedBy(reader).stream()
            .filter(m -> subject(m).contains("the news of"))
            .filter(m -> !m.equals(first))
            .reduce((a, b) -> b)
            .orElseThrow();
    String text = part(again, "text/plain");
    assertThat(text)
        .contains("LIVE: Blackout live " + u, "#update-" + third, "The mayor will speak");
    // leaves the other tests' digests alone
    publishing.unpublish(id, EDITOR);
  }

  void nextMorning() {
    moveToMorning(LocalDate.ofInstant(CLOCK.instant(), ZoneOffset.UTC).plusDays(1));
  }

  void moveToMorning(LocalDate day) {
    today = day;
    CLOCK.moveTo(day.atTime(5, 0).toInstant(ZoneOffset.UTC));
  }

  void at(LocalTime time) {
    CLOCK.moveTo(today.atTime(time).toInstant(ZoneOffset.UTC));
  }

  long publish(String language, String headline, String standfirst) {
    long id =
        publishing.create(
            new ArticleDraft(
                language,
                "",
                headline,
                standfirst,
                "Body with a picture from elsewhere: ![x](https://tracker.example/pixel.gif)",
                section,
                List.of(),
                List.of(author),
                null,
                "",
                "",
                null),
            EDITOR);
    publishing.publishNow(id, EDITOR);
    CLOCK.advance(Duration.ofSeconds(1));
    return id;
  }

  String path(long article) {
    return articles.get(article).path(ZoneOffset.UTC);
  }

  void subscribe(String page, String email, String language, String frequency) {
    assertThat(
            client()
                .post(page, Map.of("email", email, "language", language, "frequency", frequency))
                .status())
        .isEqualTo(200);
  }

  void confirm(String email) throws Exception {
    MimeMessage confirmation = awaitMail(email, "onfirm");
    String link =
        NewsletterOutbox.pathOfLink((String) confirmation.getContent(), "/newsletter/confirm/");
    assertThat(client().post(link, Map.of()).status()).isEqualTo(200);
  }

  String confirmedSubscriber(String email, String language, String frequency) {
    jdbc.sql(
            """
            INSERT INTO newsletter_subscriber (id, email, language, frequency, requested_at, confirmed_at)
            VALUES (:id, :email, :language, :frequency, :now, :now)
            """)
        .param("id", UUID.randomUUID())
        .param("email", email)
        .param("language", language)
        .param("frequency", frequency)
        .param("now", Timestamp.from(CLOCK.instant()))
        .update();
    return email;
  }

  UUID subscriberId(String email) {
    return jdbc.sql("SELECT id FROM newsletter_subscriber WHERE email = :e")
        .param("e", email)
        .query(UUID.class)
        .single();
  }

  long issuesCovering(long article) {
    return jdbc.sql("SELECT count(*) FROM newsletter_issue_article WHERE article_id = :a")
        .param("a", article)
        .query(Long.class)
        .single();
  }

  /**
   * Every mail queued for an address, sent or not. A sent mail is erased from the outbox, so the
   * sent ones are read from the SMTP server; the Message-ID (the outbox row's id) counts a mail
   * caught in both places, between its delivery and its commit, once.
   */
  List<String> outboxSubjects(String email) {
    Map<String, String> byId = new java.util.TreeMap<>();
    jdbc.sql("SELECT id::text, subject FROM mail_outbox WHERE recipient = :e")
        .param("e", email)
        .query((rs, n) -> byId.put(rs.getString(1), rs.getString(2)))
        .list();
    for (MimeMessage m : receivedBy(email)) {
      try {
        String messageId = m.getMessageID();
        byId.put(messageId.substring(1, messageId.indexOf('@')), m.getSubject());
      } catch (MessagingException e) {
        throw new IllegalStateException(e);
      }
    }
    return List.copyOf(byId.values());
  }

  /**
   * Issue 16: a reader can leave before any digest, from the confirmation mail itself, and
   * /newsletter offers "unsubscribe or change frequency" by an e-mailed link; in both languages, in
   * a real browser, through a real SMTP server.
   */
  @Test
  void aReaderLeavesFromTheConfirmationMailBeforeAnyDigestAndChangesFrequencyByAnEmailedLink()
      throws Exception {
    String local = "http://localhost:" + port;
    // One browser for both languages (a Chromium start is seconds of CPU); each language starts as
    // a new reader would, with no cookies or storage of the one before.
    try (org.samizdat.browser.Chromium browser = org.samizdat.browser.Chromium.start()) {
      org.openqa.selenium.WebDriver d = browser.driver();
      for (Language language : Language.values()) {
        org.samizdat.platform.i18n.Messages m = org.samizdat.platform.i18n.Messages.of(language);
        String prefix = language == Language.RU ? "/ru" : "";
        String leaver = unique("leaver-" + language.code());
        String changer = unique("changer-" + language.code());
        for (String email : List.of(leaver, changer)) {
          d.get(local + prefix + "/newsletter");
          d.findElement(org.openqa.selenium.By.id("newsletter-email")).sendKeys(email);
          d.findElement(org.openqa.selenium.By.cssSelector("form.newsletter-form button")).click();
          browser
              .waiting()
              .until(
                  org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated(
                      org.openqa.selenium.By.cssSelector("p.flash-message")));
        }

        // The confirmation mail, before any digest, already has the way out, for people and for
        // mail apps (RFC 8058).
        MimeMessage confirmation =
            awaitMail(leaver, subjectStart(m.t("newsletter.mail.confirm.subject")));
        String unsubscribe =
            confirmation.getHeader("List-Unsubscribe", null).replaceAll("^<|>$", "");
        assertThat(unsubscribe).startsWith(SITE + prefix + "/newsletter/unsubscribe/");
        assertThat(confirmation.getHeader("List-Unsubscribe-Post", null))
            .isEqualTo("List-Unsubscribe=One-Click");
        assertThat(text(confirmation))
            .contains(m.t("newsletter.mail.unsubscribe"))
            .contains(unsubscribe);
        d.get(unsubscribe.replace(SITE, local));
        d.findElement(
                org.openqa.selenium.By.cssSelector("main form.plain-form button.button.primary"))
            .click();
        browser
            .waiting()
            .until(
                org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated(
                    org.openqa.selenium.By.cssSelector("p.flash-message"),
                    m.t("newsletter.unsubscribed")));
        assertThat(subscriberCount(leaver)).as("the address is deleted").isZero();

        // /newsletter: "unsubscribe or change frequency" by an e-mailed link.
        d.get(local + prefix + "/newsletter");
        org.openqa.selenium.WebElement leave =
            d.findElement(org.openqa.selenium.By.id("newsletter-leave"));
        assertThat(leave.getText()).isEqualTo(m.t("newsletter.leave.link"));
        leave.click();
        browser
            .waiting()
            .until(
                org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated(
                    org.openqa.selenium.By.id("leave-email")))
            .sendKeys(changer);
        d.findElement(org.openqa.selenium.By.cssSelector("main form.plain-form button")).click();
        browser
            .waiting()
            .until(
                org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated(
                    org.openqa.selenium.By.cssSelector("p.flash-message"),
                    m.t("newsletter.leave.sent")));
        MimeMessage link = awaitMail(changer, subjectStart(m.t("newsletter.mail.leave.subject")));
        String manage = link.getHeader("List-Unsubscribe", null).replaceAll("^<|>$", "");
        assertThat(text(link)).contains(manage);
        d.get(manage.replace(SITE, local));
        d.findElement(
                org.openqa.selenium.By.cssSelector(
                    "#newsletter-frequency input[name=frequency][value=weekly]"))
            .click();
        d.findElement(org.openqa.selenium.By.cssSelector("#newsletter-frequency button")).click();
        browser
            .waiting()
            .until(
                org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated(
                    org.openqa.selenium.By.cssSelector("p.flash-message"),
                    m.t("newsletter.leave.changed.weekly")));
        assertThat(
                jdbc.sql(
                        "SELECT frequency FROM newsletter_subscriber WHERE lower(email) = lower(:e)")
                    .param("e", changer)
                    .query(String.class)
                    .single())
            .isEqualTo("WEEKLY");
        d.manage().deleteAllCookies();
        ((org.openqa.selenium.JavascriptExecutor) d)
            .executeScript("localStorage.clear(); sessionStorage.clear();");
      }
    }
  }

  /** The words of a subject's pattern before its first placeholder. */
  private static String subjectStart(String pattern) {
    return pattern.split("\\{0\\}")[0].strip();
  }

  private long subscriberCount(String email) {
    return jdbc.sql("SELECT count(*) FROM newsletter_subscriber WHERE lower(email) = lower(:e)")
        .param("e", email)
        .query(Long.class)
        .single();
  }

  private static String text(MimeMessage mail) throws MessagingException, IOException {
    Object content = mail.getContent();
    return content instanceof String text ? text : part(mail, "text/plain");
  }

  String unique(String name) {
    return name + "-" + u + "-" + UUID.randomUUID().toString().substring(0, 4) + "@readers.test";
  }

  static MimeMessage awaitMail(String to, String subjectPart) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> receivedBy(to).stream().anyMatch(m -> subject(m).contains(subjectPart)));
    return receivedBy(to).stream()
        .filter(m -> subject(m).contains(subjectPart))
        .findFirst()
        .orElseThrow();
  }

  static String part(MimeMessage mail, String type) throws MessagingException, IOException {
    MimeMultipart parts = (MimeMultipart) mail.getContent();
    for (int i = 0; i < parts.getCount(); i++) {
      Part p = parts.getBodyPart(i);
      if (p.isMimeType(type)) {
        return (String) p.getContent();
      }
    }
    throw new AssertionError("No " + type + " part");
  }

  static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<MimeMessage> receivedBy(String to) {
    return Arrays.stream(SMTP.getReceivedMessages())
        .filter(
            m -> {
              try {
                Address[] recipients = m.getAllRecipients();
                return recipients != null
                    && Arrays.stream(recipients)
                        .anyMatch(a -> ((InternetAddress) a).getAddress().equals(to));
              } catch (MessagingException e) {
                throw new IllegalStateException(e);
              }
            })
        .toList();
  }
}
