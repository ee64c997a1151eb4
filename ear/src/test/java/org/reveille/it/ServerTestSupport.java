package org.reveille.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.io.File;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeAll;

/**
 * Deploys the real reveille.ear (as built by this module) to the real WildFly the build provisioned, and
 * talks to it over HTTP as an inventory system, an operator or an administrator would.
 */
@RunAsClient
public abstract class ServerTestSupport {

    /** The server's HTTP and management ports, moved by {@code -Dreveille.it.port-offset} (see {@link ItPorts}). */
    protected static final String BASE = "http://127.0.0.1:" + ItPorts.HTTP;
    protected static final String MANAGEMENT = "http://127.0.0.1:" + ItPorts.MANAGEMENT;
    protected static final String[] ADMIN = {"admin", "reveille-admin"};
    protected static final String[] OPERATOR = {"operator", "reveille-operator"};
    protected static final String[] INVENTORY = {"inventory", "reveille-inventory"};

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @Deployment(testable = false)
    public static EnterpriseArchive reveille() {
        return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, new File(System.getProperty("reveille.ear")));
    }

    /**
     * Before each class (and before its own {@code @BeforeAll}): the agent listener and agent ports of this run
     * ({@link ItPorts}) in the settings. At offset 0 they are the defaults and nothing is written.
     */
    @BeforeAll
    static void agentPortsOfThisRun() {
        JsonObject settings = get("/api/settings", ADMIN).json();
        if (settings.getInt("serverPort") != ItPorts.SERVER || settings.getInt("agentPort") != ItPorts.AGENT) {
            Reply reply = put("/api/settings", "{\"serverPort\":" + ItPorts.SERVER + ",\"agentPort\":" + ItPorts.AGENT + "}", ADMIN);
            if (reply.status() != 200) {
                throw new AssertionError("the ports of this run (offset " + ItPorts.OFFSET + ") were refused: " + reply.body());
            }
        }
    }

    /** A response with its body parsed as JSON when it is JSON. */
    public record Reply(int status, String contentType, String body) {
        public JsonObject json() {
            return (JsonObject) parse(body);
        }

        public JsonValue jsonValue() {
            return parse(body);
        }
    }

    protected static Reply get(String path, String[] user) {
        return getAt(BASE, path, user);
    }

    /** GET from another server than Arquillian's (e.g. a second server started by the test). */
    protected static Reply getAt(String base, String path, String[] user) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), user);
    }

    protected static Reply put(String path, String json, String[] user) {
        return putAt(BASE, path, json, user);
    }

    /** PUT to another server than Arquillian's (e.g. a server started by the test). */
    protected static Reply putAt(String base, String path, String json, String[] user) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)), user);
    }

    protected static Reply post(String path, String json, String[] user) {
        return postAt(BASE, path, json, user);
    }

    /** POST to another server than Arquillian's (e.g. a second server started by the test). */
    protected static Reply postAt(String base, String path, String json, String[] user) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), user);
    }

    protected static Reply delete(String path, String[] user) {
        return deleteAt(BASE, path, user);
    }

    protected static Reply deleteAt(String base, String path, String[] user) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE(), user);
    }

    /**
     * The shared agent key the server generated in its data directory (simulated agents need it): standalone/data,
     * or the fresh server's own data directory in the it-fresh-server execution.
     */
    protected static byte[] agentKey() throws java.io.IOException {
        java.nio.file.Path home = java.nio.file.Path.of(System.getProperty("reveille.server.home"));
        java.nio.file.Path data = Boolean.getBoolean("reveille.it.fresh-server")
                ? home.resolveSibling("fresh-server-data") : home.resolve("standalone").resolve("data");
        java.nio.file.Path file = data.resolve("reveille-agent.key");
        return java.nio.file.Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElseThrow().strip()
                .getBytes(StandardCharsets.UTF_8);
    }

    protected static Reply getAbsolute(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), null);
    }

    protected static Reply send(HttpRequest.Builder request, String[] user) {
        if (user != null) {
            String token = Base64.getEncoder().encodeToString((user[0] + ":" + user[1]).getBytes(StandardCharsets.UTF_8));
            request.header("Authorization", "Basic " + token);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(120)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (Exception e) {
            throw new AssertionError("HTTP request failed: " + e, e);
        }
    }

    protected static JsonStructure parse(String body) {
        return Json.createReader(new StringReader(body)).read();
    }

    /** Pushes simulated machines into the inventory (one NIC each), with the chassis the test wants for each. */
    protected static void pushInventory(java.util.Collection<org.reveille.sim.SimulatedMachine> machines,
                                        java.util.function.Function<org.reveille.sim.SimulatedMachine, String> chassis) {
        String json = machines.stream().map(m -> String.format(
                "{\"resourceId\":\"%s\",\"name\":\"%s\",\"chassis\":\"%s\",\"nics\":[{\"mac\":\"%s\",\"ip\":\"%s\",\"subnet\":\"%s\"}]}",
                m.resourceId(), m.name(), chassis.apply(m), m.mac(), m.ip(), m.subnet()))
                .collect(java.util.stream.Collectors.joining(",", "{\"machines\":[", "]}"));
        Reply reply = put("/api/inventory/machines", json, INVENTORY);
        if (reply.status() != 200) {
            throw new AssertionError("inventory push refused: " + reply.status() + " " + reply.body());
        }
    }

    /** Polls GET /api/subnets/{id} until the condition holds; fails with the last view after the timeout. */
    protected static JsonObject awaitSubnet(long id, Duration timeout, java.util.function.Predicate<JsonObject> condition)
            throws InterruptedException {
        return awaitResource("/api/subnets/" + id, timeout, condition);
    }

    /** Polls a JSON resource (as operator) until the condition holds; fails with the last answer after the timeout. */
    protected static JsonObject awaitResource(String path, Duration timeout, java.util.function.Predicate<JsonObject> condition)
            throws InterruptedException {
        java.time.Instant deadline = java.time.Instant.now().plus(timeout);
        JsonObject view = null;
        while (java.time.Instant.now().isBefore(deadline)) {
            view = get(path, OPERATOR).json();
            if (condition.test(view)) {
                return view;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(path + " did not reach the expected state within " + timeout + "; last: " + view);
    }

    /** The address of a subnet view's Primary or Alternate, or null when it has none. */
    protected static String proxy(JsonObject subnet, String role) {
        return subnet.containsKey(role) ? subnet.getJsonObject(role).getString("address") : null;
    }

    /**
     * Leaves no subnet of a test class behind in the shared database (call it in {@code @AfterAll}, while the class's
     * fleet still runs): every agent on a subnet whose address starts with one of {@code prefixes} (e.g. "127.73.") is
     * de-registered without a rediscovery, then the subnet removed. Otherwise the abandoned Primaries and Alternates
     * miss their heartbeats minutes later, while other classes run, and the watchdog's hand-overs queue rediscoveries
     * of those subnets on the server's discovery consumers. Best effort: a subnet it cannot remove (say, a discovery
     * still running) is reported and left.
     */
    protected static void removeSubnets(String... prefixes) {
        java.util.function.Predicate<String> ours = cidr -> java.util.Arrays.stream(prefixes).anyMatch(cidr::startsWith);
        for (int attempt = 1; attempt <= 10; attempt++) {
            java.util.List<JsonObject> subnets = get("/api/subnets?limit=1000", ADMIN).json().getJsonArray("items")
                    .getValuesAs(JsonObject.class).stream().filter(s -> ours.test(s.getString("subnet"))).toList();
            if (subnets.isEmpty()) {
                return;
            }
            java.util.Set<Long> ids = subnets.stream().map(s -> s.getJsonNumber("id").longValue()).collect(java.util.stream.Collectors.toSet());
            get("/api/agents?limit=1000", ADMIN).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                    .filter(a -> ids.contains(a.getJsonNumber("subnetId").longValue()))
                    .forEach(a -> delete("/api/agents/" + a.getJsonNumber("id") + "?rescan=false", ADMIN));
            java.util.List<String> left = new java.util.ArrayList<>();
            for (JsonObject s : subnets) {
                Reply removed = delete("/api/subnets/" + s.getJsonNumber("id"), ADMIN);
                if (removed.status() != 204 && removed.status() != 404) {
                    left.add(s.getString("subnet") + ": " + removed.status() + " " + removed.body());
                }
            }
            if (left.isEmpty()) {
                return;
            }
            if (attempt == 10) {
                System.out.println("removeSubnets: left behind " + left);
                return;
            }
            try {
                Thread.sleep(1000);   // a discovery under way holds its subnet; they take seconds
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Lines of the Arquillian server's server.log that contain {@code text}. */
    protected static long countInServerLog(String text) throws java.io.IOException {
        java.nio.file.Path log = java.nio.file.Path.of(System.getProperty("reveille.server.home")).resolve("standalone/log/server.log");
        try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.contains(text)).count();
        }
    }

    /** The agent listener restarts after a change of its mode: waits until it accepts connections again. */
    protected static void awaitAgentListener() throws InterruptedException {
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(20);
        while (java.time.Instant.now().isBefore(deadline)) {
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress("127.0.0.1", ItPorts.SERVER), 500);
                return;
            } catch (java.io.IOException e) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the agent listener did not come back within 20 s");
    }

    protected static boolean onPostgreSql() {
        return "postgresql".equals(System.getProperty("reveille.it.db"));
    }
}
