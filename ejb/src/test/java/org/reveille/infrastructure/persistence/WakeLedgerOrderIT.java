package org.reveille.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reveille.application.WakeLedger;
import org.reveille.application.port.WakeTargets;
import org.reveille.domain.model.wake.TargetState;
import org.reveille.domain.model.wake.WakeJob;
import org.reveille.domain.model.wake.WakeJobItem;
import org.reveille.domain.model.wake.WakeRequest;
import org.reveille.domain.model.wake.WakePaths;
import org.reveille.domain.model.wake.WakeTarget;
import org.reveille.infrastructure.persistence.jpa.JpaWakeTargetRepository;
import org.reveille.infrastructure.persistence.migration.FlywayMigrations;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;
import org.reveille.protocol.TargetResult;

/**
 * The wake path's writes and locks against the real schema (H2, and PostgreSQL with -Preveille-postgresql), through
 * WakeLedger and its repository as the container runs them (each call its own transaction). Issue 12: a target is
 * written twice on its way to SENT (its insert, version 0, and the hand-over that records the agent from its ACK,
 * version 1), never SENT without sentBy; the agent's WAKE RESULT (issue 11, item 17: it may arrive before the
 * dispatcher has committed) and a cancel wait for the dispatcher's locks and then act on what it committed.
 */
class WakeLedgerOrderIT {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private static final MacAddress MAC = MacAddress.parse("02:00:7f:14:05:0a");
    private static final Ipv4Address AGENT = Ipv4Address.parse("127.20.5.11");
    private static final WakePaths UNPAIRED = WakePaths.handedOver(Cidr.parse("127.20.5.0/24"), List.of(), 3, 3);

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

    /** This test is about the order of writes, not the metrics: nothing is counted. */
    private static final org.reveille.application.port.Telemetry UNCOUNTED = new org.reveille.application.port.Telemetry() {
        @Override
        public void targets(org.reveille.domain.model.wake.TargetState state, String reason, long count) {
        }

        @Override
        public void dispatched(java.time.Duration waited, int targets) {
        }

        @Override
        public void notConfirmed(long count) {
        }

        @Override
        public void pollFinished(java.time.Duration took) {
        }

        @Override
        public void firing(org.reveille.domain.model.schedule.ScheduleFiring.Outcome outcome) {
        }
    };

