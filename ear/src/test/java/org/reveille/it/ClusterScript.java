package org.reveille.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

/**
 * A cluster of the tests, started and stopped with wildfly-config/cluster.sh (the command README's "A cluster on one
 * machine" runs) in target/{@code name}: the broker pair and two nodes of the build's remote-broker installation.
 */
final class ClusterScript {

    private final Path target;
    private final Path dir;

    ClusterScript(String name) {
        this.target = Path.of(System.getProperty("reveille.ear")).getParent();
        this.dir = target.resolve(name);
    }

    Path dir() {
        return dir;
    }

    /**
     * Stops what an aborted run left there, wipes the directory and starts two nodes, node i with the port offset
     * {@code portOffset} + 100 (i - 1) and the agent listener on {@code listeners}' i-th address, on {@code database}.
     */
    void start(int portOffset, int brokerPort, String listeners, String database) throws Exception {
        start(portOffset, brokerPort, listeners, database, null);
    }

    /** As {@link #start(int, int, String, String)}, with {@code serverDirectNode} (reveille-i) elected to send the server's own packets. */
    void start(int portOffset, int brokerPort, String listeners, String database, String serverDirectNode) throws Exception {
        run("stop");
        FleetUnderFailure.deleteTree(dir);
        List<String> args = new ArrayList<>(List.of("--home", System.getProperty("reveille.remote-broker-server.home"), "--ear", System.getProperty("reveille.ear"),
                "--artemis-home", System.getProperty("reveille.artemis.home"), "--nodes", "2", "--port-offset", Integer.toString(portOffset),
                "--broker-port", Integer.toString(brokerPort), "--listeners", listeners, "--database", database));
        if (serverDirectNode != null) {
            args.addAll(List.of("--server-direct-node", serverDirectNode));
        }
        run("start", args.toArray(String[]::new));
    }

    /** Node {@code i}'s server.log. */
    Path serverLog(int i) {
        return dir.resolve("node-" + i).resolve("log").resolve("server.log");
    }

    /** The process id of node {@code i}'s JVM. */
    long pid(int i) throws Exception {
        return Long.parseLong(Files.readString(dir.resolve("node-" + i).resolve("server.pid")).strip());
    }

    /** Stops the nodes and the pair, and keeps the nodes' logs in target/failsafe-reports as {@code testName}-node-i.log. */
    void stopKeepingLogs(String testName) throws Exception {
        try {
            run("stop");
        } finally {
            Path reports = target.resolve("failsafe-reports");
            Files.createDirectories(reports);
            for (int i = 1; i <= 2; i++) {
                if (Files.exists(serverLog(i))) {
                    Files.copy(serverLog(i), reports.resolve(testName + "-node-" + i + ".log"), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private void run(String command, String... args) throws Exception {
        List<String> line = new ArrayList<>(List.of("bash", target.getParent().getParent().resolve("wildfly-config").resolve("cluster.sh").toString(),
                command, "--dir", dir.toString()));
        line.addAll(List.of(args));
        command(line);
    }

    /** Runs {@code command}; fails with its output unless it ends with status 0 within 10 minutes. */
    static void command(List<String> command) throws IOException, InterruptedException {
        command(command, status -> status == 0, Duration.ofMinutes(10));
    }

    /** Runs {@code command}; fails with its output unless it ends within {@code timeout} with a status {@code accepted} takes. */
    static void command(List<String> command, IntPredicate accepted, Duration timeout) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.print(output);
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || !accepted.test(process.exitValue())) {
            throw new AssertionError(String.join(" ", command) + " failed: " + output);
        }
    }
}
