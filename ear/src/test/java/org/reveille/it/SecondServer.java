package org.reveille.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A second real WildFly running the same reveille.ear on the same database as Arquillian's server: the build's
 * provisioned distribution with a base directory of its own (a copy of its standalone/ without data, logs and
 * deployments), ports offset by 100 more than the first server's, node name {@value #NODE}, its agent listener on 127.0.0.2.
 */
final class SecondServer implements AutoCloseable {

    static final String NODE = "reveille-b";
    /** 100 above the first server's, which {@code -Dreveille.it.port-offset} moves (see {@link ItPorts}). */
    private static final int PORT_OFFSET = ItPorts.OFFSET + 100;
    private static final int HTTP_PORT = 8080 + PORT_OFFSET;
    static final String BASE = "http://127.0.0.1:" + HTTP_PORT;
    /** What the running first server keeps of its own in standalone/: never copied. */
    private static final Set<String> NOT_COPIED = Set.of("data", "log", "tmp", "deployments", "configuration/standalone_xml_history");

    private final ProcessBuilder launch;
    private final Path baseDir;
    private final String base;
    private Process process;

    private SecondServer(ProcessBuilder launch, Path baseDir, String base) {
        this.launch = launch;
        this.baseDir = baseDir;
        this.base = base;
    }

    /** This server's HTTP root, e.g. {@code http://127.0.0.1:8180}. */
    String base() {
        return base;
    }

    /**
     * Starts the server in {@code baseDir} (wiped first) with the database arguments the first server got
     * ({@code serverArgs}, whitespace-separated -D options), and waits until its readiness check answers 200.
     */
    static SecondServer start(Path home, Path ear, Path baseDir, String serverArgs, Duration timeout)
            throws IOException, InterruptedException {
        return start(home, ear, baseDir, NODE, PORT_OFFSET, "127.0.0.2", serverArgs, timeout);
    }

    /**
     * Starts a server of the installation {@code home} in {@code baseDir} (wiped first) as node {@code node}, its ports
     * offset by {@code portOffset}, its agent listener bound to {@code listenerAddress}, with {@code serverArgs}.
     */
    static SecondServer start(Path home, Path ear, Path baseDir, String node, int portOffset, String listenerAddress,
                              String serverArgs, Duration timeout) throws IOException, InterruptedException {
        int httpPort = 8080 + portOffset;
        try (Socket taken = new Socket()) {
            taken.connect(new InetSocketAddress("127.0.0.1", httpPort), 1000);
            throw new IllegalStateException("port " + httpPort + " is already in use: is a server of an earlier run still up?");
        } catch (IOException free) {
            // nobody listens: the port is ours
        }
        deleteTree(baseDir);
        copyTree(home.resolve("standalone"), baseDir);
        // The first server's configuration names the deployment Arquillian made into its own content repository,
        // which this copy has not: this server deploys the same EAR from its deployments/ directory instead.
        Path config = baseDir.resolve("configuration").resolve("standalone-full.xml");
        Files.writeString(config, Files.readString(config, StandardCharsets.UTF_8)
                .replaceAll("(?s)\\s*<deployments>.*?</deployments>", ""), StandardCharsets.UTF_8);
        Files.createDirectories(baseDir.resolve("deployments"));
        Files.copy(ear, baseDir.resolve("deployments").resolve("reveille.ear"), StandardCopyOption.REPLACE_EXISTING);

        List<String> command = new ArrayList<>(List.of(home.resolve("bin").resolve("standalone.sh").toString(),
                "-c", "standalone-full.xml",
                "-Djboss.server.base.dir=" + baseDir,
                "-Djboss.socket.binding.port-offset=" + portOffset,
                "-Djboss.node.name=" + node,
                "-Dreveille.node-id=" + node,
                "-Djava.net.preferIPv4Stack=true",
                "-Dreveille.agent-listener.bind=" + listenerAddress));
        Arrays.stream(serverArgs.trim().split("\\s+")).filter(a -> !a.isEmpty()).forEach(command::add);
        // appended to: a restarted server's console follows the killed one's
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(baseDir.resolve("console.log").toFile()));
        builder.environment().put("JBOSS_HOME", home.toString());
        builder.environment().put("JAVA_OPTS", "-Xms256m -Xmx1g -Djava.awt.headless=true");
        SecondServer server = new SecondServer(builder, baseDir, "http://127.0.0.1:" + httpPort);
        server.launch(timeout);
        return server;
    }

    private void launch(Duration timeout) throws IOException, InterruptedException {
        process = launch.start();
        try {
            awaitReady(timeout);
        } catch (RuntimeException | Error | InterruptedException e) {
            close();
            throw e;
        }
    }

    /**
     * Kills the server as a power cut or {@code kill -9} would: SIGKILL to the JVM and its script at once, no shutdown
     * hook, no clean close of the broker journal, the transaction log or the database.
     */
    void kill() throws InterruptedException {
        List<ProcessHandle> tree = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new AssertionError("process " + p.pid() + " did not die of SIGKILL", e);
            }
        }
    }

    /** Starts the server again in the same base directory (its data, journal and logs kept), as after a crash. */
    void restart(Duration timeout) throws IOException, InterruptedException {
        if (process.isAlive()) {
            throw new IllegalStateException("the server " + base + " is still running");
        }
        launch(timeout);
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(timeout);
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("the server " + base + " exited with " + process.exitValue() + "; see " + baseDir.resolve("console.log"));
            }
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(base + "/health/ready"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
                last = ready.statusCode() + " " + ready.body();
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("the server " + base + " was not ready within " + timeout + " (last answer: " + last + "); see "
                + baseDir.resolve("log").resolve("server.log"));
    }

    /** The server's own server.log. */
    Path serverLog() {
        return baseDir.resolve("log").resolve("server.log");
    }

    /** Stops the server ({@link #close}) and keeps its server.log in target/failsafe-reports as {@code testName}-server.log. */
    void closeKeepingLog(String testName) throws IOException, InterruptedException {
        try {
            close();
        } finally {
            Path reports = Path.of(System.getProperty("reveille.ear")).getParent().resolve("failsafe-reports");
            Files.createDirectories(reports);
            if (Files.exists(serverLog())) {
                Files.copy(serverLog(), reports.resolve(testName + "-server.log"), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Stops the server: TERM to standalone.sh and the JVM it started (a clean shutdown), then KILL after 60 s. */
    @Override
    public void close() throws InterruptedException {
        // the JVM is a child of the script: take the whole tree before the script is gone and the JVM re-parented
        List<ProcessHandle> tree = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
        tree.forEach(ProcessHandle::destroy);
        Instant deadline = Instant.now().plusSeconds(60);
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                p.destroyForcibly();
            }
        }
        process.waitFor(10, TimeUnit.SECONDS);
    }

    static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                if (NOT_COPIED.contains(from.relativize(dir).toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }
}
