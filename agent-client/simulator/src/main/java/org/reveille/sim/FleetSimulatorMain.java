package org.reveille.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.reveille.net.Ipv4Address;
import org.reveille.protocol.FrameCodec;
import org.reveille.protocol.ProtocolClient;
import org.reveille.protocol.SecurityContext;
import org.reveille.protocol.WakeBatch;
import org.reveille.protocol.BatchTarget;

/**
 * {@code java -jar reveille-simulator.jar [options]}: runs a fleet on
 * loopback and prints one JSON object per line (events) on stdout. Reads commands on stdin:
 * {@code kill IP}, {@code stop IP}, {@code restart IP}, {@code report [FILE]}, {@code quit}.
 */
public final class FleetSimulatorMain {

    static final String USAGE = String.join("\n",
            "Usage: java -jar reveille-simulator.jar [options]",
            "  --subnets N               simulated /24 subnets (default 50)",
            "  --first-subnet ADDR       first subnet, inside 127.0.0.0/8 (default 127.20.0.0)",
            "  --agents-per-subnet N     live agents per subnet (default 2)",
            "  --dead-per-subnet N       hosts that refuse connections (default 1)",
            "  --dead-placement P        first | last | among-agents in the ping list (default first)",
            "  --sleeping-per-subnet N   sleeping machines per subnet (default 20)",
            "  --chassis SPEC            sleeping chassis weights (default workstation=6,laptop=3,server=1)",
            "  --latency-ms N            delay agents add before each server command (default 0)",
            "  --server HOST:PORT[,...]  the Reveille server's agent listener, or a cluster's (default 127.0.0.1:1777)",
            "  --agent-port N            TCP port each agent listens on, on its own address (default 1776)",
            "  --probe-port N            UDP port of PRIMARY PROBE (default 1776)",
            "  --wol-port N              UDP port of the segments and agents' magic packets (default 24009)",
            "  --key-file FILE           shared key: agents sign and require signed frames",
            "  --enroll-token-file FILE  agents without an identity enroll with the token on the first line",
            "                            of FILE, then sign with their own identities (--wake-all cannot reach them)",
            "  --state-dir DIR           where the agents' identity files are kept (default: a temporary",
            "                            directory, deleted on exit)",
            "  --heartbeat SECONDS       proxy heartbeat interval (default 60)",
            "  --workers N               connection worker threads shared by all agents (default 64)",
            "  --inventory FILE          write the inventory (PUT /api/inventory/machines body) to FILE",
            "  --report FILE             write the per-machine report (JSON) to FILE on exit",
            "  --boot-on-wake-ms N       a sleeping machine starts an agent N ms after its first magic packet",
            "  --ipv6                    each subnet 127.x.y.0/24 gets the IPv6 link fd7f:x:y::/64 (hex), its",
            "                            machines fd7f:x:y::z; agents register it and send to it too",
            "  --wake-all                send every subnet's sleeping machines to its first agent (no server)",
            "  --duration SECONDS        exit after this long (default: run until 'quit' or end of stdin)",
            "  --log-level LEVEL         java.util.logging level of the agents' logs on stderr (default WARNING)");

