package org.reveille.agent;

import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import org.reveille.wol.MagicPacket;
import org.reveille.wol.MagicPacketSender;
import org.reveille.wol.WakeDelivery;

/**
 * {@code java -jar reveille-agent.jar ...}: the agent program. Exit codes: 0 done, 1 failed while
 * running, 2 bad command line, 3 bad key, TLS or state configuration, an unusable identity file, or an enrollment a
 * server refused (docs/protocol.md, "The agent program").
 */
public final class AgentMain {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int CONFIGURATION = 3;

    private AgentMain() {
    }

    public static void main(String[] args) {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tL %4$s %5$s%6$s%n");
        }
        int code = run(args, System.out, System.err);
        if (code != OK) {
            System.exit(code);
        }
    }

    /** Runs a command; returns the exit code. A {@code run} command returns only when the agent stops. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        AgentCommand command;
        try {
            command = AgentCommandLine.parse(args);
        } catch (UsageException e) {
            err.println("reveille-agent: " + e.getMessage());
            err.println("Try --help.");
            return USAGE;
        } catch (IOException | RuntimeException e) {
            err.println("reveille-agent: cannot load configuration: " + e.getMessage());
            return CONFIGURATION;
        }
        if (command instanceof AgentCommand.Help) {
            out.println(AgentCommandLine.USAGE);
            return OK;
        }
        if (command instanceof AgentCommand.Wake wake) {
            return wake(wake, out, err);
        }
        return runAgent(((AgentCommand.Run) command).config(), err);
    }

    private static int wake(AgentCommand.Wake wake, PrintStream out, PrintStream err) {
        WakeDelivery delivery = WakeDelivery.toBroadcast(wake.broadcast()).port(wake.port()).repeat(wake.repeat());
        try (MagicPacketSender sender = MagicPacketSender.open(wake.from())) {
            int sent = sender.send(MagicPacket.of(wake.mac(), wake.password()), delivery);
            out.println("Sent " + sent + " magic packet(s) for " + wake.mac() + " to " + wake.broadcast() + ":"
                    + wake.port());
            return OK;
        } catch (IOException e) {
            err.println("reveille-agent: could not send to " + wake.broadcast() + ":" + wake.port() + ": "
                    + e.getMessage());
            return FAILED;
        }
    }

    private static int runAgent(AgentConfig config, PrintStream err) {
        CountDownLatch stopped = new CountDownLatch(1);
        AgentPlatform platform = null;
        try {
            platform = AgentPlatform.forOneAgent();
            RunningAgent agent = startOrEnroll(config, platform);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                agent.stop("agent process stopping");
                stopped.countDown();
            }, "reveille-agent-shutdown"));
            System.getLogger(AgentMain.class.getName()).log(System.Logger.Level.INFO, "Agent ready");
            stopped.await();
            return OK;
        } catch (EnrollmentException e) {
            err.println("reveille-agent: " + e.getMessage());
            closeQuietly(platform);
            return CONFIGURATION;
        } catch (IdentityFileException e) {
            err.println("reveille-agent: cannot start: " + e.getMessage());
            closeQuietly(platform);
            return CONFIGURATION;
        } catch (IOException e) {
            err.println("reveille-agent: cannot start: " + e.getMessage());
            closeQuietly(platform);
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(platform);
            return FAILED;
        }
    }

    /**
     * Starts the agent; while it has still to enroll and no server answers the ENROLL, tries again every heartbeat
     * interval, since a PC may boot before its network is up (docs/protocol.md, "The agent program"). A refusal is
     * final.
     */
    static RunningAgent startOrEnroll(AgentConfig config, AgentPlatform platform) throws IOException,
            InterruptedException {
        System.Logger log = System.getLogger(AgentMain.class.getName());
        while (true) {
            try {
                return RunningAgent.start(config, platform);
            } catch (EnrollmentException e) {
                if (e.refused()) {
                    throw e;
                }
                long millis = config.heartbeatInterval.toMillis();
                log.log(System.Logger.Level.WARNING, e.getMessage() + "; trying again in "
                        + (millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms"));
                Thread.sleep(config.heartbeatInterval.toMillis());
            }
        }
    }

    private static void closeQuietly(AgentPlatform platform) {
        if (platform != null) {
            try {
                platform.close();
            } catch (IOException e) {
                // the process ends anyway
            }
        }
    }
}
