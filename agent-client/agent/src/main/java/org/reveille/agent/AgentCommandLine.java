package org.reveille.agent;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.reveille.net.Cidr;
import org.reveille.net.InvalidAddressException;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;
import org.reveille.protocol.SecurityContext;
import org.reveille.protocol.TlsSettings;
import org.reveille.wol.SecureOnPassword;
import org.reveille.wol.WakeDelivery;

/** Parses the agent's command line strictly: unknown flags, missing values and bad values are usage errors. */
public final class AgentCommandLine {

    public static final String USAGE = String.join("\n",
            "Usage: java -jar reveille-agent.jar [run] --server HOST[:PORT] [options]",
            "       java -jar reveille-agent.jar wake MAC [--broadcast ADDR] [--port N] [--password P]",
            "                                    [--repeat N] [--from ADDR]",
            "       java -jar reveille-agent.jar --help",
            "",
            "run (the default): listen for the server's commands and act as a wake-up proxy for this subnet.",
            "  --server HOST[:PORT][,...]  the Reveille server, or the servers of a cluster in the   required",
            "                              order to try them (port default 1777)",
            "  --listen ADDR[:PORT]        address and port to listen on (default 0.0.0.0:1776; with",
            "                              0.0.0.0 the first non-loopback IPv4 interface is used)",
            "  --name NAME                 machine name reported to the server (default: host name)",
            "  --mask MASK                 subnet mask, e.g. 255.255.255.0 (default: the interface's)",
            "  --mac MAC                   this machine's MAC (default: the interface's)",
            "  --key-file FILE             shared key: sign and require signed frames (HMAC-SHA256)",
            "  --enroll-token TOKEN        enroll once with this token from the server (ID.SECRET), then",
            "                              sign with this agent's own identity; needs --state-dir or",
            "                              --identity-file. Ignored once enrolled",
            "  --enroll-token-file FILE    the same, the token read from the first line of FILE (keeps",
            "                              the secret out of the process list)",
            "  --identity-file FILE        where this agent's identity is kept (default with --state-dir:",
            "                              DIR/agent-identity); when the file exists the agent is enrolled",
            "  --tls-keystore FILE         PKCS12 key store with this agent's key and certificate: use TLS",
            "  --tls-truststore FILE       PKCS12 trust store with the server's certificate (or its CA)",
            "  --tls-password-file FILE    password of the PKCS12 stores, first line of FILE",
            "  --tls-require-client-auth   require the server to present a certificate (mutual TLS)",
            "  --tls-no-host-check         do not check that the server's certificate names the host of --server (it is checked by default)",
            "  --state-dir DIR             where the last role is kept (default ~/.reveille-agent); when",
            "                              given, also the identity (DIR/agent-identity)",
            "  --heartbeat SECONDS         heartbeat interval while Primary or Alternate (default 60)",
            "  --wol-port N                magic packet UDP port when the server names none (default 9)",
            "  --ipv6 auto|off             auto (default): also send each magic packet to ff02::1 on the",
            "                              interface's IPv6 link when it has one; off: IPv4 only",
            "  --probe-port N              UDP port of PRIMARY PROBE on the subnet (default 1776)",
            "",
            "wake: send magic packets for one MAC now and exit.",
            "  --broadcast ADDR            destination (default 255.255.255.255)",
            "  --port N                    UDP port (default 9)",
            "  --password P                SecureOn password, a.b.c.d or aa:bb:cc:dd:ee:ff",
            "  --repeat N                  packets to send, 1-16 (default 1)",
            "  --from ADDR                 local address to send from",
            "",
            "Exit codes: 0 done, 1 failed while running, 2 bad command line, 3 bad key, TLS, state or",
            "identity files, or enrollment refused.");

    private static final Set<String> SWITCHES = Set.of("--tls-require-client-auth", "--tls-no-host-check", "--help", "-h");
    /** The identity file's name in the state directory. */
    static final String IDENTITY_FILE = "agent-identity";

    private AgentCommandLine() {
    }

