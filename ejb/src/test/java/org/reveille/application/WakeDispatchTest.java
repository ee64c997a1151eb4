package org.reveille.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.reveille.application.port.AgentGateway;
import org.reveille.application.port.WakeDispatches;
import org.reveille.application.port.WakeDispatches.Batch;
import org.reveille.application.port.WakeTargets.Claimed;
import org.reveille.domain.model.agent.AgentRole;
import org.reveille.domain.model.settings.Settings;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;
import org.reveille.protocol.AgentStatus;
import org.reveille.protocol.WakeBatch;

/**
 * The dispatch of one batch decides and never waits: a throttled chunk goes back on the queue for the time of its
 * slot (reserved in order), an unreachable subnet asks for a redelivery until the broker's last attempt, then for a
 * dead letter. The container's parts are replaced by recording stand-ins; the throttle is the real one.
 */
class WakeDispatchTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final Cidr SUBNET = Cidr.parse("127.20.5.0/24");
    private static final Ipv4Address PRIMARY = Ipv4Address.parse("127.20.5.11");
    private static final Ipv4Address ALTERNATE = Ipv4Address.parse("127.20.5.12");

    private final List<WakeBatch> sent = new ArrayList<>();
    private final List<Long> claimed = new ArrayList<>();
    private final List<Long> released = new ArrayList<>();
    private final List<Ipv4Address> sentBy = new ArrayList<>();
    /** The agents offered a chunk, in order: the Alternate only after the Primary refused. */
    private final List<Ipv4Address> offers = new ArrayList<>();
    private final List<Long> failed = new ArrayList<>();
    private final List<Batch> requeued = new ArrayList<>();
    private final List<Duration> delays = new ArrayList<>();
    private boolean agentsAnswer = true;
    /** An agent that refuses every batch while the others answer. */
    private Ipv4Address refusing;
    private List<Ipv4Address> paired = List.of();
    private boolean noAgents;
    private org.reveille.domain.model.subnet.ServerDirect serverDirect = org.reveille.domain.model.subnet.ServerDirect.NEVER;
    /** What the server sent itself: the addresses of each call, and how many packets. */
    private final List<List<Ipv4Address>> directTo = new ArrayList<>();
    private final List<Integer> directPackets = new ArrayList<>();
    private boolean directRefused;
    /** The reasons recorded with each hand-over, in order (null for none). */
    private final List<String> reasons = new ArrayList<>();
    private Map<Ipv4Address, Integer> versions = Map.of(PRIMARY, 3, ALTERNATE, 3);
    /** A cluster whose server-direct packets go from one node, and the batches handed to it. */
    private boolean directFromOneNode;
    private final List<Batch> handedToDirectNode = new ArrayList<>();
    /** The paths each offer was to record, in order. */
    private final List<org.reveille.domain.model.wake.WakePaths> offeredPaths = new ArrayList<>();

    private WakeDispatch dispatch(Settings settings) throws ReflectiveOperationException {
        WakeDispatch dispatch = new WakeDispatch();
        set(dispatch, "clock", Clock.fixed(NOW, ZoneOffset.UTC));
        set(dispatch, "planner", new WakeDispatchPlanner() {
            @Override
            public Plan plan(long jobId, long subnetId) {
                return new Plan(settings, SUBNET, true, null, noAgents ? Optional.empty() : Optional.of(PRIMARY),
                        noAgents ? Optional.empty() : Optional.of(ALTERNATE), versions, paired, serverDirect, false);
            }
        });
        set(dispatch, "subnets", new SubnetService() {
            @Override
            public void rescanSeparately(long id) {
            }
        });
        set(dispatch, "ledger", new WakeLedger() {
            @Override
            public Handed handOver(List<Long> ids, boolean redelivered, Ipv4Address agent, org.reveille.domain.model.wake.WakePaths paths,
                                   String reason, java.time.Instant due, Function<List<Claimed>, String> exchange) {
                offers.add(agent);
                offeredPaths.add(paths);
                reasons.add(reason);
                if (PRIMARY.equals(agent)) {
                    claimed.addAll(ids);
                }
                List<Claimed> locked = ids.stream().map(WakeDispatchTest::claimed).toList();
                String error = exchange.apply(locked);
                if (error != null) {
                    throw new NotTaken(locked, error);   // the container rolls the offer back
                }
                sentBy.add(agent);
                return new Handed(locked, new Handover(agent, null));
            }

            @Override
            public List<Claimed> stillQueued(List<Long> ids, boolean redelivered) {
                return ids.stream().map(WakeDispatchTest::claimed).toList();
            }

            @Override
            public void release(List<Long> ids, String error) {
                released.addAll(ids);
            }

            @Override
            public int fail(List<Long> ids, String reason, String category) {
                failed.addAll(ids);
                return ids.size();
            }

        });
        set(dispatch, "throttle", new WakeThrottle());
        set(dispatch, "gateway", new RecordingGateway());
        set(dispatch, "broadcast", (org.reveille.application.port.DirectBroadcast) (broadcasts, port, packets) -> {
            directTo.add(List.copyOf(broadcasts));
            directPackets.add(packets.size());
            Map<Ipv4Address, String> refused = new java.util.LinkedHashMap<>();
            if (directRefused) {
                broadcasts.forEach(b -> refused.put(b, "Network is unreachable"));
            }
            return refused;
        });
        set(dispatch, "recruiter", new AlternateRecruiter());
        set(dispatch, "queue", new WakeDispatches() {
            @Override
            public void queue(long jobId, long subnetId, int round, Instant firstQueuedAt, List<Long> targetIds, Duration delay) {
                requeue(new Batch(jobId, subnetId, round, firstQueuedAt, targetIds), delay);
            }

            @Override
            public void requeue(Batch batch, Duration delay) {
                requeued.add(batch);
                delays.add(delay);
            }

            @Override
            public int maxDeliveryAttempts() {
                return 3;
            }

            @Override
            public boolean serverDirectFromOneNode() {
                return directFromOneNode;
            }

            @Override
            public void toServerDirectNode(Batch batch) {
                handedToDirectNode.add(batch);
            }
        });
        return dispatch;
    }

    private static Claimed claimed(long id) {
        return new Claimed(id, MacAddress.parse(String.format("02:00:00:00:%02x:%02x", id / 256, id % 256)),
                Ipv4Address.parse("127.20.5." + (100 + id)), "PC-" + id);
    }

    private static Batch batch(int targets) {
        return new Batch(7, 3, 0, NOW, LongStream.rangeClosed(1, targets).boxed().toList());
    }

    @Test
    void aThrottledBatchGoesBackForItsSlotInsteadOfWaiting() throws Exception {
        WakeDispatch dispatch = dispatch(Settings.defaults());   // 50 packets/s per subnet: chunks of 5, one per 100 ms
        long start = System.nanoTime();
        assertInstanceOf(WakeDispatch.Outcome.Done.class, dispatch.dispatch(batch(12), 1));
        assertTrue(System.nanoTime() - start < 90_000_000L, "returned without waiting for the next slot");
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), claimed, "the first chunk at once");
        assertEquals(1, sent.size());
        assertEquals(1, requeued.size());
        Batch rest = requeued.get(0);
        assertEquals(LongStream.rangeClosed(6, 12).boxed().toList(), rest.targetIds());
        assertEquals(5, rest.reserved(), "the slot of its first chunk is reserved");
        assertTrue(delays.get(0).compareTo(Duration.ofMillis(50)) > 0 && delays.get(0).compareTo(Duration.ofMillis(100)) <= 0, delays.toString());

        // its delivery sends the reserved chunk at once and puts the rest back for the next slot, after the one reserved
        dispatch.dispatch(rest, 1);
        assertEquals(LongStream.rangeClosed(1, 10).boxed().toList(), claimed);
        assertEquals(2, requeued.size());
        assertEquals(List.of(11L, 12L), requeued.get(1).targetIds());
        assertTrue(delays.get(1).compareTo(Duration.ofMillis(100)) > 0, "the next slot is after the reserved one: " + delays);
    }

    @Test
    void withoutLimitsTheWholeBatchGoesInOneExchange() throws Exception {
        Settings unlimited = Settings.fromStored(Map.of("wakeRateLimitPerSubnet", "0", "wakeRateLimitGlobal", "0"), (name, value) -> {
            throw new AssertionError(name);
        });
        dispatch(unlimited).dispatch(batch(12), 1);
        assertEquals(1, sent.size());
        assertEquals(12, sent.get(0).targets().size());
        assertEquals(List.of(PRIMARY), sentBy, "sent by the Primary that took the batch, recorded in its hand-over");
        assertEquals(List.of(PRIMARY), offers, "the Alternate is not asked when the Primary took it");
        assertEquals(List.of(), requeued);
    }

    @Test
    void anUnreachableSubnetIsRedeliveredUntilTheBrokersLastAttemptThenDeadLettered() throws Exception {
        agentsAnswer = false;
        Settings unlimited = Settings.fromStored(Map.of("wakeRateLimitPerSubnet", "0", "wakeRateLimitGlobal", "0"), (n, v) -> { });
        WakeDispatch dispatch = dispatch(unlimited);
        WakeDispatch.Outcome first = dispatch.dispatch(batch(3), 1);
        assertInstanceOf(WakeDispatch.Outcome.Redeliver.class, first);
        assertEquals(List.of(1L, 2L, 3L), released, "released for the next attempt");
        assertEquals(List.of(), sentBy, "no agent took them");
        assertEquals(List.of(PRIMARY, ALTERNATE), offers, "the Primary, then the Alternate, each in a hand-over of its own");
        assertEquals(List.of(), failed);
        WakeDispatch.Outcome last = dispatch.dispatch(batch(3), 3);
        WakeDispatch.Outcome.DeadLetter dead = assertInstanceOf(WakeDispatch.Outcome.DeadLetter.class, last);
        assertTrue(dead.reason().contains("no agent of subnet " + SUBNET + " could be reached") && dead.reason().endsWith("after 3 attempts"),
                dead.reason());
        assertEquals(List.of(1L, 2L, 3L), failed);
    }

    /**
     * Paired subnets (issue 16): an agent that reads version 3 is given the paired broadcasts, one that does not gets
     * the batch it always got, and the paths recorded with its hand-over say the pairs were not sent, and why.
     */
    @Test
    void pairedBroadcastsGoOnlyToAnAgentThatReadsThem() throws Exception {
        Settings unlimited = Settings.fromStored(Map.of("wakeRateLimitPerSubnet", "0", "wakeRateLimitGlobal", "0"), (n, v) -> { });
        paired = List.of(Ipv4Address.parse("127.20.6.255"), Ipv4Address.parse("127.20.8.63"));
        versions = Map.of(PRIMARY, 3, ALTERNATE, 2);
        dispatch(unlimited).dispatch(batch(2), 1);
        assertEquals(paired, sent.get(0).pairedBroadcasts(), "the Primary speaks version 3");
        assertEquals("subnet 127.20.5.255; paired 127.20.6.255; paired 127.20.8.63", offeredPaths.get(0).text());

        refusing = PRIMARY;
        dispatch(unlimited).dispatch(new Batch(8, 3, 0, NOW, List.of(5L)), 1);
        assertEquals(List.of(PRIMARY, PRIMARY, ALTERNATE), offers);
        assertEquals(List.of(), sent.get(1).pairedBroadcasts(), "the Alternate speaks version 2: the batch it always read");
        assertEquals("subnet 127.20.5.255; paired 127.20.6.255 (not sent: the agent speaks protocol 2, paired subnets need 3);"
                + " paired 127.20.8.63 (not sent: the agent speaks protocol 2, paired subnets need 3)", offeredPaths.get(2).text());
        assertEquals(2, sent.size());
    }

    /** Server-direct, when-no-agent (issue 16, item 2): a subnet without agents is sent by the server at once, to its pairs too. */
    @Test
    void withoutAgentsTheServerSendsItselfWhenThePolicySaysSo() throws Exception {
        Settings unlimited = Settings.fromStored(Map.of("wakeRateLimitPerSubnet", "0", "wakeRateLimitGlobal", "0"), (n, v) -> { });
        noAgents = true;
        assertInstanceOf(WakeDispatch.Outcome.Done.class, dispatch(unlimited).dispatch(batch(3), 1));
        assertEquals(1, requeued.size(), "policy never: the batch waits for a discovery, as before");
        assertEquals(List.of(), directTo);

        requeued.clear();
        serverDirect = org.reveille.domain.model.subnet.ServerDirect.WHEN_NO_AGENT;
        paired = List.of(Ipv4Address.parse("127.20.6.255"));
        assertInstanceOf(WakeDispatch.Outcome.Done.class, dispatch(unlimited).dispatch(batch(3), 1));
        assertEquals(List.of(), requeued, "no wait for a discovery");
        assertEquals(List.of(List.of(Ipv4Address.parse("127.20.5.255"), Ipv4Address.parse("127.20.6.255"))), directTo);
        assertEquals(List.of(3), directPackets);
        assertEquals(java.util.Collections.singletonList(null), offers, "recorded without an agent");
        assertEquals("server 127.20.5.255; server-paired 127.20.6.255", offeredPaths.get(0).text());
        assertTrue(reasons.get(0).contains("itself (directed broadcast): no agent on subnet " + SUBNET), reasons.get(0));
        assertEquals(List.of(), failed);

        // when the server cannot send either, the targets fail with both reasons
        directRefused = true;
        dispatch(unlimited).dispatch(batch(2), 1);
        assertEquals(List.of(1L, 2L), failed);
        assertEquals(1, offers.size(), "nothing recorded as sent");
    }

    /** When-no-agent also covers agents that are all unreachable; always-also sends from the server and the agent. */
    @Test
    void theServerTakesOverFromUnreachableAgentsAndAlwaysAlsoSendsBesideThem() throws Exception {
        Settings unlimited = Settings.fromStored(Map.of("wakeRateLimitPerSubnet", "0", "wakeRateLimitGlobal", "0"), (n, v) -> { });
        serverDirect = org.reveille.domain.model.subnet.ServerDirect.WHEN_NO_AGENT;
        agentsAnswer = false;
        assertInstanceOf(WakeDispatch.Outcome.Done.class, dispatch(unlimited).dispatch(batch(2), 1), "no redelivery: the server sent them");
        assertEquals(java.util.Arrays.asList(PRIMARY, ALTERNATE, null), offers);
        assertTrue(reasons.get(2).contains("could be reached"), reasons.get(2));
        assertEquals(List.of(), released);

        offers.clear();
        offeredPaths.clear();
        directTo.clear();
        agentsAnswer = true;
        serverDirect = org.reveille.domain.model.subnet.ServerDirect.ALWAYS_ALSO;
        dispatch(unlimited).dispatch(batch(2), 1);
        assertEquals(1, directTo.size(), "the server sent too");
        assertEquals(List.of(PRIMARY), offers);
        assertEquals("subnet 127.20.5.255; server 127.20.5.255", offeredPaths.get(0).text(), "both paths recorded with the agent's hand-over");
        assertEquals(1, sent.size());
    }

    /**
     * A cluster's server-direct node (docs/cluster.md): another node sends none of the server's packets; it hands the
     * batch to that node when no agent is there or the policy is always-also, and the rest of a batch when the agents
     * cannot be reached. The server-direct node itself sends them as a single server does.
     */
    @Test
    void inAClusterOnlyTheServerDirectNodeSendsTheServersPackets() throws Exception {
        Settings unlimited = Settings.fromStored(Map.of("wakeRateLimitPerSubnet", "0", "wakeRateLimitGlobal", "0"), (n, v) -> { });
        directFromOneNode = true;
        noAgents = true;
        serverDirect = org.reveille.domain.model.subnet.ServerDirect.WHEN_NO_AGENT;
        Batch withSlot = new Batch(7, 3, 0, NOW, List.of(1L, 2L, 3L), false, 2);
        assertInstanceOf(WakeDispatch.Outcome.Done.class, dispatch(unlimited).dispatch(withSlot, 2));
        assertEquals(List.of(), directTo, "not sent from this node");
        assertEquals(List.of(), offers, "nothing recorded here");
        assertEquals(1, handedToDirectNode.size());
        Batch handed = handedToDirectNode.get(0);
        assertEquals(List.of(1L, 2L, 3L), handed.targetIds());
        assertTrue(handed.resumed(), "a second delivery: its targets may be held by the first");
        assertEquals(2, handed.reserved(), "its throttle slot goes with it");

        // the server-direct node dispatches it as a single server does
        assertInstanceOf(WakeDispatch.Outcome.Done.class, dispatch(unlimited).dispatch(handed, 1, true));
        assertEquals(List.of(2, 1), directPackets, "sent from this node: the reserved chunk, then the rest");
        assertEquals(1, handedToDirectNode.size(), "not handed on again");
        assertTrue(reasons.get(0).contains("itself (directed broadcast)"), reasons.get(0));

        // agents present, policy when-no-agent: this node dispatches, until the agents cannot be reached
        handedToDirectNode.clear();
        directTo.clear();
        directPackets.clear();
        offers.clear();
        noAgents = false;
        dispatch(unlimited).dispatch(batch(2), 1);
        assertEquals(List.of(PRIMARY), offers, "the Primary took it here");
        assertEquals(List.of(), handedToDirectNode);
        agentsAnswer = false;
        assertInstanceOf(WakeDispatch.Outcome.Done.class, dispatch(unlimited).dispatch(batch(2), 1), "no redelivery: handed over");
        assertEquals(List.of(), directTo);
        assertEquals(1, handedToDirectNode.size());
        assertEquals(List.of(1L, 2L), handedToDirectNode.get(0).targetIds());
        assertTrue(handedToDirectNode.get(0).resumed());

        // always-also: the whole batch goes to the server-direct node, agents and all
        handedToDirectNode.clear();
        agentsAnswer = true;
        offers.clear();
        serverDirect = org.reveille.domain.model.subnet.ServerDirect.ALWAYS_ALSO;
        dispatch(unlimited).dispatch(batch(2), 1);
        assertEquals(List.of(), offers);
        assertEquals(1, handedToDirectNode.size());
        assertFalse(handedToDirectNode.get(0).resumed(), "a first delivery");

        // policy never: nothing changes in a cluster
        handedToDirectNode.clear();
        serverDirect = org.reveille.domain.model.subnet.ServerDirect.NEVER;
        dispatch(unlimited).dispatch(batch(2), 1);
        assertEquals(List.of(PRIMARY), offers);
        assertEquals(List.of(), handedToDirectNode);
    }

    private final class RecordingGateway implements AgentGateway {
        @Override
        public void wake(Ipv4Address agent, int agentPort, WakeBatch batch) throws IOException {
            if (!agentsAnswer || agent.equals(refusing)) {
                throw new IOException("connection refused");
            }
            sent.add(batch);
        }

        @Override
        public void requestRegistration(Ipv4Address agent, int agentPort, Duration connectTimeout) {
            throw new AssertionError();
        }

        @Override
        public AgentStatus status(Ipv4Address agent, int agentPort) {
            throw new AssertionError();
        }

        @Override
        public void promote(Ipv4Address agent, int agentPort, String reason) {
            throw new AssertionError();
        }

        @Override
        public void unregister(Ipv4Address agent, int agentPort, String reason) {
            throw new AssertionError();
        }

        @Override
        public CompletableFuture<AgentRole> expectRegistration(Ipv4Address agent) {
            throw new AssertionError();
        }

        @Override
        public void forget(Ipv4Address agent, CompletableFuture<AgentRole> expectation) {
            throw new AssertionError();
        }
    }

    private static void set(Object target, String field, Object value) throws ReflectiveOperationException {
        Field f = WakeDispatch.class.getDeclaredField(field);
        f.setAccessible(true);
        f.set(target, value);
    }
}
