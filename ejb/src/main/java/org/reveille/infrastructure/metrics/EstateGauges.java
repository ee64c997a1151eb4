package org.reveille.infrastructure.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import java.time.Duration;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.reveille.application.Insight;
import org.reveille.domain.model.agent.AgentRole;
import org.reveille.domain.model.insight.EstateCensus;
import org.reveille.domain.model.subnet.SubnetState;
import org.reveille.infrastructure.agent.AgentListener;
import org.reveille.infrastructure.messaging.jms.Destinations;
import org.reveille.logging.ReveilleLogger;

/**
 * The gauges of the estate (README, "Metrics"): subnets by state, by coverage and degraded, agents by role, the agent listener's
 * open connections, the discovery queue's depth. A scrape reads only what this bean read last, every {@link #EVERY}
 * ({@link Insight#census}: a few group-by queries; a browse of the discovery queue): never the database on the scrape's thread.
 */
@Singleton
@Startup
@DependsOn({"SchemaMigration", "AgentListener"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class EstateGauges {

    static final Duration EVERY = Duration.ofSeconds(15);
    /** Coverage of a subnet: both proxies, one of them, none, or unreachable (whatever agents it still lists). */
    static final String[] COVERAGE = {"primary-and-alternate", "one-agent", "none", "unreachable"};
    /** The discovery queue is browsed up to this many messages; more reads as this number. */
    static final int MAX_BROWSED = 100_000;

    @Inject
    private Insight insight;

    @Inject
    private MeterRegistry registry;

    @Inject
    private AgentListener listener;

    @Inject
    private JMSContext jms;

    @Resource(lookup = Destinations.DISCOVERY)
    private Queue discovery;

    @Resource
    private TimerService timers;

    private final Map<String, AtomicLong> values = new ConcurrentHashMap<>();
    private final java.util.List<Registered> registered = new java.util.concurrent.CopyOnWriteArrayList<>();

    @PostConstruct
    void register() {
        for (SubnetState state : SubnetState.values()) {
            gauge("reveille.subnets", "state", lower(state.name()));
        }
        for (String coverage : COVERAGE) {
            gauge("reveille.subnets.coverage", "coverage", coverage);
        }
        for (AgentRole role : AgentRole.values()) {
            gauge("reveille.agents", "role", lower(role.name()));
        }
        gauge("reveille.subnets.degraded", null, null);
        gauge("reveille.agent.listener.connections", null, null);
        gauge("reveille.discovery.queue.depth", null, null);
        timers.createIntervalTimer(Duration.ofSeconds(5).toMillis(), EVERY.toMillis(), new TimerConfig("estate-gauges", false));
    }

    @Timeout
    void refresh() {
        try {
            EstateCensus census = insight.census();
            for (SubnetState state : SubnetState.values()) {
                set("reveille.subnets", lower(state.name()), census.subnetsByState().get(state));
            }
            set("reveille.subnets.coverage", COVERAGE[0], census.primaryAndAlternate());
            set("reveille.subnets.coverage", COVERAGE[1], census.oneAgent());
            set("reveille.subnets.coverage", COVERAGE[2], census.noAgent());
            set("reveille.subnets.coverage", COVERAGE[3], census.unreachable());
            for (AgentRole role : AgentRole.values()) {
                set("reveille.agents", lower(role.name()), census.agentsByRole().get(role));
            }
            set("reveille.subnets.degraded", null, census.degraded());
            set("reveille.agent.listener.connections", null, listener.openConnections());
            set("reveille.discovery.queue.depth", null, discoveryDepth());
        } catch (RuntimeException e) {
            ReveilleLogger.LOG.gaugesRefreshFailed(String.valueOf(e.getMessage()), e);
        }
    }

    private long discoveryDepth() {
        try (QueueBrowser browser = jms.createBrowser(discovery)) {
            long n = 0;
            for (Enumeration<?> messages = browser.getEnumeration(); messages.hasMoreElements() && n < MAX_BROWSED; messages.nextElement()) {
                n++;
            }
            return n;
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalStateException("cannot browse the discovery queue: " + e.getMessage(), e);
        }
    }

    /**
     * Registered through {@code registry.gauge(name, tags, ...)}, as MicrometerTelemetry says why. The registry outlives
     * the deployment and holds a gauge's value object only weakly: {@link #unregister} removes the gauges when the
     * application stops, or a redeployment would get the old gauges back, reading NaN.
     */
    private void gauge(String name, String tag, String value) {
        AtomicLong holder = values.computeIfAbsent(key(name, value), k -> new AtomicLong());
        Tags tags = tag == null ? Tags.empty() : Tags.of(tag, value);
        registry.gauge(name, tags, holder, AtomicLong::doubleValue);
        registered.add(new Registered(name, tags));
    }

    @PreDestroy
    void unregister() {
        for (Registered r : registered) {
            Gauge gauge = registry.find(r.name()).tags(r.tags()).gauge();
            if (gauge != null) {
                registry.remove(gauge);
            }
        }
    }

    private record Registered(String name, Tags tags) {
    }

    private void set(String name, String value, long n) {
        values.get(key(name, value)).set(n);
    }

    private static String key(String name, String value) {
        return value == null ? name : name + "|" + value;
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