    public static AgentCommand parse(String... args) throws UsageException, IOException {
        Deque<String> words = new ArrayDeque<>(List.of(args));
        if (words.isEmpty()) {
            throw new UsageException("no command given; --server HOST[:PORT] is required to run (see --help)");
        }
        if (words.contains("--help") || words.contains("-h")) {
            return new AgentCommand.Help();
        }
        String first = words.peekFirst();
        if (first.equals("wake")) {
            words.removeFirst();
            return parseWake(words);
        }
        if (first.equals("run")) {
            words.removeFirst();
        }
        return parseRun(words);
    }

    private static Map<String, String> options(Deque<String> words, Set<String> allowed) throws UsageException {
        Map<String, String> options = new HashMap<>();
        while (!words.isEmpty()) {
            String flag = words.removeFirst();
            if (!allowed.contains(flag)) {
                throw new UsageException("unknown option '" + flag + "' (see --help)");
            }
            if (SWITCHES.contains(flag)) {
                options.put(flag, "true");
                continue;
            }
            if (words.isEmpty() || words.peekFirst().startsWith("--")) {
                throw new UsageException("option " + flag + " needs a value");
            }
            if (options.put(flag, words.removeFirst()) != null) {
                throw new UsageException("option " + flag + " is given twice");
            }
        }
        return options;
    }

    private static AgentCommand parseWake(Deque<String> words) throws UsageException {
        if (words.isEmpty() || words.peekFirst().startsWith("--")) {
            throw new UsageException("wake needs a MAC address, e.g. wake 00:1a:2b:3c:4d:5e");
        }
        MacAddress mac = value("MAC", words.removeFirst(), MacAddress::parse);
        Map<String, String> o = options(words, Set.of("--broadcast", "--port", "--password", "--repeat", "--from"));
        Ipv4Address broadcast = value("--broadcast", o.getOrDefault("--broadcast", "255.255.255.255"),
                Ipv4Address::parse);
        int port = number("--port", o.get("--port"), WakeDelivery.DEFAULT_PORT, 1, 65535);
        int repeat = number("--repeat", o.get("--repeat"), 1, 1, WakeDelivery.MAX_REPEAT);
        SecureOnPassword password = o.containsKey("--password")
                ? value("--password", o.get("--password"), SecureOnPassword::parse) : null;
        Ipv4Address from = o.containsKey("--from") ? value("--from", o.get("--from"), Ipv4Address::parse) : null;
        return new AgentCommand.Wake(mac, broadcast, port, repeat, password, from);
    }

    private static AgentCommand parseRun(Deque<String> words) throws UsageException, IOException {
        Map<String, String> o = options(words, Set.of("--server", "--listen", "--name", "--mask", "--mac",
                "--key-file", "--tls-keystore", "--tls-truststore", "--tls-password-file", "--tls-require-client-auth", "--tls-no-host-check",
                "--state-dir", "--heartbeat", "--wol-port", "--ipv6", "--probe-port", "--enroll-token", "--enroll-token-file",
                "--identity-file"));
        if (!o.containsKey("--server")) {
            throw new UsageException("--server HOST[:PORT][,HOST[:PORT]...] is required");
        }
        List<java.net.InetSocketAddress> servers = new ArrayList<>();
        for (String one : o.get("--server").split(",", -1)) {
            HostPort server = HostPort.parse("--server", one.trim(), AgentConfig.DEFAULT_SERVER_PORT);
            servers.add(java.net.InetSocketAddress.createUnresolved(server.host(), server.port()));
        }
        HostPort listen = HostPort.parse("--listen", o.getOrDefault("--listen", "0.0.0.0"),
                AgentConfig.DEFAULT_AGENT_PORT);
        Ipv4Address listenAddress = value("--listen", listen.host(), Ipv4Address::parse);
        Identity identity = Identity.of(listenAddress, o);
        Path stateDir = Path.of(o.getOrDefault("--state-dir", System.getProperty("user.home") + "/.reveille-agent"));
        AgentConfig.Builder config = AgentConfig.builder(identity.name, identity.address, identity.mask, identity.mac)
                .listenPort(listen.port()).servers(servers)
                .roleMemory(RoleMemory.inDirectory(stateDir))
                .heartbeatInterval(Duration.ofSeconds(number("--heartbeat", o.get("--heartbeat"), 60, 1, 86_400)))
                .wolPort(number("--wol-port", o.get("--wol-port"), WakeDelivery.DEFAULT_PORT, 1, 65535))
                .probePort(number("--probe-port", o.get("--probe-port"), AgentConfig.DEFAULT_PROBE_PORT, 1, 65535));
        String ipv6 = o.getOrDefault("--ipv6", "auto");
        if (!ipv6.equals("auto") && !ipv6.equals("off")) {
            throw new UsageException("--ipv6 must be auto or off, not '" + ipv6 + "'");
        }
        config.ipv6(ipv6.equals("auto"));
        if (o.containsKey("--key-file")) {
            config.security(SecurityContext.fromKeyFile(Path.of(o.get("--key-file"))));
        }
        identity(o, config);
        config.tls(tls(o));
        return new AgentCommand.Run(config.build());
    }

