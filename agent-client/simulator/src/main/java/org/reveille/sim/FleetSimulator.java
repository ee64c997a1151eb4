package org.reveille.sim;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.NoSuchElementException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.reveille.agent.IdentityFile;
import org.reveille.agent.RunningAgent;
import org.reveille.agent.AgentConfig;
import org.reveille.agent.AgentPlatform;
import org.reveille.agent.RoleMemory;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;
import org.reveille.net.Ipv6Address;
import org.reveille.net.MacAddress;
import org.reveille.protocol.WireRole;
import org.reveille.protocol.SecurityContext;
import org.reveille.protocol.SigningIdentity;

/**
 * A fleet on loopback in one JVM: N subnets 127.x.y.0/24, each with live agents (the real agent code, each on
 * its own 127.x.y.z), dead hosts, sleeping machines, a recorder of its segment on 127.x.y.255 and a broadcast
 * relay for PRIMARY PROBEs. With IPv6 ({@link FleetConfig.Builder#ipv6}) each subnet has an IPv6 link too, all of them
 * recorded by one recorder on [::1]. Everything it sends goes to 127.0.0.0/8 or ::1.
 *
 * <pre>
 * try (FleetSimulator fleet = FleetSimulator.start(FleetConfig.builder().subnets(5).server("127.0.0.1", 1777).build())) {
 *     String inventory = fleet.inventoryJson();        // PUT /api/inventory/machines
 *     ...                                              // POST /api/wake, wait for the job
 *     fleet.awaitWoken(macs, Duration.ofSeconds(30));  // every MAC received a magic packet
 * }
 * </pre>
 */
public final class FleetSimulator implements Closeable {

    private static final Ipv4Address MASK = Ipv4Address.parse("255.255.255.0");

