package org.reveille.application;

import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.reveille.logging.ReveilleLogger;

/**
 * Concurrent writers to the same rows: how to recognise that a transaction lost a race with another one, and how to
 * run an idempotent write again when it did.
 *
 * <p>A lost race reaches the caller in many shapes, depending on where it was detected (at flush, at commit, in the
 * database) and on the database: JPA's {@code OptimisticLockException}, Hibernate's {@code StaleStateException}
 * (at commit it may come unwrapped), {@code PessimisticLockException} / {@code LockTimeoutException}, a constraint
 * violation of a concurrent insert of the same key, a deadlock or serialization failure, all usually wrapped in an
 * {@code EJBException} or {@code EJBTransactionRolledbackException}. {@link #lostRace} walks the cause chain for
 * each of them. The REST edge answers any of them 409 (never 500); idempotent writes use {@link #retrying} first,
 * which also runs a write again whose JMS call met a broker connection lost since it was pooled
 * ({@link #brokerConnectionLost}).
 */
public final class ConcurrentWrites {

    /** Attempts of a {@link #retrying} write: the first and up to five more. */
    public static final int ATTEMPTS = 6;

    /**
     * SQL states of a lost race. PostgreSQL: 23505 unique violation (a concurrent insert of the same key), 40001
     * serialization failure, 40P01 deadlock, 55P03 lock not available. H2 2.x: 23505, 40001 (deadlock), HYT00 (lock
     * timeout), 90131 (concurrent update of a row), 90112/90143 (the row was deleted meanwhile).
     */
    private static final Set<String> RACE_STATES = Set.of("23505", "40001", "40P01", "55P03", "HYT00", "90131", "90112", "90143");

    private ConcurrentWrites() {
    }

    /**
     * Runs {@code attempt} again, up to {@link #ATTEMPTS} times in all, while it loses a race with a concurrent write.
     * {@code attempt} must call a transactional bean through its container proxy from outside any transaction, so
     * that each attempt is its own transaction and nothing of a lost one is kept; and it must be safe to run twice
     * (idempotent). Between attempts it waits a few random milliseconds (growing), so that writers who collided once
     * do not collide again in step. Anything else, and the last lost race, is thrown as it came.
     */
    public static <T> T retrying(String what, Supplier<T> attempt) {
        for (int n = 1; ; n++) {
            try {
                return attempt.get();
            } catch (RuntimeException e) {
                boolean race = lostRace(e);
                if (n == ATTEMPTS || !(race || brokerConnectionLost(e))) {
                    throw e;
                }
                if (race) {
                    ReveilleLogger.LOG.lostRaceRetrying(what, n, ATTEMPTS, describe(e));
                } else {
                    ReveilleLogger.LOG.brokerConnectionLostRetrying(what, n, ATTEMPTS, describe(e));
                }
                pause(n);
            }
        }
    }

    /** As {@link #retrying(String, Supplier)}, for a write without a result. */
    public static void retrying(String what, Runnable attempt) {
        retrying(what, () -> {
            attempt.run();
            return null;
        });
    }

    /** Whether the exception (or any of its causes) says the transaction lost a race with a concurrent one. */
    public static boolean lostRace(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof jakarta.persistence.OptimisticLockException
                    || t instanceof jakarta.persistence.PessimisticLockException
                    || t instanceof jakarta.persistence.LockTimeoutException) {
                return true;
            }
            String name = t.getClass().getName();
            // Hibernate's own exceptions, when they come unwrapped (e.g. at commit, through the transaction synchronisation)
            if (name.startsWith("org.hibernate.Stale") || name.equals("org.hibernate.exception.LockAcquisitionException")
                    || name.equals("org.hibernate.exception.LockTimeoutException")
                    || name.equals("org.hibernate.PessimisticLockException")) {
                return true;
            }
            if (t instanceof SQLException sql && isRaceState(sql)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a JMS call of the transaction failed because its pooled broker connection was lost (the broker stopped,
     * failed over or restarted since the connection was made: the pool hands it out once more, docs/cluster.md), before
     * anything was committed: the JMS API threw, and the cause is the Artemis client's "disconnected" or "not connected"
     * error, not a failed commit (after which the outcome is the transaction manager's to decide, and nothing may run
     * again).
     */
    public static boolean brokerConnectionLost(Throwable thrown) {
        boolean jms = false;
        boolean disconnected = false;
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String name = t.getClass().getName();
            if (t instanceof jakarta.jms.JMSException || t instanceof jakarta.jms.JMSRuntimeException) {
                jms = true;
            }
            if (name.equals("org.apache.activemq.artemis.api.core.ActiveMQDisconnectedException")
                    || name.equals("org.apache.activemq.artemis.api.core.ActiveMQNotConnectedException")) {
                disconnected = true;
            }
            if (t instanceof jakarta.transaction.RollbackException || t instanceof jakarta.transaction.HeuristicMixedException
                    || t instanceof jakarta.transaction.HeuristicRollbackException) {
                return false;
            }
        }
        return jms && disconnected;
    }

    private static boolean isRaceState(SQLException sql) {
        for (SQLException e = sql; e != null; e = e.getNextException()) {
            if (e.getSQLState() != null && RACE_STATES.contains(e.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** The innermost message of the chain: what the database or the persistence provider said. */
    public static String describe(Throwable thrown) {
        Throwable root = thrown;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : root.getMessage().lines().findFirst().orElse("");
        return root.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }

    private static void pause(int attempt) {
        long bound = Math.min(200, 10L << attempt);
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, bound));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to run a write again", e);
        }
    }
}
