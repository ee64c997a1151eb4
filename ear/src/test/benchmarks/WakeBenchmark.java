import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.reveille.bench.ThreadCpu;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;
import org.reveille.protocol.SelectorLoop;
import org.reveille.sim.SimulatedChassis;
import org.reveille.sim.FleetConfig;
import org.reveille.sim.FleetSimulator;
import org.reveille.sim.InventoryJson;
import org.reveille.sim.MagicPacketRecorder;
import org.reveille.sim.Reception;
import org.reveille.sim.SimulatedMachine;
import org.reveille.sim.SimulatedSubnet;

/**
 * Wake-ups end to end against a running Reveille (issue 5, docs/benchmarks.md "Wake-ups: bulk, latency, heap"),
 * loopback only. Started by benchmark-wake.sh with the server's pid; single-file program:
 *   java -cp CLASSPATH WakeBenchmark.java BASE_URL AGENT_KEY_FILE SERVER_PID[,PID...] [subnets] [sleepingPerSubnet] [latencyRequests]
 * Against a cluster (benchmark-wake.sh cluster): the REST calls go to BASE_URL (the first node), the bulk to the broker
 * pair (WAKE_BENCH_BROKER), the agents know every node's listener (WAKE_BENCH_LISTENERS) and the CPU account adds up
 * every node (the pids) and the brokers (WAKE_BENCH_BROKER_PIDS); the heap is the first node's.
 * <ol>
 * <li>a simulated fleet (subnets x 2 agents + N sleeping machines, from 127.120.0.0) is pushed as inventory in
 * batches of 5,000, a boundary covers it, one Agent State Manager poll queues every subnet for discovery, and the
 * benchmark waits until every subnet has a Primary and an Alternate;</li>
 * <li>bulk: one JMS message per 100,000 sleeping machines (one for the default fleet) to ReveilleBulkWakeRequests
 * (user inventory) with JMSReplyTo; times the reply, the last magic packet observed by the simulated segments, and the moment
 * GET /api/jobs/{id} counts all targets sent;</li>
 * <li>latency: sequential POST /api/wake, one machine each (a different machine every time), timed from just before
 * the request to the segment's reception stamp;</li>
 * <li>heap: {@code jstat -gc SERVER_PID 1000} through the run and the server's GC log (switched on with
 * {@code jcmd VM.log}) for the heap after each collection.</li>
 * </ol>
 */
public class WakeBenchmark {

    private static final Ipv4Address FIRST_SUBNET = Ipv4Address.parse("127.120.0.0");
    // below Linux's ephemeral port range (32768-60999): with 40609/40610, two of six runs failed at the fleet's start
    // with "Address already in use" on an agent's probe port, which some socket bound to an ephemeral port held
    private static final int WOL_PORT = 24609;
    private static final int PROBE_PORT = 24610;
    /** The single server's embedded broker; WAKE_BENCH_BROKER names another (the cluster's broker pair). */
    private static final String BROKER = System.getenv().getOrDefault("WAKE_BENCH_BROKER",
            "tcp://127.0.0.1:8080?httpUpgradeEnabled=true&httpUpgradeEndpoint=http-acceptor");
    /** The agents' servers (agent listeners on port 1777): the single server, or WAKE_BENCH_LISTENERS, the cluster's nodes. */
    private static final List<String> LISTENERS = List.of(System.getenv().getOrDefault("WAKE_BENCH_LISTENERS", "127.0.0.1").split(","));
    /** Every server's JVM (the cluster's nodes: the third argument's comma-separated pids): the CPU account covers all. */
    private static List<Long> serverPids = List.of();
    /** The broker pair's JVMs (WAKE_BENCH_BROKER_PIDS), counted in the CPU account apart; none with the embedded broker. */
    private static final List<Long> BROKER_PIDS = java.util.Arrays.stream(System.getenv().getOrDefault("WAKE_BENCH_BROKER_PIDS", "")
            .split(",")).filter(pid -> !pid.isBlank()).map(Long::parseLong).toList();
    /**
     * Agents per subnet: 2 (Primary and Alternate), or 1 (a Primary only) with WAKE_BENCH_AGENTS_PER_SUBNET=1, for the
     * 1,000,000-machine run: a simulated /24 holds at most 245 hosts, so a million machines take 4,100 subnets or more,
     * and two agents each would need more descriptors (a listener, a UDP probe socket and a packet sender per agent,
     * plus a recorder per subnet) than this JVM's 20,000. A wake goes to the Primary; the Alternate only when it fails.
     */
    private static final int AGENTS_PER_SUBNET = Integer.parseInt(System.getenv().getOrDefault("WAKE_BENCH_AGENTS_PER_SUBNET", "2"));
    /**
     * WAKE_BENCH_PAIRED=1 (issue 16): every subnet 127.120+k.x.0/24 is paired with the "unauthenticated" subnet eight
     * /16s above it (127.128+k.x.0/24), whose directed broadcast a recorder of the benchmark listens on: two packets
     * per target, each of which must arrive. At most 2,048 subnets (the pairs stay below 127.136.0.0).
     */
    private static final boolean PAIRED = "1".equals(System.getenv("WAKE_BENCH_PAIRED"));
    private static final long PAIR_OFFSET = 8L << 16;   // eight /16s: 127.120.x.0 -> 127.128.x.0
    /** The recorder of each paired subnet's broadcast, by the sleeping machine's MAC (empty without WAKE_BENCH_PAIRED). */
    private static final Map<MacAddress, MagicPacketRecorder> PAIRED_SEGMENT = new HashMap<>();
    private static final List<MagicPacketRecorder> PAIRED_RECORDERS = new ArrayList<>();
    private static SelectorLoop pairedLoop;
    /** The most machines one wake request may name (WakeRequest.MAX_ITEMS, docs/api.md). */
    private static final int MAX_ITEMS = 100_000;
    private static final String[] ADMIN = {"admin", "reveille-admin"};
    private static final String[] OPERATOR = {"operator", "reveille-operator"};
    private static final String[] INVENTORY = {"inventory", "reveille-inventory"};