    private final FleetConfig config;
    private final AgentPlatform platform;
    /** Where the agents' identity files are (docs/security.md, "Agent identity"); null: the agents have none. */
    private final Path identities;
    /** Whether {@link #identities} is this fleet's own temporary directory, deleted on close. */
    private final boolean temporaryIdentities;
    private final List<SimulatedSubnet> subnets = new ArrayList<>();
    private final ScheduledExecutorService boots = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "fleet-boot");
        thread.setDaemon(true);
        return thread;
    });
    private Duration startupTime;
    /** Stands for every subnet's IPv6 link, on [::1]; null when the fleet has no IPv6. */
    private MagicPacketRecorder linkRecorder;
    /** The channel the simulated links send to {@link #linkRecorder} on; null without IPv6. */
    private DatagramChannel linkChannel;

    private FleetSimulator(FleetConfig config, AgentPlatform platform, Path identities, boolean temporaryIdentities) {
        this.config = config;
        this.platform = platform;
        this.identities = identities;
        this.temporaryIdentities = temporaryIdentities;
    }

    public static FleetSimulator start(FleetConfig config) throws IOException {
        if (config.wolPort == config.probePort) {
            throw new IllegalArgumentException("the segment recorder and the probe relay need different UDP ports");
        }
        long began = System.nanoTime();
        Path identities = config.stateDirectory;
        boolean temporary = identities == null && config.enrollmentToken != null;
        if (temporary) {
            identities = Files.createTempDirectory("reveille-fleet-identities");
        }
        FleetSimulator fleet;
        try {
            fleet = new FleetSimulator(config, AgentPlatform.create("fleet", config.connectionWorkers,
                    config.backgroundThreads), identities, temporary);
        } catch (IOException | RuntimeException e) {
            if (temporary) {
                deleteTree(identities);
            }
            throw e;
        }
        try {
            if (config.ipv6) {
                fleet.linkRecorder = MagicPacketRecorder.open(Ipv6Address.LOOPBACK, 0, fleet.platform.listeners().selector());
                fleet.linkChannel = SimulatedIpv6Link.openChannel();
            }
            for (int i = 0; i < config.subnets; i++) {
                fleet.subnets.add(fleet.startSubnet(Cidr.of(config.firstSubnet.plus(256L * i), 24)));
            }
        } catch (IOException | RuntimeException e) {
            fleet.close();
            throw e;
        }
        fleet.startupTime = Duration.ofNanos(System.nanoTime() - began);
        return fleet;
    }

    private SimulatedSubnet startSubnet(Cidr cidr) throws IOException {
        List<SimulatedMachine> machines = machinesOf(cidr);
        MagicPacketRecorder segment = MagicPacketRecorder.open(cidr.broadcastAddress(), config.wolPort,
                platform.listeners().selector());
        SubnetBroadcastRelay relay = SubnetBroadcastRelay.open(cidr.broadcastAddress(), config.probePort,
                platform.listeners().selector());
        SimulatedSubnet subnet = new SimulatedSubnet(cidr, machines, segment, relay, config.ipv6);
        for (SimulatedMachine machine : subnet.machines(SimulatedMachine.Kind.AGENT)) {
            relay.join(machine.ip(), config.probePort);
            subnet.roleMemories.put(machine.ip(), RoleMemory.inMemory(WireRole.MEMBER));
            startAgent(subnet, machine);
        }
        if (config.bootOnWake != null) {
            Map<MacAddress, SimulatedMachine> sleepers = new HashMap<>();
            subnet.machines(SimulatedMachine.Kind.SLEEPING).forEach(m -> sleepers.put(m.mac(), m));
            segment.onFirstPacket(mac -> {
                SimulatedMachine woken = sleepers.get(mac);
                if (woken != null) {
                    boots.schedule(() -> boot(subnet, woken), config.bootOnWake.toMillis(), TimeUnit.MILLISECONDS);
                }
            });
        }
        return subnet;
    }

    private List<SimulatedMachine> machinesOf(Cidr cidr) {
        List<SimulatedMachine> machines = new ArrayList<>();
        Ipv4Address next = cidr.networkAddress().plus(FleetConfig.FIRST_HOST);
        for (int i = 0; i < config.agentsPerSubnet; i++, next = next.plus(1)) {
            machines.add(SimulatedMachine.of(next, cidr, SimulatedChassis.WORKSTATION, SimulatedMachine.Kind.AGENT, config.ipv6));
        }
        for (int i = 0; i < config.deadHostsPerSubnet; i++, next = next.plus(1)) {
            machines.add(SimulatedMachine.of(next, cidr, config.deadHostPlacement.chassis, SimulatedMachine.Kind.DEAD, config.ipv6));
        }
        ChassisCycle chassis = new ChassisCycle(config.sleepingChassisWeights);
        for (int i = 0; i < config.sleepingPerSubnet; i++, next = next.plus(1)) {
            machines.add(SimulatedMachine.of(next, cidr, chassis.next(), SimulatedMachine.Kind.SLEEPING, config.ipv6));
        }
        return machines;
    }

    private RunningAgent startAgent(SimulatedSubnet subnet, SimulatedMachine machine) throws IOException {
        AgentConfig agentConfig = AgentConfig.builder(machine.name(), machine.ip(), MASK, machine.mac())
                .listenPort(config.agentPort).servers(config.servers)
                .security(config.sharedKey == null ? SecurityContext.plain() : SecurityContext.withKey(config.sharedKey))
                .roleMemory(subnet.roleMemories.get(machine.ip())).heartbeatInterval(config.heartbeatInterval)
                .keepHeartbeatConnection(config.keepHeartbeatConnections)
                .wolPort(config.wolPort).probePort(config.probePort).probeTimeout(Duration.ofMillis(300))
                .probeAttempts(2).commandDelay(config.latency)
                .identityFile(identities == null ? null : identityFile(machine.ip()))
                .enrollmentToken(identities == null ? null : config.enrollmentToken)
                .ipv6Link(linkOf(subnet)).build();
        RunningAgent agent = RunningAgent.start(agentConfig, platform);
        subnet.agents.put(machine.ip(), agent);
        return agent;
    }

    /** The subnet's simulated IPv6 link for one agent, or null when the fleet has no IPv6. */
    private SimulatedIpv6Link linkOf(SimulatedSubnet subnet) throws IOException {
        if (linkRecorder == null) {
            return null;
        }
        return SimulatedIpv6Link.sharing("sim-" + subnet.cidr(), subnet.ipv6Prefix(), linkChannel,
                new InetSocketAddress(Ipv6Address.LOOPBACK.toInetAddress(), linkRecorder.port()));
    }

    /** A sleeping machine that received its magic packet comes up and runs an agent. */
    private void boot(SimulatedSubnet subnet, SimulatedMachine machine) {
        if (subnet.agents.containsKey(machine.ip())) {
            return;
        }
        try {
            subnet.relay().join(machine.ip(), config.probePort);
            subnet.roleMemories.putIfAbsent(machine.ip(), RoleMemory.inMemory(WireRole.MEMBER));
            startAgent(subnet, machine);
        } catch (IOException | RuntimeException e) {
            System.getLogger(FleetSimulator.class.getName()).log(System.Logger.Level.WARNING,
                    "woken machine " + machine.ip() + " could not start its agent: " + e);
        }
    }

    // ---- observation ----

    public List<SimulatedSubnet> subnets() {
        return List.copyOf(subnets);
    }

    public List<SimulatedMachine> machines() {
        List<SimulatedMachine> all = new ArrayList<>();
        subnets.forEach(s -> all.addAll(s.machines()));
        return all;
    }

    public List<SimulatedMachine> machines(SimulatedMachine.Kind kind) {
        List<SimulatedMachine> all = new ArrayList<>();
        subnets.forEach(s -> all.addAll(s.machines(kind)));
        return all;
    }

    /** The whole simulated inventory as the body of {@code PUT /api/inventory/machines}. */
    public String inventoryJson() {
        return InventoryJson.of(machines());
    }

    public Duration startupTime() {
        return startupTime;
    }

    public FleetReport report() {
        return FleetReport.of(subnets);
    }

    /** The reception of a MAC on its subnet's segment, or null when nothing reached it. */
    public Reception reception(MacAddress mac) {
        for (SimulatedSubnet subnet : subnets) {
            Reception r = subnet.segment().receptionOf(mac);
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    /**
     * Waits until every MAC has received at least one magic packet.
     *
     * @return the MACs still without a packet when {@code timeout} ran out (empty on success)
     */
    public List<MacAddress> awaitWoken(Collection<MacAddress> macs, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<MacAddress> missing = new ArrayList<>(macs);
        while (true) {
            missing.removeIf(mac -> reception(mac) != null);
            if (missing.isEmpty() || System.nanoTime() > deadline) {
                return missing;
            }
            Thread.sleep(20);
        }
    }

    /**
     * Per MAC, the magic packets that reached the subnets' IPv6 links (ff02::1, recorded on [::1] for all links);
     * empty when the fleet has no IPv6.
     */
    public Map<MacAddress, Reception> linkReceptions() {
        return linkRecorder == null ? Map.of() : linkRecorder.receptions();
    }

    /** The recorder that stands for every subnet's IPv6 link, on [::1]; null when the fleet has no IPv6. */
    public MagicPacketRecorder linkRecorder() {
        return linkRecorder;
    }

    /**
     * Waits until every MAC has received at least one magic packet on its IPv6 link.
     *
     * @return the MACs still without one when {@code timeout} ran out (empty on success)
     * @throws IllegalStateException when the fleet has no IPv6
     */
    public List<MacAddress> awaitLinkReceived(Collection<MacAddress> macs, Duration timeout) throws InterruptedException {
        if (linkRecorder == null) {
            throw new IllegalStateException("the fleet has no IPv6 links (FleetConfig.Builder.ipv6)");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<MacAddress> missing = new ArrayList<>(macs);
        while (true) {
            missing.removeIf(mac -> linkRecorder.receptionOf(mac) != null);
            if (missing.isEmpty() || System.nanoTime() > deadline) {
                return missing;
            }
            Thread.sleep(20);
        }
    }

    // ---- kill and restart on command ----

    public RunningAgent agent(Ipv4Address address) {
        RunningAgent agent = subnetOf(address).agents.get(address);
        if (agent == null) {
            throw new NoSuchElementException("no agent runs on " + address);
        }
        return agent;
    }

    /** Stops an agent abruptly, as a power cut: no GOING DOWN; its role is kept for the restart. */
    public void kill(Ipv4Address address) {
        agent(address).close();
        subnetOf(address).agents.remove(address);
    }

    /** Stops an agent in order: a Primary or Alternate tells the server GOING DOWN. */
    public void shutDown(Ipv4Address address) {
        agent(address).stop("simulated shutdown");
        subnetOf(address).agents.remove(address);
    }

    /**
     * Starts a stopped agent again; a former Primary or Alternate follows docs/architecture.md#flow-a-returning-agent.
     */
    public RunningAgent restart(Ipv4Address address) throws IOException {
        SimulatedSubnet subnet = subnetOf(address);
        if (subnet.agents.containsKey(address)) {
            throw new IllegalStateException("the agent on " + address + " is running");
        }
        SimulatedMachine machine = subnet.machines().stream()
                .filter(m -> m.ip().equals(address) && subnet.roleMemories.containsKey(address)).findFirst()
                .orElseThrow(() -> new NoSuchElementException(address + " has never run an agent"));
        return startAgent(subnet, machine);
    }

    private Path identityFile(Ipv4Address address) {
        return identities.resolve("agent-identity-" + address);
    }

    /**
     * The identity the agent on {@code address} signs with (its {@link SigningIdentity#signer()} is its agent id), for a
     * test that plays a rogue PC holding its own valid identity: from the running agent, else from its identity file.
     *
     * @throws java.util.NoSuchElementException when that agent has no identity
     */
    public SigningIdentity identityOf(Ipv4Address address) {
        return agentIdentityOf(address).signing();
    }

    /** As {@link #identityOf}, with the server keys the agent trusts. */
    public IdentityFile agentIdentityOf(Ipv4Address address) {
        RunningAgent running = subnetOf(address).agents.get(address);
        IdentityFile identity = running == null ? null : running.identity();
        if (identity == null && identities != null && Files.exists(identityFile(address))) {
            try {
                identity = IdentityFile.read(identityFile(address));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (identity == null) {
            throw new NoSuchElementException("the agent on " + address + " has no identity");
        }
        return identity;
    }

    /** The directory of the agents' identity files; null when the fleet enrolls nobody and was given none. */
    public Path identityDirectory() {
        return identities;
    }

    private SimulatedSubnet subnetOf(Ipv4Address address) {
        for (SimulatedSubnet subnet : subnets) {
            if (subnet.cidr().contains(address)) {
                return subnet;
            }
        }
        throw new NoSuchElementException(address + " is in no simulated subnet");
    }

    public int runningAgents() {
        return subnets.stream().mapToInt(s -> s.agents.size()).sum();
    }

    /** Stops everything without GOING DOWN (the server is usually gone by then). */
    @Override
    public void close() throws IOException {
        boots.shutdownNow();
        for (SimulatedSubnet subnet : subnets) {
            for (Map.Entry<Ipv4Address, RunningAgent> entry : subnet.agents.entrySet()) {
                entry.getValue().close();
            }
            subnet.agents.clear();
            subnet.segment().close();
            subnet.relay().close();
        }
        if (linkRecorder != null) {
            linkRecorder.close();
        }
        if (linkChannel != null) {
            linkChannel.close();
        }
        platform.close();
        if (temporaryIdentities) {
            deleteTree(identities);
        }
    }

    private static void deleteTree(Path directory) {
        try (java.util.stream.Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.getLogger(FleetSimulator.class.getName()).log(System.Logger.Level.WARNING,
                    "could not delete the fleet's identity directory " + directory + ": " + e);
        }
    }
}
