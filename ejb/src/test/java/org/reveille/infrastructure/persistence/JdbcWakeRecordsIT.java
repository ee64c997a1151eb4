package org.reveille.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.lang.reflect.Field;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reveille.application.port.WakeRecords.NewTarget;
import org.reveille.domain.model.wake.TargetState;
import org.reveille.domain.model.wake.WakeJob;
import org.reveille.domain.model.wake.WakeJobItem;
import org.reveille.domain.model.wake.WakeRequest;
import org.reveille.domain.model.wake.WakeTarget;
import org.reveille.infrastructure.persistence.migration.FlywayMigrations;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;

/**
 * A submission's bulk writes (JdbcWakeRecords) against the real schema, H2 and PostgreSQL (-Preveille-postgresql):
 * the rows read back through the entities exactly as if Hibernate had written them (items in order, skipped targets
 * concluded with their reason, version 0), and target ids taken from the shared sequence never meet the ids
 * Hibernate's own generator hands out, whichever of the two reads the fresh sequence first.
 */
class JdbcWakeRecordsIT {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    static java.util.stream.Stream<TestDatabase> databases() {
        return TestDatabase.enabled();
    }

    @AfterAll
    static void dropDatabases() throws SQLException {
        TestDatabase.dropCreated();
    }

    private record Setup(EntityManagerFactory emf, JdbcWakeRecords records) {
    }

    private static Setup setup(TestDatabase database) throws Exception {
        DataSource db = database.fresh("records");
        FlywayMigrations.migrate(db, JdbcWakeRecordsIT.class.getClassLoader());
        JdbcWakeRecords records = new JdbcWakeRecords();
        Field f = JdbcWakeRecords.class.getDeclaredField("dataSource");
        f.setAccessible(true);
        f.set(records, db);
        return new Setup(Persistence.createEntityManagerFactory("reveille", Map.of(
                "jakarta.persistence.transactionType", "RESOURCE_LOCAL",
                "jakarta.persistence.jtaDataSource", db)), records);
    }

    private static WakeRequest request(int names) {
        List<WakeJobItem> items = new ArrayList<>();
        for (int i = 0; i < names; i++) {
            items.add(new WakeJobItem(WakeJobItem.Kind.NAME, "PC-" + i));
        }
        return new WakeRequest(items, false, null);
    }

    private static long job(EntityManagerFactory emf, WakeJob job) {
        EntityManager em = emf.createEntityManager();
        try {
            em.getTransaction().begin();
            em.persist(job);
            em.getTransaction().commit();
            return job.id();
        } finally {
            em.close();
        }
    }

    /** {@code n} targets persisted by Hibernate (its sequence generator) in one transaction; their ids. */
    private static List<Long> hibernateTargets(EntityManagerFactory emf, long jobId, int n) {
        EntityManager em = emf.createEntityManager();
        try {
            em.getTransaction().begin();
            WakeJob job = em.getReference(WakeJob.class, jobId);
            List<WakeTarget> targets = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                WakeTarget t = new WakeTarget(job, "name:H-" + i, "H-" + i, "H-" + i, null, null, null, NOW);
                em.persist(t);
                targets.add(t);
            }
            em.getTransaction().commit();
            return targets.stream().map(WakeTarget::id).toList();
        } finally {
            em.close();
        }
    }

    private static List<NewTarget> newTargets(int n) {
        List<NewTarget> targets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            targets.add(new NewTarget("name:PC-" + i, "R-" + i, "PC-" + i, MacAddress.parse(String.format("02:00:00:00:%02x:%02x", i / 256, i % 256)),
                    Ipv4Address.parse("127.20." + (i / 250) + "." + (1 + i % 250)), Cidr.parse("127.20." + (i / 250) + ".0/24"), null));
        }
        return targets;
    }

    @ParameterizedTest
    @MethodSource("databases")
    void itemsAndTargetsReadBackAsTheEntitiesWroteThem(TestDatabase database) throws Exception {
        Setup s = setup(database);
        try {
            WakeRequest request = request(1_234);
            long jobId = job(s.emf(), WakeJob.itemsWrittenApart(request, WakeJob.Source.JMS, "bulk", NOW));
            s.records().items(jobId, request.items());
            List<NewTarget> targets = new ArrayList<>(newTargets(1_230));
            targets.add(new NewTarget("name:NOBODY", null, null, null, null, null, "no machine named 'NOBODY' in the inventory"));
            long[] ids = s.records().targets(jobId, targets, NOW);
            assertEquals(targets.size(), Arrays.stream(ids).distinct().count(), "every id once");
            EntityManager em = s.emf().createEntityManager();
            try {
                assertEquals(request.items(), em.find(WakeJob.class, jobId).items(), "all items, in request order");
                WakeTarget queued = em.find(WakeTarget.class, ids[1_229]);
                assertEquals("name:PC-1229", queued.requestedAs());
                assertEquals("R-1229", queued.resourceId());
                assertEquals(MacAddress.parse("02:00:00:00:04:cd"), queued.mac());
                assertEquals(Ipv4Address.parse("127.20.4.230"), queued.ip());
                assertEquals(Cidr.parse("127.20.4.0/24"), queued.subnet());
                assertEquals(TargetState.QUEUED, queued.state());
                assertEquals(NOW, queued.updatedAt());
                assertTrue(!queued.concluded());
                assertNull(queued.reason());
                WakeTarget skipped = em.find(WakeTarget.class, ids[1_230]);
                assertEquals(TargetState.SKIPPED, skipped.state());
                assertEquals("no machine named 'NOBODY' in the inventory", skipped.reason());
                assertTrue(skipped.concluded());
                assertNull(skipped.mac());
                assertEquals(List.of(0), em.createNativeQuery("select distinct version from wake_target").getResultList().stream()
                        .map(v -> ((Number) v).intValue()).toList(), "inserted at version 0, as Hibernate does");
            } finally {
                em.close();
            }
        } finally {
            s.emf().close();
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void idsNeverMeetHibernatesWhenHibernateReadsTheSequenceFirst(TestDatabase database) throws Exception {
        Setup s = setup(database);
        try {
            long jobId = job(s.emf(), new WakeJob(request(1), WakeJob.Source.REST, "operator", NOW));
            Set<Long> seen = new HashSet<>(hibernateTargets(s.emf(), jobId, 60));
            for (long id : s.records().targets(jobId, newTargets(120), NOW)) {
                assertTrue(seen.add(id), "id " + id + " given twice");
            }
            for (long id : hibernateTargets(s.emf(), jobId, 60)) {
                assertTrue(seen.add(id), "id " + id + " given twice");
            }
            assertEquals(240, seen.size());
        } finally {
            s.emf().close();
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void idsNeverMeetHibernatesWhenTheBulkWriterReadsTheSequenceFirst(TestDatabase database) throws Exception {
        Setup s = setup(database);
        try {
            long jobId = job(s.emf(), new WakeJob(request(1), WakeJob.Source.REST, "operator", NOW));
            Set<Long> seen = new HashSet<>();
            for (long id : s.records().targets(jobId, newTargets(30), NOW)) {
                assertTrue(seen.add(id), "id " + id + " given twice");
            }
            for (long id : hibernateTargets(s.emf(), jobId, 130)) {
                assertTrue(seen.add(id), "id " + id + " given twice");
            }
            for (long id : s.records().targets(jobId, newTargets(70), NOW)) {
                assertTrue(seen.add(id), "id " + id + " given twice");
            }
            assertEquals(230, seen.size());
        } finally {
            s.emf().close();
        }
    }
}
