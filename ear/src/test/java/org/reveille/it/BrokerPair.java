package org.reveille.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** artemis-config/broker-pair.sh on a pair in {@code dir}, for the tests that run Reveille on the standalone broker pair. */
final class BrokerPair {

    private final Path dir;

    BrokerPair(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** Runs {@code broker-pair.sh COMMAND --dir DIR ARGS...}; fails unless it succeeds (a "stop" may fail: nothing ran). */
    void run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", Path.of(System.getProperty("reveille.ear")).getParent()
                .getParent().getParent().resolve("artemis-config").resolve("broker-pair.sh").toString(), args[0], "--dir", dir.toString()));
        command.addAll(List.of(args).subList(1, args.length));
        ClusterScript.command(command, status -> status == 0 || args[0].equals("stop"), java.time.Duration.ofSeconds(180));
    }

    /** Stops a pair an aborted run left behind, wipes {@code dir}, creates the pair with the development users and starts it. */
    void createAndStart(int primaryPort, int backupPort) throws IOException, InterruptedException {
        run("stop");
        FleetUnderFailure.deleteTree(dir);
        run("create", "--home", System.getProperty("reveille.artemis.home"), "--port", Integer.toString(primaryPort),
                "--backup-port", Integer.toString(backupPort), "--memory", "256m", "--dev-users");
        run("start");
    }

    /** The server arguments that point a server of the remote-broker installation at this pair. */
    static String serverArgs(int primaryPort, int backupPort) {
        return "-Dreveille.broker.password=reveille-broker -Dreveille.broker.primary.port=" + primaryPort
                + " -Dreveille.broker.backup.port=" + backupPort;
    }
}
