package org.reveille.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.EJBException;
import jakarta.ejb.EJBTransactionRolledbackException;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.PessimisticLockException;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reveille.domain.model.ConflictException;

class ConcurrentWritesTest {

    /** As the container hands a failed commit to the caller: the database's reason deep in the chain. */
    private static RuntimeException wrapped(Throwable cause) {
        EJBTransactionRolledbackException outer = new EJBTransactionRolledbackException("Transaction rolled back");
        outer.initCause(new PersistenceException("could not execute statement", cause));
        return outer;
    }

    @ParameterizedTest
    @ValueSource(strings = {"23505", "40001", "40P01", "55P03", "HYT00", "90131"})
    void databaseStatesOfALostRace(String state) {
        assertTrue(ConcurrentWrites.lostRace(wrapped(new SQLException("lost", state))), state);
    }

    @ParameterizedTest
    @ValueSource(strings = {"23502", "23514", "22001", "08006", "42P01"})
    void otherDatabaseFaultsAreNotRaces(String state) {
        // not null, check, value too long, connection lost, missing table: bugs or outages, not races to retry
        assertFalse(ConcurrentWrites.lostRace(wrapped(new SQLException("fault", state))), state);
    }

    @Test
    void persistenceLockExceptionsAnywhereInTheChain() {
        assertTrue(ConcurrentWrites.lostRace(new EJBException(new OptimisticLockException("stale"))));
        assertTrue(ConcurrentWrites.lostRace(wrapped(new PessimisticLockException("deadlock"))));
        assertTrue(ConcurrentWrites.lostRace(new jakarta.persistence.LockTimeoutException("timeout")));
        assertFalse(ConcurrentWrites.lostRace(new EJBException(new IllegalStateException("bug"))));
        assertFalse(ConcurrentWrites.lostRace(new ConflictException("already cancelled")));
    }

    @Test
    void aChainedNextExceptionCounts() {
        SQLException batch = new SQLException("Batch entry 0 was aborted", "XX000");
        batch.setNextException(new SQLException("duplicate key value violates unique constraint", "23505"));
        assertTrue(ConcurrentWrites.lostRace(wrapped(batch)));
    }

    @Test
    void retryingRunsAgainUntilTheWriteGoesThrough() {
        AtomicInteger attempts = new AtomicInteger();
        String result = ConcurrentWrites.retrying("test write", () -> {
            if (attempts.incrementAndGet() < 3) {
                throw wrapped(new SQLException("deadlock detected", "40P01"));
            }
            return "stored";
        });
        assertEquals("stored", result);
        assertEquals(3, attempts.get());
    }

    @Test
    void retryingGivesUpAfterTheAttemptsWithTheLastFailure() {
        AtomicInteger attempts = new AtomicInteger();
        RuntimeException last = wrapped(new OptimisticLockException("stale"));
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> ConcurrentWrites.retrying("test write", () -> {
            attempts.incrementAndGet();
            throw last;
        }));
        assertSame(last, thrown);
        assertEquals(ConcurrentWrites.ATTEMPTS, attempts.get());
    }

    @Test
    void otherFailuresAreNotRunAgain() {
        AtomicInteger attempts = new AtomicInteger();
        assertThrows(ConflictException.class, () -> ConcurrentWrites.retrying("test write", () -> {
            attempts.incrementAndGet();
            throw new ConflictException("already cancelled");
        }));
        assertEquals(1, attempts.get());
    }

    /** A JMS send of a transaction on a pooled connection whose broker went away since, as the container reports it. */
    private static RuntimeException staleBrokerConnection(Throwable beforeTheBroker) {
        Throwable disconnected = new org.apache.activemq.artemis.api.core.ActiveMQDisconnectedException(
                "AMQ219015: The connection was disconnected because of server shutdown");
        Throwable inner = beforeTheBroker == null ? disconnected : beforeTheBroker.initCause(disconnected);
        jakarta.jms.JMSRuntimeException jms = new jakarta.jms.JMSRuntimeException("Could not create a session");
        jms.initCause(inner);
        return new jakarta.ejb.EJBException(jms);
    }

    @Test
    void aJmsCallOnALostBrokerConnectionIsRunAgainButNotAFailedCommit() {
        assertTrue(ConcurrentWrites.brokerConnectionLost(staleBrokerConnection(null)));
        assertTrue(ConcurrentWrites.brokerConnectionLost(staleBrokerConnection(new javax.transaction.xa.XAException("enlist"))));
        // the commit failed: the transaction manager decides, nothing may run again
        assertFalse(ConcurrentWrites.brokerConnectionLost(staleBrokerConnection(new jakarta.transaction.RollbackException("commit"))));
        // a JMS failure of another kind, and a disconnect outside any JMS call, are not retried
        assertFalse(ConcurrentWrites.brokerConnectionLost(new jakarta.ejb.EJBException(new jakarta.jms.JMSRuntimeException("not allowed"))));
        assertFalse(ConcurrentWrites.brokerConnectionLost(new IllegalStateException(
                new org.apache.activemq.artemis.api.core.ActiveMQDisconnectedException("gone"))));
        assertFalse(ConcurrentWrites.lostRace(staleBrokerConnection(null)), "not a race");
    }
}
