package org.reveille.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reveille.domain.model.agent.Agent;
import org.reveille.domain.model.agent.AgentRole;
import org.reveille.domain.model.boundary.Boundary;
import org.reveille.domain.model.collection.MachineCollection;
import org.reveille.domain.model.machine.Chassis;
import org.reveille.domain.model.machine.Machine;
import org.reveille.domain.model.machine.Nic;
import org.reveille.domain.model.subnet.PollHistoryEntry;
import org.reveille.domain.model.subnet.PollRecord;
import org.reveille.domain.model.subnet.Subnet;
import org.reveille.domain.model.subnet.SubnetState;
import org.reveille.domain.model.wake.TargetState;
import org.reveille.domain.model.wake.WakeJob;
import org.reveille.domain.model.wake.WakeJobItem;
import org.reveille.domain.model.wake.WakeRequest;
import org.reveille.domain.model.wake.WakeTarget;
import org.reveille.infrastructure.persistence.migration.FlywayMigrations;
import org.reveille.net.Cidr;
import org.reveille.net.IpRange;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;

/**
 * The JPA mappings against the schema Flyway builds, with the Hibernate version WildFly ships: Hibernate
 * validates every entity's tables and columns, then every entity makes a round trip through the database.
 */
class EntityMappingIT {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    static java.util.stream.Stream<TestDatabase> databases() {
        return TestDatabase.enabled();
    }

    @AfterAll
    static void dropDatabases() throws SQLException {
        TestDatabase.dropCreated();
    }

    private static EntityManagerFactory factory(TestDatabase database) throws SQLException {
        DataSource db = database.fresh("mapping");
        FlywayMigrations.migrate(db, EntityMappingIT.class.getClassLoader());
        return Persistence.createEntityManagerFactory("reveille", Map.of(
                "jakarta.persistence.transactionType", "RESOURCE_LOCAL",
                "jakarta.persistence.jtaDataSource", db,
                "hibernate.hbm2ddl.auto", "validate"));
    }

