package org.reveille.it;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Every port the integration tests use, moved together by one system property, {@code -Dreveille.it.port-offset=N}
 * (default 0), so that a run can live next to a server on the default ports (README, "Run every test"): WildFly's
 * {@code jboss.socket.binding.port-offset} (HTTP 8080 and the broker's acceptor on it, HTTPS 8443, management 9990),
 * the agent listener (setting {@code serverPort}, 1777) and the agents' port (setting {@code agentPort}, 1776), the
 * UDP ports of the simulated fleets, and TwoServersIT's second server (offset N + 100).
 *
 * <p>Registered as a JUnit Platform listener (META-INF/services): before the first test class starts, and so before
 * Arquillian reads arquillian.xml, it publishes the offset and the management port as the system properties that
 * arquillian.xml names. {@link ServerTestSupport} puts the two agent ports into the settings before each class.
 */
public final class ItPorts implements TestExecutionListener {

    public static final int OFFSET = Integer.getInteger("reveille.it.port-offset", 0);

    public static final int HTTP = of(8080);
    public static final int HTTPS = of(8443);
    public static final int MANAGEMENT = of(9990);
    /** The agent listener: setting serverPort. */
    public static final int SERVER = of(1777);
    /** The agents' command port: setting agentPort, and where the simulated agents listen. */
    public static final int AGENT = of(1776);

    /**
     * A port of a test (a simulated fleet's UDP port, say) moved by the offset. Keep them below Linux's ephemeral
     * range (32768-60999, /proc/sys/net/ipv4/ip_local_port_range): a socket bound there by the kernel for some
     * outgoing traffic can hold the port when a simulated agent binds it (a benchmark fleet failed so, with 40610).
     */
    public static int of(int port) {
        return port + OFFSET;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        System.setProperty("reveille.it.port-offset", Integer.toString(OFFSET));
        System.setProperty("reveille.it.management-port", Integer.toString(MANAGEMENT));
    }
}