    /**
     * The identity file and the enrollment token (docs/protocol.md, "The agent program"): the file is --identity-file,
     * else DIR/agent-identity with --state-dir DIR; a token needs one of them, since an identity that is not kept
     * would have to enroll again at every start, which the server refuses.
     */
    private static void identity(Map<String, String> o, AgentConfig.Builder config) throws UsageException, IOException {
        Path file = o.containsKey("--identity-file") ? Path.of(o.get("--identity-file"))
                : o.containsKey("--state-dir") ? Path.of(o.get("--state-dir")).resolve(IDENTITY_FILE) : null;
        if (o.containsKey("--enroll-token") && o.containsKey("--enroll-token-file")) {
            throw new UsageException("give --enroll-token or --enroll-token-file, not both");
        }
        EnrollmentSecret token = null;
        if (o.containsKey("--enroll-token")) {
            token = value("--enroll-token", o.get("--enroll-token"), EnrollmentSecret::parse);
        } else if (o.containsKey("--enroll-token-file")) {
            token = value("--enroll-token-file " + o.get("--enroll-token-file"),
                    firstLine(Path.of(o.get("--enroll-token-file"))), EnrollmentSecret::parse);
        }
        if (token != null && file == null) {
            throw new UsageException("enrolling needs a place to keep the identity: give --state-dir DIR or --identity-file FILE");
        }
        if (token == null && o.containsKey("--identity-file") && Files.notExists(file)) {
            throw new IOException("identity file " + file + " does not exist; give --enroll-token or --enroll-token-file to enroll");
        }
        config.identityFile(file).enrollmentToken(token);
    }

    private static TlsSettings tls(Map<String, String> o) throws UsageException, IOException {
        boolean any = o.containsKey("--tls-keystore") || o.containsKey("--tls-truststore")
                || o.containsKey("--tls-require-client-auth");
        if (!any) {
            return null;
        }
        if (!o.containsKey("--tls-keystore")) {
            throw new UsageException("TLS needs --tls-keystore: the agent's listener presents a certificate");
        }
        char[] password = o.containsKey("--tls-password-file")
                ? firstLine(Path.of(o.get("--tls-password-file"))).toCharArray() : new char[0];
        TlsSettings tls = TlsSettings.fromPkcs12(Path.of(o.get("--tls-keystore")), password,
                o.containsKey("--tls-truststore") ? Path.of(o.get("--tls-truststore")) : null, password,
                o.containsKey("--tls-require-client-auth"));
        // the server's certificate must name the host of --server, as a browser checks (docs/security.md)
        return o.containsKey("--tls-no-host-check") ? tls : tls.verifyingHostName();
    }

    private static String firstLine(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return lines.isEmpty() ? "" : lines.get(0).strip();
    }

    private interface Parser<T> {
        T parse(String text);
    }

