package org.reveille.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.lang.reflect.Field;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reveille.application.WakeLedger;
import org.reveille.domain.model.wake.TargetState;
import org.reveille.domain.model.wake.WakeJob;
import org.reveille.domain.model.wake.WakeJobItem;
import org.reveille.domain.model.wake.WakeRequest;
import org.reveille.domain.model.wake.WakeTarget;
import org.reveille.infrastructure.persistence.jpa.JpaWakeTargetRepository;
import org.reveille.infrastructure.persistence.migration.FlywayMigrations;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;
import org.reveille.protocol.TargetResult;

/**
 * Issue 11, item 17: the agent's WAKE RESULT and the dispatcher's record of the agent that took the batch (from its
 * ACK) arrive in either order. In neither order may a target be SENT without its sentBy. WakeLedger's statements (its repository's) run
 * here against the real schema, in the order that failed WakeIT once: the result first.
 */
class WakeLedgerOrderIT {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private static final MacAddress MAC = MacAddress.parse("02:00:7f:14:05:0a");
    private static final Ipv4Address AGENT = Ipv4Address.parse("127.20.5.11");

    static java.util.stream.Stream<TestDatabase> databases() {
        return TestDatabase.enabled();
    }

    @AfterAll
    static void dropDatabases() throws SQLException {
        TestDatabase.dropCreated();
    }

    private static EntityManagerFactory factory(TestDatabase database) throws SQLException {
        DataSource db = database.fresh("ledger");
        FlywayMigrations.migrate(db, WakeLedgerOrderIT.class.getClassLoader());
        return Persistence.createEntityManagerFactory("reveille", Map.of(
                "jakarta.persistence.transactionType", "RESOURCE_LOCAL",
                "jakarta.persistence.jtaDataSource", db));
    }

    /** One WakeLedger call in its own transaction, as the container runs it (REQUIRES_NEW). */
    private static <T> T ledger(EntityManagerFactory emf, Function<WakeLedger, T> call) throws Exception {
        EntityManager em = emf.createEntityManager();
        try {
            JpaWakeTargetRepository targets = new JpaWakeTargetRepository();
            set(targets, "em", em);
            set(targets, "clock", Clock.fixed(NOW, ZoneOffset.UTC));
            WakeLedger ledger = new WakeLedger();
            set(ledger, "targets", targets);
            em.getTransaction().begin();
            T result = call.apply(ledger);
            em.getTransaction().commit();
            return result;
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }

    private static void set(Object target, String field, Object value) throws ReflectiveOperationException {
        Field f = target.getClass().getDeclaredField(field);
        f.setAccessible(true);
        f.set(target, value);
    }

    private static long[] jobWithOneTarget(EntityManagerFactory emf) {
        EntityManager em = emf.createEntityManager();
        try {
            em.getTransaction().begin();
            WakeJob job = new WakeJob(new WakeRequest(List.of(new WakeJobItem(WakeJobItem.Kind.NAME, "PC-1")), false, null),
                    WakeJob.Source.REST, "operator", NOW);
            em.persist(job);
            WakeTarget target = new WakeTarget(job, "name:PC-1", "R-1", "PC-1", MAC, Ipv4Address.parse("127.20.5.10"),
                    Cidr.parse("127.20.5.0/24"), NOW);
            em.persist(target);
            em.getTransaction().commit();
            return new long[] {job.id(), target.id()};
        } finally {
            em.close();
        }
    }

    private static WakeTarget target(EntityManagerFactory emf, long id) {
        EntityManager em = emf.createEntityManager();
        try {
            return em.find(WakeTarget.class, id);
        } finally {
            em.close();
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void resultBeforeTheAgentIsRecordedIsNotSentUntilItIs(TestDatabase database) throws Exception {
        try (EntityManagerFactory emf = factory(database)) {
            long[] ids = jobWithOneTarget(emf);
            assertEquals(1, ledger(emf, l -> l.claim(List.of(ids[1]), false)).size());
            int recorded = ledger(emf, l -> l.results(ids[0], "PC-2", List.of(new TargetResult(MAC, TargetResult.Outcome.SENT, 3, ""))));
            assertEquals(1, recorded, "the result is recorded (and acknowledged to the agent) even before its ACK is");
            WakeTarget early = target(emf, ids[1]);
            assertEquals(TargetState.DISPATCHED, early.state(), "not sent while its sender is unknown");
            assertNull(early.sentBy());
            ledger(emf, l -> {
                l.deliveredBy(List.of(ids[1]), AGENT);
                return null;
            });
            WakeTarget sent = target(emf, ids[1]);
            assertEquals(TargetState.SENT, sent.state(), "sent, with its agent, in one write");
            assertEquals(AGENT, sent.sentBy());
            assertEquals(NOW, sent.sentAt());
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void resultAfterTheAgentIsRecordedIsSentAtOnce(TestDatabase database) throws Exception {
        try (EntityManagerFactory emf = factory(database)) {
            long[] ids = jobWithOneTarget(emf);
            ledger(emf, l -> l.claim(List.of(ids[1]), false));
            ledger(emf, l -> {
                l.deliveredBy(List.of(ids[1]), AGENT);
                return null;
            });
            assertEquals(TargetState.DISPATCHED, target(emf, ids[1]).state(), "taken, not reported yet");
            ledger(emf, l -> l.results(ids[0], "PC-2", List.of(new TargetResult(MAC, TargetResult.Outcome.DUPLICATE, 0, ""))));
            WakeTarget sent = target(emf, ids[1]);
            assertEquals(TargetState.SENT, sent.state());
            assertEquals(AGENT, sent.sentBy());
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aNewAttemptForgetsTheTimeOfAnEarlierReport(TestDatabase database) throws Exception {
        try (EntityManagerFactory emf = factory(database)) {
            long[] ids = jobWithOneTarget(emf);
            ledger(emf, l -> l.claim(List.of(ids[1]), false));
            ledger(emf, l -> l.results(ids[0], "PC-2", List.of(new TargetResult(MAC, TargetResult.Outcome.SENT, 3, ""))));
            // the server stopped before it recorded the agent: the redelivery claims the target again
            assertEquals(1, ledger(emf, l -> l.claim(List.of(ids[1]), true)).size());
            assertNull(target(emf, ids[1]).sentAt(), "an early report of the earlier attempt does not count for this one");
            ledger(emf, l -> {
                l.deliveredBy(List.of(ids[1]), AGENT);
                return null;
            });
            assertEquals(TargetState.DISPATCHED, target(emf, ids[1]).state(), "taken again, its result still to come");
        }
    }
}