    private FleetSimulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o;
        try {
            o = options(args);
        } catch (IllegalArgumentException e) {
            System.err.println("fleet-simulator: " + e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        if (o.containsKey("--help")) {
            System.out.println(USAGE);
            return;
        }
        FleetConfig config;
        try {
            config = config(o);
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("fleet-simulator: " + e.getMessage());
            System.exit(2);
            return;
        }
        // Thousands of agents each announcing themselves would drown the events; only trouble by default.
        java.util.logging.Logger.getLogger("org.reveille")
                .setLevel(java.util.logging.Level.parse(o.getOrDefault("--log-level", "WARNING")));
        PrintStream out = System.out;
        try (FleetSimulator fleet = FleetSimulator.start(config)) {
            System.gc();
            Runtime rt = Runtime.getRuntime();
            out.println("{\"event\":\"started\",\"subnets\":" + config.subnets + ",\"agents\":" + fleet.runningAgents()
                    + ",\"deadHosts\":" + fleet.machines(SimulatedMachine.Kind.DEAD).size() + ",\"sleepingMachines\":"
                    + fleet.machines(SimulatedMachine.Kind.SLEEPING).size() + ",\"startupMillis\":"
                    + fleet.startupTime().toMillis() + ",\"heapUsedMiB\":" + (rt.totalMemory() - rt.freeMemory()) / 1048576
                    + ",\"heapMaxMiB\":" + rt.maxMemory() / 1048576 + ",\"threads\":" + Thread.activeCount() + "}");
            if (o.containsKey("--inventory")) {
                Files.writeString(Path.of(o.get("--inventory")), fleet.inventoryJson(), StandardCharsets.UTF_8);
                out.println("{\"event\":\"inventory\",\"file\":" + InventoryJson.string(o.get("--inventory")) + "}");
            }
            if (o.containsKey("--wake-all")) {
                wakeAll(fleet, config, out);
            }
            if (o.containsKey("--duration")) {
                Thread.sleep(Long.parseLong(o.get("--duration")) * 1000);
            } else {
                commands(fleet, out);
            }
            FleetReport report = fleet.report();
            if (o.containsKey("--report")) {
                Files.writeString(Path.of(o.get("--report")), report.toJson(), StandardCharsets.UTF_8);
            }
            out.println("{\"event\":\"report\",\"summary\":" + InventoryJson.string(report.summary()) + "}");
        }
    }

    private static void wakeAll(FleetSimulator fleet, FleetConfig config, PrintStream out) throws Exception {
        ProtocolClient client = new ProtocolClient(new FrameCodec(config.sharedKey == null ? SecurityContext.plain()
                : SecurityContext.withKey(config.sharedKey)), null, Duration.ofSeconds(5), Duration.ofSeconds(30));
        long began = System.nanoTime();
        ExecutorService dispatcher = Executors.newFixedThreadPool(16);
        List<Future<?>> sent = new ArrayList<>();
        for (SimulatedSubnet subnet : fleet.subnets()) {
            List<SimulatedMachine> agents = subnet.machines(SimulatedMachine.Kind.AGENT);
            List<BatchTarget> targets = subnet.machines(SimulatedMachine.Kind.SLEEPING).stream()
                    .map(m -> BatchTarget.of(m.mac())).collect(Collectors.toList());
            if (agents.isEmpty() || targets.isEmpty()) {
                continue;
            }
            InetSocketAddress agent = new InetSocketAddress(agents.get(0).ip().toInetAddress(), config.agentPort);
            sent.add(dispatcher.submit(() -> client.exchange(agent, new WakeBatch("wake-all", 0, 0, targets))));
        }
        for (Future<?> f : sent) {
            f.get();
        }
        dispatcher.shutdown();
        List<org.reveille.net.MacAddress> macs = fleet.machines(SimulatedMachine.Kind.SLEEPING).stream()
                .map(SimulatedMachine::mac).collect(Collectors.toList());
        int missing = fleet.awaitWoken(macs, Duration.ofSeconds(60)).size();
        out.println("{\"event\":\"wake-all\",\"batches\":" + sent.size() + ",\"machines\":" + macs.size()
                + ",\"notWoken\":" + missing + ",\"millis\":" + (System.nanoTime() - began) / 1_000_000 + "}");
    }

    private static void commands(FleetSimulator fleet, PrintStream out) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] words = line.trim().split("\\s+");
            try {
                switch (words[0]) {
                    case "quit":
                        return;
                    case "kill":
                        fleet.kill(Ipv4Address.parse(words[1]));
                        break;
                    case "stop":
                        fleet.shutDown(Ipv4Address.parse(words[1]));
                        break;
                    case "restart":
                        fleet.restart(Ipv4Address.parse(words[1]));
                        break;
                    case "report":
                        if (words.length > 1) {
                            Files.writeString(Path.of(words[1]), fleet.report().toJson(), StandardCharsets.UTF_8);
                        }
                        out.println("{\"event\":\"report\",\"summary\":" + InventoryJson.string(fleet.report().summary())
                                + "}");
                        continue;
                    case "":
                        continue;
                    default:
                        throw new IllegalArgumentException("unknown command; use kill|stop|restart IP, report [FILE], quit");
                }
                out.println("{\"event\":\"" + words[0] + "\",\"ip\":" + InventoryJson.string(words[1]) + "}");
            } catch (RuntimeException | IOException e) {
                out.println("{\"event\":\"error\",\"command\":" + InventoryJson.string(line) + ",\"message\":"
                        + InventoryJson.string(String.valueOf(e.getMessage())) + "}");
            }
        }
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> o = new java.util.HashMap<>();
        List<String> switches = List.of("--wake-all", "--ipv6", "--help");
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (!flag.startsWith("--") || !USAGE.contains(flag + " ") && !switches.contains(flag)) {
                throw new IllegalArgumentException("unknown option '" + flag + "'");
            }
            if (switches.contains(flag)) {
                o.put(flag, "true");
            } else if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + flag + " needs a value");
            } else {
                o.put(flag, args[++i]);
            }
        }
        return o;
    }

    static FleetConfig config(Map<String, String> o) throws IOException {
        FleetConfig.Builder b = FleetConfig.builder();
        b.subnets(integer(o, "--subnets", 50));
        if (o.containsKey("--first-subnet")) {
            b.firstSubnet(Ipv4Address.parse(o.get("--first-subnet")));
        }
        b.agentsPerSubnet(integer(o, "--agents-per-subnet", 2)).deadHostsPerSubnet(integer(o, "--dead-per-subnet", 1))
                .sleepingPerSubnet(integer(o, "--sleeping-per-subnet", 20))
                .latency(Duration.ofMillis(integer(o, "--latency-ms", 0)))
                .agentPort(integer(o, "--agent-port", 1776)).probePort(integer(o, "--probe-port", 1776))
                .wolPort(integer(o, "--wol-port", 24009)).heartbeatInterval(Duration.ofSeconds(integer(o, "--heartbeat", 60)))
                .threads(integer(o, "--workers", 64), 4);
        b.ipv6(o.containsKey("--ipv6"));
        if (o.containsKey("--boot-on-wake-ms")) {
            b.bootOnWake(Duration.ofMillis(integer(o, "--boot-on-wake-ms", 0)));
        }
        if (o.containsKey("--dead-placement")) {
            b.deadHostPlacement(DeadHostPlacement.valueOf(o.get("--dead-placement").toUpperCase(Locale.ROOT).replace('-', '_')));
        }
        if (o.containsKey("--chassis")) {
            Map<SimulatedChassis, Integer> weights = new EnumMap<>(SimulatedChassis.class);
            for (String part : o.get("--chassis").split(",")) {
                String[] kv = part.split("=");
                if (kv.length != 2) {
                    throw new IllegalArgumentException("--chassis wants type=weight,..., not '" + part + "'");
                }
                weights.put(SimulatedChassis.valueOf(kv[0].trim().toUpperCase(Locale.ROOT)), Integer.parseInt(kv[1].trim()));
            }
            b.sleepingChassisWeights(weights);
        }
        if (o.containsKey("--server")) {
            List<java.net.InetSocketAddress> servers = new java.util.ArrayList<>();
            for (String server : o.get("--server").split(",")) {
                int colon = server.trim().lastIndexOf(':');
                servers.add(java.net.InetSocketAddress.createUnresolved(colon < 0 ? server.trim() : server.trim().substring(0, colon),
                        colon < 0 ? 1777 : Integer.parseInt(server.trim().substring(colon + 1))));
            }
            b.servers(servers);
        }
        if (o.containsKey("--key-file")) {
            String line = Files.readAllLines(Path.of(o.get("--key-file")), StandardCharsets.UTF_8).get(0).strip();
            b.sharedKey(line.getBytes(StandardCharsets.UTF_8));
        }
        if (o.containsKey("--enroll-token-file")) {
            List<String> lines = Files.readAllLines(Path.of(o.get("--enroll-token-file")), StandardCharsets.UTF_8);
            b.enrollmentToken(lines.isEmpty() ? "" : lines.get(0).strip());
        }
        if (o.containsKey("--state-dir")) {
            b.stateDirectory(Path.of(o.get("--state-dir")));
        }
        return b.build();
    }

    private static int integer(Map<String, String> o, String flag, int defaultValue) {
        try {
            return o.containsKey(flag) ? Integer.parseInt(o.get(flag)) : defaultValue;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a whole number, not '" + o.get(flag) + "'");
        }
    }
}
