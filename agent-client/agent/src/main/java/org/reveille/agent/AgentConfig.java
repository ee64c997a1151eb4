package org.reveille.agent;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;
import org.reveille.protocol.WireRole;
import org.reveille.protocol.SecurityContext;
import org.reveille.protocol.TlsSettings;

/**
 * Everything one agent needs to run, with the documented defaults. Built by {@link AgentCommandLine} for the
 * real agent and by the fleet simulator for simulated ones.
 */
public final class AgentConfig {

    public static final int DEFAULT_AGENT_PORT = 1776;
    public static final int DEFAULT_SERVER_PORT = 1777;
    public static final int DEFAULT_PROBE_PORT = 1776;

    final String name;
    final Ipv4Address address;
    final int listenPort;
    final Ipv4Address mask;
    final MacAddress mac;
    /** The servers, in the administrator's order, unresolved (docs/protocol.md, "Several servers"). */
    final List<InetSocketAddress> servers;
    final SecurityContext security;
    final TlsSettings tls;
    /** Where this agent's identity is kept (docs/protocol.md, "The agent program"); null: it has none. */
    final Path identityFile;
    /** The token to enroll with when the identity file does not exist yet; null: do not enroll. */
    final EnrollmentSecret enrollmentToken;
    final RoleMemory roleMemory;
    final Duration heartbeatInterval;
    /** Heartbeats on one kept connection (docs/protocol.md, "Held connections"); false: a connection each. */
    final boolean keepHeartbeatConnection;
    final int wolPort;
    final int wolRepeat;
    /** Also send every magic packet to ff02::1 on the interface's IPv6 link, when it has one (docs/network.md, "IPv6"). */
    final boolean ipv6;
    /** The IPv6 link given (the simulator's); null: found on the interface when {@link #ipv6}. */
    final Ipv6Link ipv6Link;
    final Ipv4Address broadcast;
    final int probePort;
    final Duration probeTimeout;
    final int probeAttempts;
    final Duration dedupeWindow;
    final Duration commandDelay;
    final Duration connectTimeout;
    final Duration readTimeout;

    private AgentConfig(Builder b) {
        name = b.name;
        address = b.address;
        listenPort = b.listenPort;
        mask = b.mask;
        mac = b.mac;
        servers = List.copyOf(b.servers);
        security = b.security;
        tls = b.tls;
        identityFile = b.identityFile;
        enrollmentToken = b.enrollmentToken;
        if (enrollmentToken != null && identityFile == null) {
            throw new IllegalArgumentException("enrolling needs an identity file to keep the identity in");
        }
        roleMemory = b.roleMemory;
        heartbeatInterval = b.heartbeatInterval;
        keepHeartbeatConnection = b.keepHeartbeatConnection;
        wolPort = b.wolPort;
        wolRepeat = b.wolRepeat;
        ipv6 = b.ipv6;
        ipv6Link = b.ipv6Link;
        broadcast = b.broadcast != null ? b.broadcast : Cidr.containing(b.address, b.mask).broadcastAddress();
        probePort = b.probePort;
        probeTimeout = b.probeTimeout;
        probeAttempts = b.probeAttempts;
        dedupeWindow = b.dedupeWindow;
        commandDelay = b.commandDelay;
        connectTimeout = b.connectTimeout;
        readTimeout = b.readTimeout;
    }

    /**
     * @param address the agent's own address, which it listens on and sends from
     * @param mask its subnet mask, which gives the subnet-directed broadcast address
     */
    public static Builder builder(String name, Ipv4Address address, Ipv4Address mask, MacAddress mac) {
        return new Builder(name, address, mask, mac);
    }

    public String name() {
        return name;
    }

    public Ipv4Address address() {
        return address;
    }

    public Cidr subnet() {
        return Cidr.containing(address, mask);
    }

    /** The identity file, or null when this agent has none (shared key or plain). */
    public Path identityFile() {
        return identityFile;
    }

    /** The servers this agent knows, the first the one it starts with; unresolved. */
    public List<InetSocketAddress> servers() {
        return servers;
    }

    /** Settings with their defaults; every setter returns this builder. */
    public static final class Builder {
        private final String name;
        private final Ipv4Address address;
        private final Ipv4Address mask;
        private final MacAddress mac;
        private int listenPort = DEFAULT_AGENT_PORT;
        private List<InetSocketAddress> servers = List.of(InetSocketAddress.createUnresolved("127.0.0.1", DEFAULT_SERVER_PORT));
        private SecurityContext security = SecurityContext.plain();
        private TlsSettings tls;
        private Path identityFile;
        private EnrollmentSecret enrollmentToken;
        private RoleMemory roleMemory = RoleMemory.inMemory(WireRole.MEMBER);
        private Duration heartbeatInterval = Duration.ofSeconds(60);
        private boolean keepHeartbeatConnection = true;
        private int wolPort = 9;
        private boolean ipv6 = true;
        private Ipv6Link ipv6Link;
        private int wolRepeat = 1;
        private Ipv4Address broadcast;
        private int probePort = DEFAULT_PROBE_PORT;
        private Duration probeTimeout = Duration.ofMillis(700);
        private int probeAttempts = 3;
        private Duration dedupeWindow = Duration.ofMinutes(10);
        private Duration commandDelay = Duration.ZERO;
        private Duration connectTimeout = Duration.ofSeconds(3);
        private Duration readTimeout = Duration.ofSeconds(10);