    private static <T> T value(String what, String text, Parser<T> parser) throws UsageException {
        try {
            return parser.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(what + ": " + e.getMessage());
        }
    }

    private static int number(String flag, String text, int defaultValue, int min, int max) throws UsageException {
        if (text == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(flag + " must be a number " + min + "-" + max + ", not '" + text + "'");
    }

    /** HOST[:PORT] with a default port. */
    record HostPort(String host, int port) {
        static HostPort parse(String flag, String text, int defaultPort) throws UsageException {
            int colon = text.lastIndexOf(':');
            if (colon < 0) {
                return new HostPort(requireHost(flag, text), defaultPort);
            }
            return new HostPort(requireHost(flag, text.substring(0, colon)),
                    number(flag + " port", text.substring(colon + 1), defaultPort, 1, 65535));
        }

        private static String requireHost(String flag, String host) throws UsageException {
            if (host.isEmpty() || host.contains(" ")) {
                throw new UsageException(flag + " needs HOST[:PORT], not '" + host + "'");
            }
            return host;
        }
    }

    /** Who this agent is: from the flags, else from the network interface that holds the listen address. */
    private static final class Identity {
        String name;
        Ipv4Address address;
        Ipv4Address mask;
        MacAddress mac;

        static Identity of(Ipv4Address listen, Map<String, String> o) throws UsageException {
            Identity id = new Identity();
            id.address = listen;
            InterfaceAddress nic = null;
            if (listen.toInt() == 0) {
                nic = firstUsableInterface();
                if (nic == null) {
                    throw new UsageException("no non-loopback IPv4 interface found; give --listen ADDR");
                }
                id.address = Ipv4Address.of(nic.getAddress());
            }
            id.mask = o.containsKey("--mask") ? value("--mask", o.get("--mask"), AgentCommandLine::mask)
                    : nic != null ? Cidr.maskOf(nic.getNetworkPrefixLength()) : Cidr.maskOf(24);
            id.mac = o.containsKey("--mac") ? value("--mac", o.get("--mac"), MacAddress::parse) : macOf(nic, id.address);
            id.name = o.getOrDefault("--name", hostName(id.address));
            return id;
        }

        private static InterfaceAddress firstUsableInterface() {
            try {
                for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    if (!nif.isUp() || nif.isLoopback()) {
                        continue;
                    }
                    for (InterfaceAddress address : nif.getInterfaceAddresses()) {
                        if (address.getAddress() instanceof Inet4Address) {
                            return address;
                        }
                    }
                }
            } catch (SocketException e) {
                return null;
            }
            return null;
        }

        /** The interface's MAC; for a simulated loopback agent a locally administered 02:00:a:b:c:d. */
        private static MacAddress macOf(InterfaceAddress nic, Ipv4Address address) {
            try {
                NetworkInterface nif = nic == null ? null : NetworkInterface.getByInetAddress(nic.getAddress());
                byte[] hardware = nif == null ? null : nif.getHardwareAddress();
                if (hardware != null && hardware.length == 6) {
                    return MacAddress.fromBytes(hardware);
                }
            } catch (SocketException | InvalidAddressException e) {
                // fall through to a derived address
            }
            return MacAddress.fromLong(0x0200_0000_0000L | address.toLong());
        }

        private static String hostName(Ipv4Address address) {
            String env = System.getenv("HOSTNAME");
            if (env != null && !env.isBlank()) {
                return env;
            }
            // No InetAddress.getLocalHost(): it may ask DNS, and the agent must start without the network.
            try {
                String file = Files.readString(Path.of("/etc/hostname"), StandardCharsets.UTF_8).strip();
                if (!file.isEmpty()) {
                    return file;
                }
            } catch (IOException | RuntimeException e) {
                // not Linux, or unreadable
            }
            return "agent-" + address;
        }
    }

    private static Ipv4Address mask(String text) {
        Ipv4Address mask = Ipv4Address.parse(text);
        Cidr.prefixLengthOf(mask);
        return mask;
    }
}
