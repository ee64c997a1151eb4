package org.reveille.interfaces.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import java.util.Map;

/** Alive unless threads of the server are deadlocked: a deadlocked server must be restarted, not waited for. */
@ApplicationScoped
public class DeadlockProbe implements Probe {

    @Override
    public Result check() {
        long[] deadlocked = ManagementFactory.getThreadMXBean().findDeadlockedThreads();
        int count = deadlocked == null ? 0 : deadlocked.length;
        return new Result("reveille-threads", count == 0, Map.of("deadlockedThreads", count));
    }
}