        private Builder(String name, Ipv4Address address, Ipv4Address mask, MacAddress mac) {
            this.name = Objects.requireNonNull(name, "name");
            this.address = Objects.requireNonNull(address, "address");
            Cidr.prefixLengthOf(Objects.requireNonNull(mask, "mask"));
            this.mask = mask;
            this.mac = Objects.requireNonNull(mac, "mac");
        }

        public Builder listenPort(int port) {
            listenPort = port;
            return this;
        }

        /** One server. */
        public Builder server(String host, int port) {
            return servers(List.of(InetSocketAddress.createUnresolved(Objects.requireNonNull(host, "host"), port)));
        }

        /**
         * Several servers of one cluster, in order: the agent talks to the first and moves to the next when one stops
         * answering (docs/protocol.md, "Several servers").
         */
        public Builder servers(List<InetSocketAddress> value) {
            if (value.isEmpty()) {
                throw new IllegalArgumentException("at least one server");
            }
            servers = value.stream().map(a -> InetSocketAddress.createUnresolved(a.getHostString(), a.getPort())).toList();
            return this;
        }

        public Builder security(SecurityContext value) {
            security = Objects.requireNonNull(value, "security");
            return this;
        }

        /** Null for plain TCP. */
        public Builder tls(TlsSettings value) {
            tls = value;
            return this;
        }

        /**
         * Where this agent's identity is kept (docs/security.md, "Agent identity"). When the file exists the agent is
         * enrolled: it signs with its identity and accepts only the server's keys, and the shared key ({@link
         * #security}) is not used. Null (default): no identity.
         */
        public Builder identityFile(Path value) {
            identityFile = value;
            return this;
        }

        /** The token to enroll with at start when the identity file does not exist yet; null (default): none. */
        public Builder enrollmentToken(EnrollmentSecret value) {
            enrollmentToken = value;
            return this;
        }

        public Builder roleMemory(RoleMemory value) {
            roleMemory = Objects.requireNonNull(value, "roleMemory");
            return this;
        }

        public Builder heartbeatInterval(Duration value) {
            heartbeatInterval = value;
            return this;
        }

        /**
         * Whether heartbeats travel on one connection kept open (the default) or on a new connection each: a fleet
         * simulator short of file descriptors may trade the held connection's descriptor for a connection per beat.
         */
        public Builder keepHeartbeatConnection(boolean value) {
            keepHeartbeatConnection = value;
            return this;
        }

        /** UDP port for magic packets when a batch does not name one (default 9). */
        public Builder wolPort(int value) {
            wolPort = value;
            return this;
        }

        public Builder wolRepeat(int value) {
            wolRepeat = value;
            return this;
        }

        /** Whether magic packets also go to ff02::1 on the interface's IPv6 link (default true: where there is one). */
        public Builder ipv6(boolean value) {
            ipv6 = value;
            return this;
        }

        /**
         * The agent's IPv6 link, instead of the one of its interface (the fleet simulator's); the agent closes it when
         * it stops, so one link serves one agent run. With {@code ipv6(false)} it is not used. Null
         * (default): found on the interface.
         */
        public Builder ipv6Link(Ipv6Link value) {
            ipv6Link = value;
            return this;
        }

        /** Overrides the subnet-directed broadcast computed from address and mask. */
        public Builder broadcast(Ipv4Address value) {
            broadcast = value;
            return this;
        }

        public Builder probePort(int value) {
            probePort = value;
            return this;
        }

        public Builder probeTimeout(Duration value) {
            probeTimeout = value;
            return this;
        }

        public Builder probeAttempts(int value) {
            probeAttempts = value;
            return this;
        }

        public Builder dedupeWindow(Duration value) {
            dedupeWindow = value;
            return this;
        }

        /** Delay before executing each server command: the simulator's injected latency. */
        public Builder commandDelay(Duration value) {
            commandDelay = value;
            return this;
        }

        public Builder timeouts(Duration connect, Duration read) {
            connectTimeout = connect;
            readTimeout = read;
            return this;
        }

        public AgentConfig build() {
            return new AgentConfig(this);
        }
    }
}