    private static void inTransaction(EntityManagerFactory emf, Consumer<EntityManager> work) {
        EntityManager em = emf.createEntityManager();
        try {
            em.getTransaction().begin();
            work.accept(em);
            em.getTransaction().commit();
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void everyEntityMatchesTheSchemaAndRoundTrips(TestDatabase database) throws Exception {
        try (EntityManagerFactory emf = factory(database)) {
            long[] ids = new long[5];
            inTransaction(emf, em -> {
                Machine machine = new Machine("R-1", "PC-1", Chassis.LAPTOP, List.of(
                        new Nic(MacAddress.parse("02:00:7f:14:05:0a"), Ipv4Address.parse("127.20.5.10"), Cidr.parse("127.20.5.0/24")),
                        new Nic(MacAddress.parse("02:00:7f:14:05:0b"), null, null)), NOW);
                em.persist(machine);
                em.persist(new MachineCollection("Lab", Set.of("R-1", "R-2"), NOW));
                Boundary subnetBoundary = Boundary.subnet(Cidr.parse("127.20.0.0/16"), "sccm", "HQ", "admin", NOW);
                em.persist(subnetBoundary);
                em.persist(Boundary.range(IpRange.parse("127.21.0.10-127.21.0.99"), "console", null, "admin", NOW));
                Subnet subnet = new Subnet(Cidr.parse("127.20.5.0/24"), NOW);
                em.persist(subnet);
                em.persist(new Agent(subnet, "PC-1", Ipv4Address.parse("127.20.5.10"), MacAddress.parse("02:00:7f:14:05:0a"),
                        AgentRole.PRIMARY, 1, true, NOW));
                em.persist(new Agent(subnet, "PC-2", Ipv4Address.parse("127.20.5.11"), null, AgentRole.MEMBER, 1, false, NOW));
                WakeJob job = new WakeJob(new WakeRequest(List.of(new WakeJobItem(WakeJobItem.Kind.NAME, "PC-1")), true, null),
                        WakeJob.Source.REST, "operator", NOW);
                em.persist(job);
                WakeTarget target = new WakeTarget(job, "PC-1", "R-1", "PC-1", MacAddress.parse("02:00:7f:14:05:0a"),
                        Ipv4Address.parse("127.20.5.10"), Cidr.parse("127.20.5.0/24"), NOW);
                em.persist(target);
                em.flush();
                ids[0] = machine.id();
                ids[1] = subnetBoundary.id();
                ids[2] = subnet.id();
                ids[3] = job.id();
                ids[4] = target.id();
            });
            inTransaction(emf, em -> {
                Machine machine = em.find(Machine.class, ids[0]);
                assertEquals(Chassis.LAPTOP, machine.chassis());
                assertEquals(2, machine.nics().size());
                assertEquals(Cidr.parse("127.20.5.0/24"), machine.nics().get(0).subnet());
                assertEquals(NOW, machine.createdAt());
                assertEquals(Cidr.parse("127.20.0.0/16"), em.find(Boundary.class, ids[1]).cidr());
                Subnet subnet = em.find(Subnet.class, ids[2]);
                assertEquals(Cidr.parse("127.20.5.0/24"), subnet.cidr());
                assertEquals(SubnetState.NEW, subnet.state());
                List<Agent> agents = em.createQuery("select a from Agent a where a.subnet = :s order by a.machineName", Agent.class)
                        .setParameter("s", subnet).getResultList();
                assertEquals(List.of(AgentRole.PRIMARY, AgentRole.MEMBER), agents.stream().map(Agent::role).toList());
                assertEquals(List.of(new WakeJobItem(WakeJobItem.Kind.NAME, "PC-1")), em.find(WakeJob.class, ids[3]).items());
                WakeTarget target = em.find(WakeTarget.class, ids[4]);
                target.moveTo(TargetState.FAILED, "no agent on subnet 127.20.5.0/24", NOW);
                assertEquals(Set.of("R-1", "R-2"), em.createQuery("select c from MachineCollection c", MachineCollection.class)
                        .getSingleResult().members());
            });
            inTransaction(emf, em -> {
                WakeTarget target = em.find(WakeTarget.class, ids[4]);
                assertEquals(TargetState.FAILED, target.state());
                assertEquals("no agent on subnet 127.20.5.0/24", target.reason());
            });
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aSecondPrimaryOnASubnetIsRefusedByTheDatabase(TestDatabase database) throws Exception {
        try (EntityManagerFactory emf = factory(database)) {
            long[] subnetId = new long[1];
            inTransaction(emf, em -> {
                Subnet subnet = new Subnet(Cidr.parse("127.20.6.0/24"), NOW);
                em.persist(subnet);
                em.persist(new Agent(subnet, "A", Ipv4Address.parse("127.20.6.10"), null, AgentRole.PRIMARY, 1, true, NOW));
                em.flush();
                subnetId[0] = subnet.id();
            });
            PersistenceException refused = assertThrows(PersistenceException.class, () -> inTransaction(emf, em ->
                    em.persist(new Agent(em.find(Subnet.class, subnetId[0]), "B", Ipv4Address.parse("127.20.6.11"), null,
                            AgentRole.PRIMARY, 1, true, NOW))));
            assertTrue(String.valueOf(refused.getCause()).toLowerCase().contains("uk_agent_subnet_role"), String.valueOf(refused.getCause()));
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void pollHistoryRoundTripsAndItsPruningDeletesTheQueuedSubnetsToo(TestDatabase database) throws Exception {
        try (EntityManagerFactory emf = factory(database)) {
            List<Cidr> queued = List.of(Cidr.parse("127.20.9.0/24"), Cidr.parse("127.20.7.0/24"));
            inTransaction(emf, em -> {
                for (long n = 1; n <= 3; n++) {
                    em.persist(new PollHistoryEntry(n, "reveille-" + n, n == 2 ? "timer" : "manual", NOW, NOW.plusMillis(n),
                            new PollRecord.Counts(1, 2, 3, 2, 5, 6), queued));
                }
            });
            inTransaction(emf, em -> {
                PollHistoryEntry second = em.find(PollHistoryEntry.class, 2L);
                assertEquals("reveille-2", second.server());
                assertEquals("timer", second.trigger());
                assertEquals(NOW, second.startedAt());
                assertEquals(NOW.plusMillis(2), second.finishedAt());
                assertEquals(new PollRecord.Counts(1, 2, 3, 2, 5, 6), second.counts());
                assertEquals(queued, second.queuedSubnets(), "queue order kept");
                // what a poll does to keep the newest entries only
                assertEquals(2, em.createQuery("delete from PollHistoryEntry p where p.id <= :oldest")
                        .setParameter("oldest", 2L).executeUpdate());
            });
            inTransaction(emf, em -> {
                assertEquals(List.of(3L), em.createQuery("select p.id from PollHistoryEntry p", Long.class).getResultList());
                assertEquals(2L, em.createNativeQuery("select count(*) from agent_state_manager_poll_queued", Long.class).getSingleResult(),
                        "the pruned polls' subnets went with them");
            });
        }
    }
}
