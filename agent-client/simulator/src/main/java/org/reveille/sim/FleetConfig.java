package org.reveille.sim;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.reveille.agent.EnrollmentSecret;
import org.reveille.net.Ipv4Address;

/**
 * The knobs of a simulated fleet. Subnet {@code i} is {@code firstSubnet + i*256}, a /24 inside 127.0.0.0/8;
 * hosts are numbered from .10: agents, then dead hosts, then sleeping machines; .255 is the segment.
 */
public final class FleetConfig {

    public static final int FIRST_HOST = 10;
    public static final int MAX_HOSTS_PER_SUBNET = 254 - FIRST_HOST + 1;

    final int subnets;
    final Ipv4Address firstSubnet;
    final int agentsPerSubnet;
    final int deadHostsPerSubnet;
    final DeadHostPlacement deadHostPlacement;
    final int sleepingPerSubnet;
    final Map<SimulatedChassis, Integer> sleepingChassisWeights;
    final Duration latency;
    /** The servers every simulated agent knows, in order (one, or the nodes of a cluster). */
    final List<InetSocketAddress> servers;
    final int agentPort;
    final int probePort;
    final int wolPort;
    final byte[] sharedKey;
    /** The token every agent enrolls with when it has no identity yet (docs/security.md, "Agent identity"); null: none. */
    final EnrollmentSecret enrollmentToken;
    /** Where the agents' identity files are kept; null: a temporary directory while there is a token. */
    final Path stateDirectory;
    final Duration heartbeatInterval;
    final boolean keepHeartbeatConnections;
    final int connectionWorkers;
    final int backgroundThreads;
    final Duration bootOnWake;
    /** Each subnet has an IPv6 link (docs/protocol.md, "Version 4"), recorded on [::1]. */
    final boolean ipv6;