    /** One WakeLedger call in its own transaction, as the container runs it (REQUIRES_NEW). */
    private static <T> T ledger(EntityManagerFactory emf, Function<WakeLedger, T> call) throws Exception {
        EntityManager em = emf.createEntityManager();
        try {
            JpaWakeTargetRepository targets = new JpaWakeTargetRepository();
            set(targets, "em", em);
            set(targets, "clock", Clock.fixed(NOW, ZoneOffset.UTC));
            WakeLedger ledger = new WakeLedger();
            set(ledger, "targets", targets);
            set(ledger, "clock", Clock.fixed(NOW, ZoneOffset.UTC));
            set(ledger, "telemetry", UNCOUNTED);
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

    /** One repository call in its own transaction. */
    private static <T> T repository(EntityManagerFactory emf, Function<JpaWakeTargetRepository, T> call) throws Exception {
        return ledger(emf, l -> {
            try {
                Field f = WakeLedger.class.getDeclaredField("targets");
                f.setAccessible(true);
                return call.apply((JpaWakeTargetRepository) f.get(l));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The JPA row version: 0 after the insert, one more for every write. */
    private static int version(EntityManagerFactory emf, long id) {
        EntityManager em = emf.createEntityManager();
        try {
            return ((Number) em.createNativeQuery("select version from wake_target where id = :id").setParameter("id", id)
                    .getSingleResult()).intValue();
        } finally {
            em.close();
        }
    }

    /** The agent took the batch. */
    private static String tookIt(List<WakeTargets.Claimed> targets) {
        return null;
    }

    /** A hand-over to {@link #AGENT} in its own transaction; a refusal ({@link WakeLedger.NotTaken}) rolls it back, as the container does. */
    private static WakeLedger.Handed handOver(EntityManagerFactory emf, List<Long> ids, boolean redelivered,
                                              Function<List<WakeTargets.Claimed>, String> exchange) throws Exception {
        try {
            return ledger(emf, l -> l.handOver(ids, redelivered, AGENT, UNPAIRED, NOW, exchange));
        } catch (WakeLedger.NotTaken refused) {
            return new WakeLedger.Handed(refused.targets(), new WakeLedger.Handover(null, refused.getMessage()));
        }
    }

    private static long[] jobWithOneTarget(EntityManagerFactory emf) {
        long[] ids = jobWithTargets(emf, 1);
        return new long[] {ids[0], ids[1]};
    }

    /** A job and its {@code n} queued targets: {job id, target ids...}; the first target has {@link #MAC}. */
    private static long[] jobWithTargets(EntityManagerFactory emf, int n) {
        EntityManager em = emf.createEntityManager();
        try {
            em.getTransaction().begin();
            WakeJob job = new WakeJob(new WakeRequest(List.of(new WakeJobItem(WakeJobItem.Kind.NAME, "PC-1")), false, null),
                    WakeJob.Source.REST, "operator", NOW);
            em.persist(job);
            List<WakeTarget> targets = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                targets.add(new WakeTarget(job, "name:PC-" + (i + 1), "R-" + (i + 1), "PC-" + (i + 1),
                        i == 0 ? MAC : MacAddress.parse(String.format("02:00:7f:14:06:%02x", i)), Ipv4Address.parse("127.20.5." + (10 + i)),
                        Cidr.parse("127.20.5.0/24"), NOW));
            }
            targets.forEach(em::persist);
            em.getTransaction().commit();
            long[] ids = new long[n + 1];
            ids[0] = job.id();
            for (int i = 0; i < n; i++) {
                ids[i + 1] = targets.get(i).id();
            }
            return ids;
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
    void aTargetIsWrittenTwiceOnItsWayToSentAndASuccessfulResultWritesNothing(TestDatabase database) throws Exception {
        try (EntityManagerFactory emf = factory(database)) {
            long[] ids = jobWithOneTarget(emf);
            assertEquals(0, version(emf, ids[1]), "the insert");
            WakeLedger.Handed handed = handOver(emf, List.of(ids[1]), false, WakeLedgerOrderIT::tookIt);
            assertEquals(1, handed.targets().size());
            WakeTarget sent = target(emf, ids[1]);
            assertEquals(TargetState.SENT, sent.state(), "sent, with its agent, in one write");
            assertEquals(AGENT, sent.sentBy());
            assertEquals(NOW, sent.sentAt());
            assertEquals(1, sent.attempts());
            assertEquals(1, version(emf, ids[1]), "written twice on its way to sent: the insert and the hand-over");
            int recorded = ledger(emf, l -> l.results(ids[0], "PC-2", List.of(new TargetResult(MAC, TargetResult.Outcome.SENT, 3, "")), 0));
            assertEquals(1, recorded, "the result is acknowledged to the agent");
            assertEquals(1, version(emf, ids[1]), "a successful result needs no write");
            assertEquals(0, handOver(emf, List.of(ids[1]), true, t -> {
                throw new AssertionError("a sent target is not handed over again");
            }).targets().size());
        }
    }

    /**
     * Paired subnets (issue 16): the paths go with the hand-over's one write; a result whose packets took every paired
     * broadcast writes nothing more, one that missed some rewrites only those targets' paths, saying which.
     */
    @ParameterizedTest
    @MethodSource("databases")
    void thePathsAreRecordedWithTheHandOverAndOnlyAMissedPathIsWrittenAgain(TestDatabase database) throws Exception {
        try (EntityManagerFactory emf = factory(database)) {
            long[] ids = jobWithTargets(emf, 3);
            List<Ipv4Address> paired = List.of(Ipv4Address.parse("127.20.6.255"), Ipv4Address.parse("127.20.7.127"));
            WakePaths paths = WakePaths.handedOver(Cidr.parse("127.20.5.0/24"), paired, 3, 3);
            ledger(emf, l -> l.handOver(List.of(ids[1], ids[2], ids[3]), false, AGENT, paths, NOW, WakeLedgerOrderIT::tookIt));
            for (int i = 1; i <= 3; i++) {
                assertEquals(paths, target(emf, ids[i]).paths());
                assertEquals(1, version(emf, ids[i]), "the paths are part of the hand-over's one write");
            }
            List<TargetResult> results = List.of(TargetResult.sent(MAC, 6, 0b11),
                    TargetResult.sent(MacAddress.parse("02:00:7f:14:06:01"), 4, 0b01),
                    TargetResult.sent(MacAddress.parse("02:00:7f:14:06:02"), 2, 0));
            assertEquals(3, (int) ledger(emf, l -> l.results(ids[0], "PC-2", results, 2)));
            assertEquals(paths, target(emf, ids[1]).paths());
            assertEquals(1, version(emf, ids[1]), "every path taken: no write");
            assertEquals("subnet 127.20.5.255; paired 127.20.6.255; paired 127.20.7.127 (not sent: the agent could not send to it)",
                    target(emf, ids[2]).paths().text());
            assertEquals("subnet 127.20.5.255; paired 127.20.6.255 (not sent: the agent could not send to it);"
                    + " paired 127.20.7.127 (not sent: the agent could not send to it)", target(emf, ids[3]).paths().text());
            assertEquals(TargetState.SENT, target(emf, ids[3]).state(), "sent: its own subnet's broadcast took it");

            // an agent that speaks protocol 2 is not given the pairs, and the target says so
            long[] old = jobWithTargets(emf, 1);
            WakePaths unread = WakePaths.handedOver(Cidr.parse("127.20.5.0/24"), paired, 2, 3);
            ledger(emf, l -> l.handOver(List.of(old[1]), false, AGENT, unread, NOW, WakeLedgerOrderIT::tookIt));
            assertEquals(List.of(), unread.pairedSentToAgent());
            assertEquals("subnet 127.20.5.255; paired 127.20.6.255 (not sent: the agent speaks protocol 2, paired subnets need 3);"
                    + " paired 127.20.7.127 (not sent: the agent speaks protocol 2, paired subnets need 3)", target(emf, old[1]).paths().text());
            assertEquals(1, (int) ledger(emf, l -> l.results(old[0], "PC-2", List.of(TargetResult.sent(MAC, 2, 0)), 0)));
            assertEquals(1, version(emf, old[1]), "its result names no pairs: nothing to rewrite");
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void anAttemptThatReachedNoAgentLeavesTheTargetQueued(TestDatabase database) throws Exception {
        try (EntityManagerFactory emf = factory(database)) {
            long[] ids = jobWithOneTarget(emf);
            WakeLedger.Handed handed = handOver(emf, List.of(ids[1]), false, t -> "refused");
            assertNull(handed.handover().agent());
            assertEquals(TargetState.QUEUED, target(emf, ids[1]).state());
            assertEquals(0, version(emf, ids[1]), "nothing written by the attempt itself");
            ledger(emf, l -> {
                l.release(List.of(ids[1]), "refused; attempt 1 of 3");
                return null;
            });
            WakeTarget queued = target(emf, ids[1]);
            assertEquals(TargetState.QUEUED, queued.state());
            assertEquals("refused; attempt 1 of 3", queued.lastError());
            handOver(emf, List.of(ids[1]), true, WakeLedgerOrderIT::tookIt);
            WakeTarget sent = target(emf, ids[1]);
            assertEquals(TargetState.SENT, sent.state());
            assertNull(sent.lastError());
            assertEquals(2, sent.attempts());
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aFailureReportedWhileTheDispatcherHoldsTheTargetWaitsAndThenFailsIt(TestDatabase database) throws Exception {
        try (EntityManagerFactory emf = factory(database)) {
            long[] ids = jobWithOneTarget(emf);
            CountDownLatch locked = new CountDownLatch(1);
            CountDownLatch answer = new CountDownLatch(1);
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                // the agent broadcasts, ACKs and reports on another connection: its result may come before the commit
                Future<WakeLedger.Handed> dispatcher = threads.submit(() -> handOver(emf, List.of(ids[1]), false, t -> {
                    locked.countDown();
                    await(answer);
                    return tookIt(t);
                }));
                assertTrue(locked.await(10, TimeUnit.SECONDS));
                Future<Integer> result = threads.submit(() -> ledger(emf, l -> l.results(ids[0], "PC-2",
                        List.of(new TargetResult(MAC, TargetResult.Outcome.FAILED, 0, "no route")), 0)));
                assertThrows(TimeoutException.class, () -> result.get(500, TimeUnit.MILLISECONDS), "waits for the dispatcher's lock");
                answer.countDown();
                assertEquals(1, dispatcher.get(10, TimeUnit.SECONDS).targets().size());
                assertEquals(1, result.get(10, TimeUnit.SECONDS), "the failure found the target SENT");
            } finally {
                answer.countDown();
                threads.shutdownNow();
            }
            WakeTarget failed = target(emf, ids[1]);
            assertEquals(TargetState.FAILED, failed.state());
            assertEquals(AGENT, failed.sentBy());
            assertTrue(failed.reason().contains("no route"), failed.reason());
            assertEquals(2, version(emf, ids[1]), "the hand-over and the failure");
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aCancelWaitsForAChunkUnderWayAndNothingIsSentAfterIt(TestDatabase database) throws Exception {
        try (EntityManagerFactory emf = factory(database)) {
            long[] ids = jobWithTargets(emf, 3);
            CountDownLatch locked = new CountDownLatch(1);
            CountDownLatch answer = new CountDownLatch(1);
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                Future<WakeLedger.Handed> dispatcher = threads.submit(() -> handOver(emf, List.of(ids[1]), false, t -> {
                    locked.countDown();
                    await(answer);
                    return tookIt(t);
                }));
                assertTrue(locked.await(10, TimeUnit.SECONDS));
                Future<Integer> cancel = threads.submit(() -> repository(emf, r -> r.cancel(ids[0], "cancelled by operator", "sent; verification cancelled")));
                assertThrows(TimeoutException.class, () -> cancel.get(500, TimeUnit.MILLISECONDS), "waits for the chunk under way");
                answer.countDown();
                dispatcher.get(10, TimeUnit.SECONDS);
                assertEquals(2, cancel.get(10, TimeUnit.SECONDS), "the two targets not under way are skipped");
            } finally {
                answer.countDown();
                threads.shutdownNow();
            }
            WakeTarget sent = target(emf, ids[1]);
            assertEquals(TargetState.SENT, sent.state(), "no lost update: the agent took it before the cancel");
            assertTrue(sent.concluded());
            assertEquals(TargetState.SKIPPED, target(emf, ids[2]).state());
            // after the cancel: nothing of the job is handed to an agent any more
            assertEquals(0, handOver(emf, List.of(ids[2], ids[3]), true, t -> {
                throw new AssertionError("sent after the cancel");
            }).targets().size());
            assertEquals(TargetState.SKIPPED, target(emf, ids[3]).state());
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aDispatcherWaitsForACancelUnderWayAndThenSendsNothing(TestDatabase database) throws Exception {
        try (EntityManagerFactory emf = factory(database)) {
            long[] ids = jobWithTargets(emf, 2);
            EntityManager cancelling = emf.createEntityManager();
            try {
                JpaWakeTargetRepository targets = new JpaWakeTargetRepository();
                set(targets, "em", cancelling);
                set(targets, "clock", Clock.fixed(NOW, ZoneOffset.UTC));
                cancelling.getTransaction().begin();
                assertEquals(2, targets.cancel(ids[0], "cancelled by operator", "sent; verification cancelled"));
                ExecutorService threads = Executors.newSingleThreadExecutor();
                try {
                    Future<WakeLedger.Handed> dispatcher = threads.submit(() -> handOver(emf, List.of(ids[1], ids[2]), false, t -> {
                        throw new AssertionError("sent after the cancel");
                    }));
                    assertThrows(TimeoutException.class, () -> dispatcher.get(500, TimeUnit.MILLISECONDS), "waits for the cancel");
                    cancelling.getTransaction().commit();
                    assertEquals(0, dispatcher.get(10, TimeUnit.SECONDS).targets().size(), "finds them skipped");
                } finally {
                    threads.shutdownNow();
                }
            } finally {
                if (cancelling.getTransaction().isActive()) {
                    cancelling.getTransaction().rollback();
                }
                cancelling.close();
            }
            assertEquals(TargetState.SKIPPED, target(emf, ids[1]).state());
            assertEquals(1, version(emf, ids[1]));
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aTargetChangedBetweenTheReadAndTheWriteOfTheHandOverIsNotOffered(TestDatabase database) throws Exception {
        try (EntityManagerFactory emf = factory(database)) {
            long[] ids = jobWithTargets(emf, 2);
            EntityManager other = emf.createEntityManager();
            List<Long> offered = new java.util.concurrent.CopyOnWriteArrayList<>();
            try {
                other.getTransaction().begin();
                other.createNativeQuery("update wake_target set state = 'FAILED', version = version + 1 where id = :id")
                        .setParameter("id", ids[2]).executeUpdate();
                ExecutorService threads = Executors.newSingleThreadExecutor();
                try {
                    // the hand-over reads both as queued (the other write is not committed), then its write waits for the row
                    Future<WakeLedger.Handed> dispatcher = threads.submit(() -> handOver(emf, List.of(ids[1], ids[2]), false, t -> {
                        t.forEach(c -> offered.add(c.id()));
                        return null;
                    }));
                    assertThrows(TimeoutException.class, () -> dispatcher.get(500, TimeUnit.MILLISECONDS), "waits for the other write");
                    other.getTransaction().commit();
                    assertEquals(List.of(ids[1]), dispatcher.get(10, TimeUnit.SECONDS).targets().stream().map(WakeTargets.Claimed::id).toList());
                } finally {
                    threads.shutdownNow();
                }
            } finally {
                if (other.getTransaction().isActive()) {
                    other.getTransaction().rollback();
                }
                other.close();
            }
            assertEquals(List.of(ids[1]), offered, "the agent gets only the target the hand-over wrote");
            assertEquals(TargetState.SENT, target(emf, ids[1]).state());
            assertEquals(TargetState.FAILED, target(emf, ids[2]).state());
            assertEquals(1, version(emf, ids[2]), "not written by the hand-over");
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aTargetLeftDispatchedByAnEarlierVersionIsSentByTheRedelivery(TestDatabase database) throws Exception {
        try (EntityManagerFactory emf = factory(database)) {
            long[] ids = jobWithOneTarget(emf);
            EntityManager em = emf.createEntityManager();
            try {
                em.getTransaction().begin();
                em.createNativeQuery("update wake_target set state = 'DISPATCHED', version = version + 1 where id = :id")
                        .setParameter("id", ids[1]).executeUpdate();
                em.getTransaction().commit();
            } finally {
                em.close();
            }
            assertEquals(0, handOver(emf, List.of(ids[1]), false, WakeLedgerOrderIT::tookIt).targets().size(),
                    "a first delivery takes only queued targets");
            assertEquals(1, handOver(emf, List.of(ids[1]), true, WakeLedgerOrderIT::tookIt).targets().size());
            assertEquals(TargetState.SENT, target(emf, ids[1]).state());
            assertEquals(AGENT, target(emf, ids[1]).sentBy());
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(20, TimeUnit.SECONDS)) {
                throw new AssertionError("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