    private static String base;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1).build();
    private static volatile String phase = "setup";
    private static final long T0 = System.nanoTime();

    public static void main(String[] args) throws Exception {
        base = args[0];
        Path keyFile = Path.of(args[1]);
        serverPids = java.util.Arrays.stream(args[2].split(",")).map(Long::parseLong).toList();
        long serverPid = serverPids.get(0);   // the heap, JFR and the figures of one server: the first node's
        for (String listener : LISTENERS) {
            if (!listener.startsWith("127.")) {
                throw new IllegalArgumentException("benchmarks only talk to loopback, not " + listener);
            }
        }
        int subnets = args.length > 3 ? Integer.parseInt(args[3]) : 2000;
        int sleepingPerSubnet = args.length > 4 ? Integer.parseInt(args[4]) : 50;
        int latencyRequests = args.length > 5 ? Integer.parseInt(args[5]) : 1000;
        URI uri = URI.create(base);
        if (!uri.getHost().startsWith("127.")) {
            throw new IllegalArgumentException("benchmarks only talk to loopback, not " + uri.getHost());
        }
        // every simulated host is a 127.x.y.z of its own; the last subnet must stay inside 127.0.0.0/8
        Ipv4Address last = FIRST_SUBNET.plus(256L * subnets - 1);
        if (!FIRST_SUBNET.isLoopback() || !last.isLoopback()) {
            throw new IllegalArgumentException(subnets + " subnets from " + FIRST_SUBNET + " leave 127.0.0.0/8");
        }
        if (PAIRED && subnets > 2048) {
            throw new IllegalArgumentException("WAKE_BENCH_PAIRED=1 pairs at most 2,048 subnets, not " + subnets);
        }
        byte[] key = Files.readString(keyFile, StandardCharsets.UTF_8).lines().findFirst().orElseThrow().strip()
                .getBytes(StandardCharsets.UTF_8);

        HeapWatch heap = HeapWatch.start(serverPid);
        System.out.println("server: " + heap.flags);

        long began = System.nanoTime();
        try (FleetSimulator fleet = FleetSimulator.start(FleetConfig.builder()
                .subnets(subnets).firstSubnet(FIRST_SUBNET).agentsPerSubnet(AGENTS_PER_SUBNET).deadHostsPerSubnet(0)
                .sleepingPerSubnet(sleepingPerSubnet).sleepingChassisWeights(Map.of(SimulatedChassis.LAPTOP, 1))
                .servers(LISTENERS.stream().map(host -> InetSocketAddress.createUnresolved(host, 1777)).toList()).sharedKey(key).wolPort(WOL_PORT).probePort(PROBE_PORT)
                // a connection per heartbeat: the 4,000 agents of one simulator JVM share its 20,000 descriptors (a
                // listener, a UDP probe socket and, kept, a heartbeat connection each, plus 2,000 segment recorders);
                // with kept connections a run reached the limit during discovery and agents stopped answering
                // (docs/benchmarks.md, "Issue 12: the wake path"). Held heartbeats are measured by the heartbeat suite.
                .keepHeartbeatConnections(false)
                .heartbeatInterval(Duration.ofSeconds(60)).threads(64, 4).build())) {
            System.out.printf("fleet: %d subnets from %s to %s, %d agents, %d sleeping machines, started in %d ms%n",
                    subnets, FIRST_SUBNET, last.plus(-255), fleet.machines(SimulatedMachine.Kind.AGENT).size(),
                    fleet.machines(SimulatedMachine.Kind.SLEEPING).size(), fleet.startupTime().toMillis());
            Map<MacAddress, SimulatedSubnet> segmentOf = new HashMap<>();
            for (SimulatedSubnet subnet : fleet.subnets()) {
                subnet.machines(SimulatedMachine.Kind.SLEEPING).forEach(m -> segmentOf.put(m.mac(), subnet));
            }

            phase = "setup";
            prepare(fleet, subnets, last);
            if (PAIRED) {
                pair(fleet);
            }
            System.out.printf("setup (inventory, boundary, discovery of every subnet%s): %.1f s%n", PAIRED ? ", pairs" : "",
                    (System.nanoTime() - began) / 1e9);

            phase = "bulk";
            heap.mark("bulk starts");
            String jfr = System.getenv("WAKE_BENCH_JFR");   // a file name: the server records the bulk phase with JFR
            recording(serverPid, "wake-bulk", jfr, true);
            // the first bulk after boot runs much of the path in the interpreter (the JIT compiler threads took 12 s of
            // CPU in it, docs/benchmarks.md); a server that has run for a day has that code compiled: the second bulk,
            // of the same machines, is the steady state. WAKE_BENCH_ROUNDS=1 measures the cold one only.
            int rounds = Integer.parseInt(System.getenv().getOrDefault("WAKE_BENCH_ROUNDS", "2"));
            for (int round = 1; round <= rounds; round++) {
                bulk(fleet, segmentOf, serverPid, round, round == 1 ? "cold" : "warm");
            }
            recording(serverPid, "wake-bulk", jfr, false);
            heap.mark("bulk ends");

            phase = "latency";
            // a file name: the server records the last pass of the latency phase
            String latencyJfr = System.getenv("WAKE_BENCH_JFR_LATENCY");
            // like the bulk: the first passes after the boot still pay for the JIT compiler (20 s of its CPU in 27 s of
            // wall time in the first pass, 5 - 9 s in the third), the last is a server that has run a while: it gives the
            // warm figures (docs/benchmarks.md). WAKE_BENCH_LATENCY_ROUNDS=1: the first only.
            int latencyRounds = Integer.parseInt(System.getenv().getOrDefault("WAKE_BENCH_LATENCY_ROUNDS", "4"));
            for (int round = 1; round <= latencyRounds; round++) {
                if (round == latencyRounds) {
                    recording(serverPid, "wake-latency", latencyJfr, true);
                }
                latency(fleet, segmentOf, latencyRequests, serverPid, round == 1 ? "first" : round == latencyRounds ? "warm" : "again");
            }
            recording(serverPid, "wake-latency", latencyJfr, false);
            heap.mark("latency ends");
        } finally {
            phase = "end";
            heap.stop();
            for (MagicPacketRecorder recorder : PAIRED_RECORDERS) {
                recorder.close();
            }
            if (pairedLoop != null) {
                pairedLoop.close();
            }
        }
        heap.report();
    }

    /**
     * Pairs every subnet with its unauthenticated twin (one CSV import of all the pairs, as an administrator of a large
     * estate would) and listens on each twin's directed broadcast, on the fleet's segment port.
     */
    private static void pair(FleetSimulator fleet) throws Exception {
        StringBuilder csv = new StringBuilder("subnet,paired\n");
        pairedLoop = SelectorLoop.start(r -> {
            Thread thread = new Thread(r, "paired-segments");
            thread.setDaemon(true);
            return thread;
        });
        for (SimulatedSubnet subnet : fleet.subnets()) {
            Ipv4Address twin = subnet.cidr().networkAddress().plus(PAIR_OFFSET);
            if (!twin.isLoopback()) {
                throw new IllegalStateException(twin + " leaves 127.0.0.0/8");
            }
            csv.append(subnet.cidr()).append(',').append(twin).append("/24\n");
            MagicPacketRecorder recorder = MagicPacketRecorder.open(twin.plus(255), WOL_PORT, pairedLoop);
            PAIRED_RECORDERS.add(recorder);
            subnet.machines(SimulatedMachine.Kind.SLEEPING).forEach(m -> PAIRED_SEGMENT.put(m.mac(), recorder));
        }
        long t = System.nanoTime();
        HttpResponse<String> imported = expect(200, send(HttpRequest.newBuilder(URI.create(base + "/api/subnet-pairs/import"))
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(csv.toString())), ADMIN), "pairs import");
        System.out.printf("pairs: %s imported in %d ms; a recorder on each paired broadcast%n", imported.body(), (System.nanoTime() - t) / 1_000_000);
    }

    // ---- setup ----

    private static void prepare(FleetSimulator fleet, int subnets, Ipv4Address last) throws Exception {
        expect(200, put("/api/settings", "{\"magicPacketPort\":" + WOL_PORT + ",\"wakeRateLimitPerSubnet\":0,\"wakeRateLimitGlobal\":0,"
                + "\"wakeStaggerMillis\":0,\"maxSubnetsPerPoll\":" + Math.max(10, subnets) + ",\"discoveryStrategy\":\"proactive\","
                + "\"probeMethod\":\"tcp\",\"pingTimeoutMillis\":500,\"wakeDiscoveryWaitSeconds\":60}", ADMIN), "settings");
        long t = System.nanoTime();
        List<SimulatedMachine> machines = fleet.machines();
        for (int from = 0; from < machines.size(); from += 5000) {
            expect(200, put("/api/inventory/machines", InventoryJson.of(machines.subList(from, Math.min(machines.size(), from + 5000))),
                    INVENTORY), "inventory batch at " + from);
        }
        System.out.printf("inventory: %d machines in batches of 5,000: %.1f s%n", machines.size(), (System.nanoTime() - t) / 1e9);
        // the smallest CIDR block holding every simulated subnet (127.120.0.0/13 for 2,000; 127.0.0.0/8 for 4,100)
        int prefix = 32 - (64 - Long.numberOfLeadingZeros(FIRST_SUBNET.toLong() ^ last.toLong()));
        long network = FIRST_SUBNET.toLong() & (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL;
        String block = (network >> 24) + "." + (network >> 16 & 0xFF) + "." + (network >> 8 & 0xFF) + "." + (network & 0xFF) + "/" + prefix;
        expect(201, post("/api/boundaries", "{\"subnet\":\"" + block + "\",\"source\":\"wake-benchmark\"}", ADMIN), "boundary");
        t = System.nanoTime();
        expect(200, post("/api/agent-state-manager/poll", "", ADMIN), "poll");
        int ready = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        while (true) {
            ready = 0;
            int total = 0;
            for (int offset = 0; ; offset += 1000) {
                JsonObject page = json(expect(200, get("/api/subnets?offset=" + offset + "&limit=1000", ADMIN), "subnets"));
                var items = page.getJsonArray("items").getValuesAs(JsonObject.class);
                total += items.size();
                ready += (int) items.stream().filter(s -> s.containsKey("primary") && (AGENTS_PER_SUBNET == 1 || s.containsKey("alternate"))).count();
                if (items.size() < 1000) {
                    break;
                }
            }
            if (ready >= subnets) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("discovery: only " + ready + " of " + subnets + " subnets have Primary and Alternate ("
                        + total + " in the agent list)");
            }
            Thread.sleep(1000);
        }
        System.out.printf("discovery: %d subnets with Primary" + (AGENTS_PER_SUBNET == 1 ? "" : " and Alternate") + " after %.1f s%n", ready, (System.nanoTime() - t) / 1e9);
    }

    // ---- bulk ----

    /**
     * One bulk wake of every sleeping machine, the {@code round}-th: every machine must then have exactly {@code round}
     * packets (one per round, none sent twice); "last packet" is the newest packet's reception stamp.
     */
    private static void bulk(FleetSimulator fleet, Map<MacAddress, SimulatedSubnet> segmentOf, long serverPid, int round, String label)
            throws Exception {
        System.out.printf("bulk %d (%s):%n", round, label);
        List<SimulatedMachine> sleepers = fleet.machines(SimulatedMachine.Kind.SLEEPING);
        // one JMS message per 100,000 machines (the most one wake request may name, docs/api.md): one for the
        // 100,000-machine fleet, ten for the 1,000,000-machine one, all sent at once as an inventory system would
        List<String> bodies = new ArrayList<>();
        for (int from = 0; from < sleepers.size(); from += MAX_ITEMS) {
            StringBuilder body = new StringBuilder(MAX_ITEMS * 24).append("{\"names\":[");
            for (int i = from; i < Math.min(sleepers.size(), from + MAX_ITEMS); i++) {
                body.append(i == from ? "\"" : ",\"").append(sleepers.get(i).name()).append('"');
            }
            bodies.add(body.append("]}").toString());
        }
        int expected = sleepers.size();
        List<Long> jobIds = new ArrayList<>();
        long sentAtMillis;
        long sent;
        long replied;
        CpuAccount cpu;
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(BROKER);
             JMSContext jms = factory.createContext(INVENTORY[0], INVENTORY[1], JMSContext.AUTO_ACKNOWLEDGE)) {
            TemporaryQueue replies = jms.createTemporaryQueue();
            List<TextMessage> requests = new ArrayList<>();
            for (String body : bodies) {
                TextMessage request = jms.createTextMessage(body);
                request.setJMSReplyTo(replies);
                requests.add(request);
            }
            try (JMSConsumer consumer = jms.createConsumer(replies)) {
                cpu = CpuAccount.start(serverPid);
                sentAtMillis = System.currentTimeMillis();
                sent = System.nanoTime();
                for (TextMessage request : requests) {
                    jms.createProducer().send(jms.createQueue("ReveilleBulkWakeRequests"), request);
                }
                long submitted = System.nanoTime();
                System.out.printf("bulk: %d JMS message(s) naming %,d machines (%,d bytes) sent in %d ms%n", bodies.size(), expected,
                        bodies.stream().mapToLong(String::length).sum(), (submitted - sent) / 1_000_000);
                for (int i = 0; i < requests.size(); i++) {
                    Message reply = consumer.receive(Duration.ofMinutes(10).toMillis());
                    if (reply == null) {
                        throw new IllegalStateException("no reply within 10 minutes");
                    }
                    jobIds.add(json(((TextMessage) reply).getText()).getJsonNumber("jobId").longValue());
                }
                replied = System.nanoTime();
                cpu.mark("submission (to the reply)");
            }
        }
        System.out.printf("bulk: reply (job%s %s) %.2f s after the submission%n", jobIds.size() == 1 ? "" : "s",
                jobIds.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")), (replied - sent) / 1e9);

        // every segment's receptions, until each sleeping machine has its packet; and the jobs' counts meanwhile
        long deadline = sent + Duration.ofMinutes(15).toNanos();
        long allObserved = 0;
        long allSent = 0;
        long nextJobCheck = 0;
        long sentSoFar = 0;
        List<SimulatedSubnet> segments = fleet.subnets();
        while (allObserved == 0 || allSent == 0) {
            long now = System.nanoTime();
            if (allObserved == 0) {
                long received = 0;
                for (SimulatedSubnet s : segments) {
                    received += s.segment().packets();
                }
                for (MagicPacketRecorder recorder : PAIRED_RECORDERS) {
                    received += recorder.packets();
                }
                if (received >= (long) expected * round * (PAIRED ? 2 : 1)) {
                    allObserved = now;
                    cpu.mark("dispatch (reply to the last packet seen)");
                }
            }
            if (allSent == 0 && now >= nextJobCheck) {
                // the count of sent targets, cheaply (GET /api/jobs/{id} carries all 100,000 items of the request);
                // once it is complete, GET /api/jobs/{id} confirms it
                sentSoFar = 0;
                for (long jobId : jobIds) {
                    JsonObject sentPage = json(expect(200, get("/api/jobs/" + jobId + "/targets?state=sent&limit=1", OPERATOR), "sent targets"));
                    sentSoFar += sentPage.getJsonNumber("total").longValue();
                }
                if (sentSoFar >= expected) {
                    allSent = System.nanoTime();
                }
                nextJobCheck = now + 1_000_000_000L;   // a client that watches progress once a second
            }
            if (now > deadline) {
                throw new IllegalStateException("bulk not done in 15 minutes; targets sent so far: " + sentSoFar + " of " + expected);
            }
            Thread.sleep(20);
        }
        long lastPacket = Long.MIN_VALUE;
        long firstPacket = Long.MAX_VALUE;
        long duplicates = 0;
        for (SimulatedMachine m : sleepers) {
            Reception r = segmentOf.get(m.mac()).segment().receptionOf(m.mac());
            if (r == null || r.packets() < round) {
                throw new IllegalStateException(m.name() + " has " + (r == null ? 0 : r.packets()) + " packets after bulk " + round
                        + " (others got more than one)");
            }
            lastPacket = Math.max(lastPacket, r.lastAtMillis());
            firstPacket = Math.min(firstPacket, round == 1 ? r.firstAtMillis() : r.lastAtMillis());
            duplicates += r.packets() - round;
            if (PAIRED) {
                Reception p = PAIRED_SEGMENT.get(m.mac()).receptionOf(m.mac());
                if (p == null || p.packets() < round) {
                    throw new IllegalStateException(m.name() + " has " + (p == null ? 0 : p.packets()) + " packets on its paired subnet after bulk " + round);
                }
                lastPacket = Math.max(lastPacket, p.lastAtMillis());
                duplicates += p.packets() - round;
            }
        }
        long sentInJobs = 0;
        JsonObject job = null;
        for (long jobId : jobIds) {
            long t = System.nanoTime();
            HttpResponse<String> whole = expect(200, get("/api/jobs/" + jobId, OPERATOR), "job");
            System.out.printf("bulk: GET /api/jobs/%d answers %,d bytes in %d ms%n", jobId, whole.body().length(), (System.nanoTime() - t) / 1_000_000);
            job = json(whole);
            if (count(job, "total") != count(job, "sent")) {
                throw new IllegalStateException("job " + jobId + ": the counts do not add up: " + job.getJsonObject("counts"));
            }
            sentInJobs += count(job, "sent");
        }
        if (sentInJobs != expected) {
            throw new IllegalStateException("GET /api/jobs/{id} of jobs " + jobIds + " shows " + sentInJobs + " targets sent, not " + expected);
        }
        double toLast = (lastPacket - sentAtMillis) / 1000.0;
        System.out.printf("bulk: first magic packet %.2f s, last magic packet %.2f s after the submission: %,.0f wake-ups/s end to end "
                + "(all observed by the benchmark's poll at %.2f s); %d extra packets (at-least-once)%n",
                (firstPacket - sentAtMillis) / 1000.0, toLast, expected / toLast, (allObserved - sent) / 1e9, duplicates);
        System.out.printf("bulk: the jobs' targets were all sent (GET /api/jobs/{id}/targets?state=sent, then GET /api/jobs/{id}) %.2f s after the submission; last job now %s, counts %s%n",
                (allSent - sent) / 1e9, job.getString("state"), job.getJsonObject("counts"));
        cpu.print("bulk: CPU by phase (seconds; two cores give 2 s of CPU per second of wall time):");
        System.out.printf("RESULT %s%s bulk_reply_s=%.2f bulk_last_packet_s=%.2f bulk_all_sent_s=%.2f bulk_rate=%.0f%n", label,
                PAIRED ? " paired" : "", (replied - sent) / 1e9, toLast, (allSent - sent) / 1e9, expected / toLast);
    }

    // ---- latency ----

    private static void latency(FleetSimulator fleet, Map<MacAddress, SimulatedSubnet> segmentOf, int requests, long serverPid, String label) throws Exception {
        List<SimulatedSubnet> subnets = fleet.subnets();
        List<Double> toPacket = new ArrayList<>();
        List<Double> toSeen = new ArrayList<>();
        List<Double> toAccepted = new ArrayList<>();
        int warmUp = Math.min(50, requests / 10);
        CpuAccount cpu = null;
        for (int i = -warmUp; i < requests; i++) {
            if (i == 0) {
                cpu = CpuAccount.start(serverPid);
            }
            // a different machine every time, on a different subnet while there are subnets left; warm-up ones apart
            int n = i + warmUp;
            SimulatedSubnet subnet = subnets.get(n % subnets.size());
            List<SimulatedMachine> sleepers = subnet.machines(SimulatedMachine.Kind.SLEEPING);
            SimulatedMachine machine = sleepers.get(sleepers.size() - 1 - (n / subnets.size()) % sleepers.size());
            Reception before = subnet.segment().receptionOf(machine.mac());
            int packets = before == null ? 0 : before.packets();
            long startMillis = System.currentTimeMillis();
            long start = System.nanoTime();
            HttpResponse<String> accepted = post("/api/wake", "{\"names\":[\"" + machine.name() + "\"]}", OPERATOR);
            long acceptedAt = System.nanoTime();
            expect(202, accepted, "wake " + machine.name());
            long deadline = start + Duration.ofSeconds(30).toNanos();
            Reception r;
            while ((r = subnet.segment().receptionOf(machine.mac())) == null || r.packets() <= packets) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no magic packet for " + machine.name() + " within 30 s: " + accepted.body());
                }
                LockSupport.parkNanos(100_000);
            }
            long seen = System.nanoTime();
            if (i >= 0) {
                toPacket.add((double) (r.lastAtMillis() - startMillis));
                toSeen.add((seen - start) / 1e6);
                toAccepted.add((acceptedAt - start) / 1e6);
            }
        }
        cpu.mark(String.format(Locale.ROOT, "%,d requests", requests));
        Collections.sort(toPacket);
        Collections.sort(toSeen);
        Collections.sort(toAccepted);
        System.out.printf("latency (%s): %d sequential POST /api/wake (one machine each, after %d warm-up requests):%n", label, requests, warmUp);
        System.out.printf("  to the segment's reception stamp (ms clock): median %.0f ms, p99 %.0f ms, max %.0f ms%n",
                pct(toPacket, 50), pct(toPacket, 99), toPacket.get(toPacket.size() - 1));
        System.out.printf("  to the benchmark seeing it (100 us polling): median %.1f ms, p99 %.1f ms, max %.1f ms%n",
                pct(toSeen, 50), pct(toSeen, 99), toSeen.get(toSeen.size() - 1));
        System.out.printf("  the 202 answer alone: median %.1f ms, p99 %.1f ms%n", pct(toAccepted, 50), pct(toAccepted, 99));
        System.out.printf("RESULT %s latency_median_ms=%.1f latency_p99_ms=%.1f accepted_median_ms=%.1f accepted_p99_ms=%.1f%n",
                label, pct(toSeen, 50), pct(toSeen, 99), pct(toAccepted, 50), pct(toAccepted, 99));
        cpu.print("latency: CPU (seconds, for all requests after the warm-up; divide by their number for one):");
    }

    private static double pct(List<Double> sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    /** Starts or stops the server's JFR recording {@code name} (profile settings) into {@code file}; nothing without a file. */
    private static void recording(long serverPid, String name, String file, boolean start) throws IOException, InterruptedException {
        if (file != null && !file.isBlank()) {
            System.out.print("JFR: " + (start ? HeapWatch.jcmd(serverPid, "JFR.start", "name=" + name, "settings=profile", "filename=" + file)
                    : HeapWatch.jcmd(serverPid, "JFR.stop", "name=" + name)));
        }
    }

    // ---- CPU ----

    /**
     * Where the CPU went in each phase of the bulk: the server by thread group (/proc schedstat, ns), this JVM (the
     * simulated fleet and the benchmark) and the database's processes (PostgreSQL's backends; H2 runs in the server).
     */
    private static final class CpuAccount {
        private Map<Long, ThreadCpu> server;
        private long self;
        private long database;
        private long brokers;
        private long wall = System.nanoTime();
        private final List<String> lines = new ArrayList<>();

        private CpuAccount() throws IOException {
            this.server = servers();
            this.self = selfNanos();
            this.database = databaseNanos();
            this.brokers = brokerNanos();
        }

        static CpuAccount start(long serverPid) throws IOException {
            return new CpuAccount();
        }

        /** Every server's threads (by thread id, unique across processes): a cluster's nodes add up by thread name. */
        private static Map<Long, ThreadCpu> servers() throws IOException {
            Map<Long, ThreadCpu> all = new HashMap<>();
            for (long pid : serverPids) {
                all.putAll(ThreadCpu.snapshot(pid));
            }
            return all;
        }

        void mark(String phase) throws IOException {
            Map<Long, ThreadCpu> serverNow = servers();
            long selfNow = selfNanos();
            long databaseNow = databaseNanos();
            long brokersNow = brokerNanos();
            long wallNow = System.nanoTime();
            Map<String, Long> byName = ThreadCpu.since(server, serverNow);
            lines.add(String.format(Locale.ROOT, "  %s, %.2f s wall: server%s %.2f s CPU (%s), fleet and benchmark %.2f s, database processes %.2f s%s",
                    phase, (wallNow - wall) / 1e9, serverPids.size() > 1 ? "s" : "", ThreadCpu.total(byName) / 1e9,
                    ThreadCpu.top(byName, 6, 1e9, "%.2f"), (selfNow - self) / 1e9, (databaseNow - database) / 1e9,
                    BROKER_PIDS.isEmpty() ? "" : String.format(Locale.ROOT, ", broker pair %.2f s", (brokersNow - brokers) / 1e9)));
            server = serverNow;
            self = selfNow;
            database = databaseNow;
            brokers = brokersNow;
            wall = wallNow;
        }

        /** utime + stime of the broker pair's JVMs, in ns (clock ticks of 10 ms). */
        private static long brokerNanos() {
            long ticks = 0;
            for (long pid : BROKER_PIDS) {
                try {
                    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                } catch (IOException | RuntimeException e) {
                    // the broker ended meanwhile
                }
            }
            return ticks * 10_000_000L;
        }

        void print(String heading) {
            System.out.println(heading);
            lines.forEach(System.out::println);
        }

        private static long selfNanos() {
            return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        }

        /** utime + stime of every process named postgres, in ns (clock ticks of 10 ms). */
        private static long databaseNanos() {
            long ticks = 0;
            try (java.util.stream.Stream<Path> procs = Files.list(Path.of("/proc"))) {
                for (Path proc : (Iterable<Path>) procs::iterator) {
                    if (!proc.getFileName().toString().chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    try {
                        String stat = Files.readString(proc.resolve("stat"));
                        int close = stat.lastIndexOf(')');
                        if (!stat.substring(stat.indexOf('(') + 1, close).equals("postgres")) {
                            continue;
                        }
                        String[] fields = stat.substring(close + 2).split(" ");
                        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);   // utime, stime (fields 14, 15)
                    } catch (IOException | RuntimeException e) {
                        // the process ended meanwhile
                    }
                }
            } catch (IOException e) {
                return 0;
            }
            return ticks * 10_000_000L;
        }
    }

    // ---- heap ----

    /** jstat samples of the server's heap every second, and its GC log (before -> after each collection). */
    private static final class HeapWatch {
        private final long pid;
        private final Process jstat;
        private final Path gcLog;
        final String flags;
        private final List<String> marks = Collections.synchronizedList(new ArrayList<>());
        private final Map<String, double[]> byPhase = Collections.synchronizedMap(new java.util.LinkedHashMap<>());
        private final Thread reader;

        private HeapWatch(long pid, Process jstat, Path gcLog, String flags) {
            this.pid = pid;
            this.jstat = jstat;
            this.gcLog = gcLog;
            this.flags = flags;
            reader = new Thread(this::read, "jstat-reader");
            reader.setDaemon(true);
            reader.start();
        }

        static HeapWatch start(long pid) throws IOException, InterruptedException {
            Path gcLog = Files.createTempFile("reveille-bench-gc", ".log");
            String on = jcmd(pid, "VM.log", "output=" + gcLog, "what=gc=info", "decorators=uptimemillis");
            if (!on.isBlank() && !on.contains("Command executed successfully") && !on.contains(":")) {
                System.out.println("VM.log: " + on.strip());
            }
            String flagsOut = jcmd(pid, "VM.flags");
            Matcher max = Pattern.compile("-XX:MaxHeapSize=(\\d+)").matcher(flagsOut);
            Matcher gc = Pattern.compile("-XX:\\+Use(\\w+GC)").matcher(flagsOut);
            String flags = (max.find() ? "MaxHeapSize " + Long.parseLong(max.group(1)) / (1024 * 1024) + " MiB" : "MaxHeapSize ?")
                    + (gc.find() ? ", " + gc.group(1) : "");
            String commandLine = jcmd(pid, "VM.command_line");
            Matcher xmx = Pattern.compile("(-Xm[sx]\\S+)").matcher(commandLine);
            List<String> sizing = new ArrayList<>();
            while (xmx.find()) {
                sizing.add(xmx.group(1));
            }
            Process jstat = new ProcessBuilder("jstat", "-gc", String.valueOf(pid), "1000").redirectErrorStream(true).start();
            return new HeapWatch(pid, jstat, gcLog, flags + ", command line " + sizing);
        }

        void mark(String what) {
            marks.add(String.format("%.1f s %s", (System.nanoTime() - T0) / 1e9, what));
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(jstat.getInputStream(), StandardCharsets.UTF_8))) {
                String[] header = null;
                for (String line; (line = in.readLine()) != null; ) {
                    String[] cols = line.trim().split("\\s+");
                    if (cols[0].equals("S0C")) {
                        header = cols;
                        continue;
                    }
                    if (header == null || cols.length != header.length) {
                        continue;
                    }
                    Map<String, Double> v = new HashMap<>();
                    for (int i = 0; i < cols.length; i++) {
                        try {
                            v.put(header[i], Double.parseDouble(cols[i]));
                        } catch (NumberFormatException e) {
                            v.put(header[i], 0.0);
                        }
                    }
                    double used = (v.get("S0U") + v.get("S1U") + v.get("EU") + v.get("OU")) / 1024;
                    double committed = (v.get("S0C") + v.get("S1C") + v.get("EC") + v.get("OC")) / 1024;
                    double old = v.get("OU") / 1024;
                    byPhase.compute(phase, (k, a) -> a == null ? new double[] {used, committed, old, 1}
                            : new double[] {Math.max(a[0], used), Math.max(a[1], committed), Math.max(a[2], old), a[3] + 1});
                }
            } catch (IOException e) {
                // jstat ended with the server
            }
        }

        void stop() {
            jstat.destroy();
            try {
                reader.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void report() throws IOException, InterruptedException {
            System.out.println("heap (server " + flags + "), jstat every second, MiB:");
            byPhase.forEach((name, a) -> System.out.printf("  %-8s %4.0f samples: max used %6.1f, max old gen used %6.1f, max committed %6.1f%n",
                    name, a[3], a[0], a[2], a[1]));
            // G1 collections (not Remark/Cleanup): "[12345ms] GC(7) Pause Young (Normal) (G1 Evacuation Pause) 300M->120M(512M) 12.3ms"
            Pattern pause = Pattern.compile("\\[(\\d+)ms\\] GC\\((\\d+)\\) (Pause (?:Young|Full).*?) (\\d+)M->(\\d+)M\\((\\d+)M\\)");
            int collections = 0;
            int maxAfter = 0;
            int maxCommitted = 0;
            String worst = "";
            for (String line : Files.readAllLines(gcLog)) {
                Matcher m = pause.matcher(line);
                if (m.find()) {
                    collections++;
                    int after = Integer.parseInt(m.group(5));
                    maxCommitted = Math.max(maxCommitted, Integer.parseInt(m.group(6)));
                    if (after > maxAfter) {
                        maxAfter = after;
                        worst = line.strip();
                    }
                }
            }
            System.out.printf("  GC log: %d pauses during the run; max heap after a collection %d MiB, max committed %d MiB%n",
                    collections, maxAfter, maxCommitted);
            if (!worst.isEmpty()) {
                System.out.println("  largest after-GC: " + worst);
            }
            marks.forEach(m -> System.out.println("  mark " + m));
            System.out.printf(Locale.ROOT, "RESULT heap_max_after_gc_mib=%d heap_max_committed_mib=%d heap_max_used_sampled_mib=%.0f%n", maxAfter,
                    maxCommitted, byPhase.values().stream().mapToDouble(a -> a[0]).max().orElse(0));
            jcmd(pid, "VM.log", "disable", "output=" + gcLog);
            Files.deleteIfExists(gcLog);
        }

        static String jcmd(long pid, String... command) throws IOException, InterruptedException {
            List<String> cmd = new ArrayList<>(List.of("jcmd", String.valueOf(pid)));
            cmd.addAll(List.of(command));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out;
        }
    }

    // ---- HTTP ----

    private static long count(JsonObject job, String state) {
        if (state.equals("total")) {
            return job.getJsonNumber("total") != null ? job.getJsonNumber("total").longValue()
                    : job.getJsonObject("counts").values().stream().mapToLong(v -> ((jakarta.json.JsonNumber) v).longValue()).sum();
        }
        var counts = job.getJsonObject("counts");
        return counts.containsKey(state) ? counts.getJsonNumber(state).longValue() : 0;
    }

    private static JsonObject json(HttpResponse<String> response) {
        return json(response.body());
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private static HttpResponse<String> expect(int status, HttpResponse<String> response, String what) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(what + ": " + response.statusCode() + " " + response.body());
        }
        return response;
    }

    private static HttpResponse<String> get(String path, String[] user) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), user);
    }

    private static HttpResponse<String> put(String path, String body, String[] user) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)), user);
    }

    private static HttpResponse<String> post(String path, String body, String[] user) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), user);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String[] user) throws IOException, InterruptedException {
        String token = Base64.getEncoder().encodeToString((user[0] + ":" + user[1]).getBytes(StandardCharsets.UTF_8));
        return HTTP.send(request.header("Authorization", "Basic " + token).timeout(Duration.ofMinutes(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