    private FleetConfig(Builder b) {
        subnets = b.subnets;
        firstSubnet = b.firstSubnet;
        agentsPerSubnet = b.agentsPerSubnet;
        deadHostsPerSubnet = b.deadHostsPerSubnet;
        deadHostPlacement = b.deadHostPlacement;
        sleepingPerSubnet = b.sleepingPerSubnet;
        sleepingChassisWeights = new EnumMap<>(b.sleepingChassisWeights);
        latency = b.latency;
        servers = List.copyOf(b.servers);
        agentPort = b.agentPort;
        probePort = b.probePort;
        wolPort = b.wolPort;
        sharedKey = b.sharedKey;
        enrollmentToken = b.enrollmentToken;
        stateDirectory = b.stateDirectory;
        heartbeatInterval = b.heartbeatInterval;
        keepHeartbeatConnections = b.keepHeartbeatConnections;
        connectionWorkers = b.connectionWorkers;
        backgroundThreads = b.backgroundThreads;
        bootOnWake = b.bootOnWake;
        ipv6 = b.ipv6;
        int hosts = agentsPerSubnet + deadHostsPerSubnet + sleepingPerSubnet;
        if (hosts > MAX_HOSTS_PER_SUBNET) {
            throw new IllegalArgumentException(hosts + " hosts per subnet; a simulated /24 holds at most "
                    + MAX_HOSTS_PER_SUBNET);
        }
        if (subnets < 1 || firstSubnet.toLong() + (long) subnets * 256 - 1 > Ipv4Address.parse("127.255.255.255").toLong()
                || !firstSubnet.isLoopback() || (firstSubnet.toInt() & 0xFF) != 0) {
            throw new IllegalArgumentException("subnets must be /24s inside 127.0.0.0/8 starting at a .0 address");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public int subnets() {
        return subnets;
    }

    public int wolPort() {
        return wolPort;
    }

    /** Whether the subnets have IPv6 links. */
    public boolean ipv6() {
        return ipv6;
    }

    /** Defaults: 50 subnets from 127.20.0.0, 2 agents, 1 dead host, 20 sleeping machines each, server 127.0.0.1:1777. */
    public static final class Builder {
        private int subnets = 50;
        private Ipv4Address firstSubnet = Ipv4Address.parse("127.20.0.0");
        private int agentsPerSubnet = 2;
        private int deadHostsPerSubnet = 1;
        private DeadHostPlacement deadHostPlacement = DeadHostPlacement.FIRST;
        private int sleepingPerSubnet = 20;
        private Map<SimulatedChassis, Integer> sleepingChassisWeights = new EnumMap<>(Map.of(SimulatedChassis.WORKSTATION, 6,
                SimulatedChassis.LAPTOP, 3, SimulatedChassis.SERVER, 1));
        private Duration latency = Duration.ZERO;
        private List<InetSocketAddress> servers = List.of(InetSocketAddress.createUnresolved("127.0.0.1", 1777));
        private int agentPort = 1776;
        private int probePort = 1776;
        private int wolPort = 24009;
        private byte[] sharedKey;
        private EnrollmentSecret enrollmentToken;
        private Path stateDirectory;
        private Duration heartbeatInterval = Duration.ofSeconds(60);
        private boolean keepHeartbeatConnections = true;
        private int connectionWorkers = 64;
        private int backgroundThreads = 4;
        private Duration bootOnWake;
        private boolean ipv6;

        public Builder subnets(int value) {
            subnets = value;
            return this;
        }

        public Builder firstSubnet(Ipv4Address value) {
            firstSubnet = Objects.requireNonNull(value);
            return this;
        }

        public Builder agentsPerSubnet(int value) {
            agentsPerSubnet = value;
            return this;
        }

        public Builder deadHostsPerSubnet(int value) {
            deadHostsPerSubnet = value;
            return this;
        }

        public Builder deadHostPlacement(DeadHostPlacement value) {
            deadHostPlacement = Objects.requireNonNull(value);
            return this;
        }

        public Builder sleepingPerSubnet(int value) {
            sleepingPerSubnet = value;
            return this;
        }

        /** Relative weights of the sleeping machines' chassis, e.g. {WORKSTATION=6, LAPTOP=3, SERVER=1}. */
        public Builder sleepingChassisWeights(Map<SimulatedChassis, Integer> value) {
            if (value.isEmpty() || value.values().stream().anyMatch(w -> w < 0)
                    || value.values().stream().mapToInt(Integer::intValue).sum() == 0) {
                throw new IllegalArgumentException("chassis weights must be non-negative with a positive sum");
            }
            sleepingChassisWeights = new EnumMap<>(value);
            return this;
        }

        /** Delay every agent adds before executing a server command. */
        public Builder latency(Duration value) {
            latency = Objects.requireNonNull(value);
            return this;
        }

        public Builder server(String host, int port) {
            return servers(List.of(InetSocketAddress.createUnresolved(Objects.requireNonNull(host), port)));
        }

        /** The nodes of a cluster, in the order the agents try them (docs/protocol.md, "Several servers"). */
        public Builder servers(List<InetSocketAddress> value) {
            if (value.isEmpty()) {
                throw new IllegalArgumentException("at least one server");
            }
            servers = List.copyOf(value);
            return this;
        }

        /** TCP port every simulated agent listens on, on its own address (default 1776). */
        public Builder agentPort(int value) {
            agentPort = value;
            return this;
        }

        public Builder probePort(int value) {
            probePort = value;
            return this;
        }

        /** UDP port of each subnet's segment listener and the agents' default magic packet port (default 24009, below the ephemeral port range). */
        public Builder wolPort(int value) {
            wolPort = value;
            return this;
        }

        /** Shared key for signed frames; null (the default) for plain agents. */
        public Builder sharedKey(byte[] value) {
            sharedKey = value == null ? null : value.clone();
            return this;
        }

        /**
         * An enrollment token, {@code <id>.<secret>} as the server showed it (docs/security.md, "Agent identity"):
         * every simulated agent without an identity file enrolls with it when it starts, and from then on signs with its
         * own identity and obeys only the server's keys. Null (the default): no enrollment. The shared key, if any, is
         * then not used by enrolled agents.
         */
        public Builder enrollmentToken(String token) {
            enrollmentToken = token == null ? null : EnrollmentSecret.parse(token);
            return this;
        }

        /**
         * Where the agents keep their identity files, {@code agent-identity-<address>} (an agent whose file is there is
         * enrolled, also in a new fleet: restarting a fleet with the same directory keeps the identities). Null (the
         * default): with an {@link #enrollmentToken} a temporary directory, deleted when the fleet closes.
         */
        public Builder stateDirectory(Path value) {
            stateDirectory = value;
            return this;
        }

        public Builder heartbeatInterval(Duration value) {
            heartbeatInterval = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Whether the Primaries and Alternates keep one connection for their heartbeats, as real agents do (default);
         * false saves that file descriptor per proxy (on both sides) when the open-files limit bounds the fleet.
         */
        public Builder keepHeartbeatConnections(boolean value) {
            keepHeartbeatConnections = value;
            return this;
        }

        public Builder threads(int connectionWorkers, int backgroundThreads) {
            this.connectionWorkers = connectionWorkers;
            this.backgroundThreads = backgroundThreads;
            return this;
        }

        /**
         * Sleeping machines boot when their first magic packet arrives and, {@code delay} later, run an agent on their
         * address (a MEMBER, as a freshly woken PC): what docs/architecture.md#flow-recruiting-an-alternate needs. Null
         * (default): they stay asleep and only record packets.
         */
        public Builder bootOnWake(Duration delay) {
            bootOnWake = delay;
            return this;
        }

        /**
         * Gives each subnet 127.x.y.0/24 an IPv6 link {@code fd7f:x:y::/64} (hexadecimal x and y) and each machine
         * 127.x.y.z the address {@code fd7f:x:y::z} (docs/protocol.md, "Version 4"): the agents register the prefix,
         * send each magic packet to their link's ff02::1 too, which one recorder on {@code [::1]} (an ephemeral UDP
         * port) records for all links, and the inventory names the addresses. False (the default): no IPv6.
         */
        public Builder ipv6(boolean value) {
            ipv6 = value;
            return this;
        }

        public FleetConfig build() {
            return new FleetConfig(this);
        }
    }
}
