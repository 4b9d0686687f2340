package org.samizdat.platform.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.samizdat.IntegrationTest;
import org.samizdat.platform.Money;
import org.samizdat.platform.security.AppSecrets;
import org.samizdat.publishing.Actor;
import org.samizdat.publishing.ArticleDraft;
import org.samizdat.publishing.ArticlePublished;
import org.samizdat.publishing.Publishing;
import org.samizdat.publishing.Taxonomy;
import org.samizdat.revenue.ContributionCompleted;
import org.samizdat.revenue.Frequency;
import org.samizdat.revenue.PaymentEvent;
import org.samizdat.revenue.TestModeWebhooks;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A publish and a webhook are each one transaction: the app dying half-way leaves all of it or none
 * of it. The transaction is made to die from inside, at a point where part of the work is written
 * and part is not: a listener for the event the work publishes half-way (ArticlePublished,
 * ContributionCompleted) ends the transaction's own PostgreSQL backend with pg_terminate_backend
 * from another connection, either right there or just before COMMIT; or it throws.
 *
 * <p>Why this stands for SIGKILL: a killed app process writes nothing more and its sockets close;
 * PostgreSQL sees the connection end with a transaction open and rolls it back, exactly as when
 * pg_terminate_backend ends that backend. Nothing is committed until PostgreSQL has executed
 * COMMIT, so ending the backend at any point before it is what PostgreSQL sees of a SIGKILL at that
 * point. (A SIGKILL after that leaves all of it, the other half of all-or-nothing; if the webhook
 * was not yet answered, the provider's retry finds its event id taken and changes nothing.)
 * Starting the jar as a child process and killing it would prove the same at far greater cost.
 *
 * <p>The listener is added to the shared context at run time, so this class needs no context of its
 * own.
 */
class CrashAtomicityIT extends IntegrationTest {

  static final Actor EDITOR = new Actor(0, "Crash test");

  enum Crash {
    /** The backend is ended while the transaction is half done. */
    KILLED_HALF_WAY,
    /** The backend is ended once all the work is written, just before COMMIT. */
    KILLED_BEFORE_COMMIT,
    /** The app fails in the middle (an exception), the in-process kind of crash. */
    FAILED_HALF_WAY
  }

  @Autowired ConfigurableApplicationContext context;
  @Autowired DataSource dataSource;
  @Autowired JdbcClient jdbc;
  @Autowired Publishing publishing;
  @Autowired Taxonomy taxonomy;
  @Autowired AppSecrets secrets;

  final Crasher crasher = new Crasher();
  String u;

  @BeforeEach
  void listen() {
    u = UUID.randomUUID().toString().substring(0, 8);
    context.addApplicationListener(crasher);
  }

  @AfterEach
  void stopListening() {
    crasher.disarm();
    context.removeApplicationListener(crasher);
  }

  @ParameterizedTest
  @EnumSource(Crash.class)
  void aPublishThatDiesHalfWayLeavesNoRevisionWithoutItsStatusAndARetryPublishesOnce(Crash crash) {
    long author = taxonomy.createAuthor("Crash " + u, "crash-" + u, "");
    long id =
        publishing.create(
            new ArticleDraft(
                "en",
                "",
                "Crash " + crash + " " + u,
                "S",
                "Body",
                null,
                List.of(),
                List.of(author),
                null,
                "",
                "",
                null),
            EDITOR);
    int revisionsBefore = revisions(id);

    crasher.arm(
        crash,
        event -> event instanceof ArticlePublished p && p.articleId() == id,
        () ->
            jdbc.sql("SELECT status FROM article WHERE id = :id")
                    .param("id", id)
                    .query(String.class)
                    .single()
                + " with "
                + jdbc.sql(
                        "SELECT count(*) FROM article_revision WHERE article_id = :id AND note = 'Published'")
                    .param("id", id)
                    .query(Long.class)
                    .single()
                + " revision");
    assertThatThrownBy(() -> publishing.publishNow(id, EDITOR)).as("the publish dies").isNotNull();

    assertThat(crasher.seenInTransaction)
        .as("inside the dying transaction the work was written")
        .isEqualTo("PUBLISHED with 1 revision");
    assertThat(status(id)).as("after the crash").isEqualTo("DRAFT");
    assertThat(
            jdbc.sql("SELECT count(*) FROM article WHERE id = :id AND published_at IS NULL")
                .param("id", id)
                .query(Long.class)
                .single())
        .as("no publication time")
        .isEqualTo(1);
    assertThat(revisions(id))
        .as("no revision without its status change")
        .isEqualTo(revisionsBefore);
    assertThat(publications("\"articleId\":" + id + ","))
        .as("no ArticlePublished reaction recorded")
        .isZero();

    publishing.publishNow(id, EDITOR);
    publishing.publishNow(id, EDITOR);
    assertThat(status(id)).isEqualTo("PUBLISHED");
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM article_revision WHERE article_id = :id AND note = 'Published' AND status = 'PUBLISHED'")
                .param("id", id)
                .query(Long.class)
                .single())
        .as("published exactly once")
        .isEqualTo(1);
    assertThat(revisions(id)).isEqualTo(revisionsBefore + 1);
  }

  @ParameterizedTest
  @EnumSource(Crash.class)
  void aWebhookThatDiesHalfWayWritesNothingAndItsRedeliveryIsRecordedOnce(Crash crash)
      throws Exception {
    String eventId = "evt_crash_" + u;
    String email = "crash-" + u + "@readers.test";
    long minor = ThreadLocalRandom.current().nextLong(100_000, 999_999);
    PaymentEvent gift =
        new PaymentEvent.CheckoutCompleted(
            eventId,
            Instant.now(),
            null,
            email,
            new Money(minor, Currency.getInstance("EUR")),
            Frequency.ONCE,
            "cus_" + u,
            null,
            "pi_" + u);
    TestModeWebhooks webhooks = new TestModeWebhooks(secrets, port);

    crasher.arm(
        crash,
        event -> event instanceof ContributionCompleted c && c.amount().minor() == minor,
        () -> counts(eventId, email).toString());
    HttpResponse<String> first = webhooks.send(gift);

    assertThat(first.statusCode())
        .as("the provider is told to retry: " + first.body())
        .isBetween(500, 599);
    // The receipt is queued in the payment's transaction just before it commits (Receipts hears
    // ContributionCompleted before the commit): a crash at the event itself comes before it, a
    // crash at the commit after it. Either way it dies with the payment.
    assertThat(crasher.seenInTransaction)
        .as("inside the dying transaction the work was written")
        .isEqualTo(counts(1, 1, crash == Crash.KILLED_BEFORE_COMMIT ? 1 : 0, 1).toString());
    assertThat(counts(eventId, email))
        .as("after the crash nothing of it is left")
        .isEqualTo(counts(0, 0, 0, 0));

    assertThat(webhooks.send(gift).statusCode()).as("the redelivery").isEqualTo(200);
    assertThat(webhooks.send(gift).statusCode()).as("a repeated redelivery").isEqualTo(200);
    await()
        .atMost(java.time.Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(counts(eventId, email))
                    .as("recorded exactly once, its receipt queued once")
                    .isEqualTo(counts(1, 1, 1, 1)));
    assertThat(
            jdbc.sql("SELECT status FROM provider_event WHERE event_id = :id")
                .param("id", eventId)
                .query(String.class)
                .single())
        .isEqualTo("PROCESSED");
  }

  // ------------------------------------------------------------------------------------------

  /** Ends (or fails) the transaction of the first matching event it hears, once. */
  final class Crasher implements ApplicationListener<ApplicationEvent> {
    private volatile Crash crash;
    private volatile Predicate<Object> target;
    private volatile java.util.function.Supplier<String> look;
    volatile String seenInTransaction;

    void arm(Crash crash, Predicate<Object> target, java.util.function.Supplier<String> look) {
      this.crash = crash;
      this.look = look;
      this.seenInTransaction = null;
      this.target = target;
    }

    void disarm() {
      target = null;
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
      Predicate<Object> t = target;
      if (!(event instanceof PayloadApplicationEvent<?> payload)
          || t == null
          || !t.test(payload.getPayload())) {
        return;
      }
      target = null;
      assertThat(TransactionSynchronizationManager.isActualTransactionActive())
          .as("published inside a transaction")
          .isTrue();
      switch (crash) {
        case KILLED_HALF_WAY -> {
          seenInTransaction = look.get();
          killOwnBackend();
        }
        case KILLED_BEFORE_COMMIT ->
            TransactionSynchronizationManager.registerSynchronization(
                new TransactionSynchronization() {
                  @Override
                  public void beforeCommit(boolean readOnly) {
                    seenInTransaction = look.get();
                    killOwnBackend();
                  }
                });
        case FAILED_HALF_WAY -> {
          seenInTransaction = look.get();
          throw new IllegalStateException("the app fails half-way through the transaction");
        }
      }
    }
  }

  /**
   * Ends this transaction's backend from another connection, as PostgreSQL does when the app's
   * connection drops.
   */
  private void killOwnBackend() {
    int pid = jdbc.sql("SELECT pg_backend_pid()").query(Integer.class).single();
    try (Connection other =
        dataSource.getConnection()) { // not the transaction's: a pool connection of its own
      try (PreparedStatement kill = other.prepareStatement("SELECT pg_terminate_backend(?)")) {
        kill.setInt(1, pid);
        kill.execute();
      }
      await()
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(50))
          .untilAsserted(
              () ->
                  assertThat(backendAlive(other, pid)).as("backend " + pid + " is gone").isFalse());
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean backendAlive(Connection c, int pid) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE pid = ?")) {
      s.setInt(1, pid);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1) > 0;
      }
    }
  }

  private Map<String, Long> counts(String eventId, String email) {
    return counts(
        count("SELECT count(*) FROM provider_event WHERE event_id = :v", eventId),
        count("SELECT count(*) FROM ledger_entry WHERE provider_event_id = :v", eventId),
        count("SELECT count(*) FROM mail_outbox WHERE recipient = :v", email),
        count("SELECT count(*) FROM supporter WHERE lower(email) = lower(:v)", email));
  }

  private static Map<String, Long> counts(long events, long entries, long mails, long supporters) {
    var m = new java.util.LinkedHashMap<String, Long>();
    m.put("provider_event", events);
    m.put("ledger_entry", entries);
    m.put("mail_outbox", mails);
    m.put("supporter", supporters);
    return m;
  }

  private long count(String sql, String value) {
    return jdbc.sql(sql).param("v", value).query(Long.class).single();
  }

  private String status(long id) {
    return jdbc.sql("SELECT status FROM article WHERE id = :id")
        .param("id", id)
        .query(String.class)
        .single();
  }

  private int revisions(long id) {
    return jdbc.sql("SELECT count(*) FROM article_revision WHERE article_id = :id")
        .param("id", id)
        .query(Integer.class)
        .single();
  }

  private long publications(String fragment) {
    return jdbc.sql(
            "SELECT count(*) FROM event_publication WHERE event_type LIKE '%ArticlePublished' AND serialized_event LIKE :f")
        .param("f", "%" + fragment + "%")
        .query(Long.class)
        .single();
  }
}
