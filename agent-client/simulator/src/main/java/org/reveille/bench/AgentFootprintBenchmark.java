package org.reveille.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts the real agent as its own process with the documented JVM flags on 127.61.0.10 and measures time to
 * "Agent ready", resident memory, and CPU used while idle (Linux /proc). No server is needed to stay idle.
 * {@code java -cp agent-client/simulator/target/reveille-simulator.jar org.reveille.bench.AgentFootprintBenchmark [idleSeconds]}
 */
public final class AgentFootprintBenchmark {

    /** The JVM flags docs/benchmarks.md documents for the agent. */
    public static final List<String> AGENT_JVM_FLAGS = List.of("-Xms8m", "-Xmx16m", "-Xss256k", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:ReservedCodeCacheSize=16m",
            "-XX:MaxMetaspaceSize=32m", "-XX:-UsePerfData", "-Xshare:auto");

    private AgentFootprintBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int idleSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        Path state = Files.createTempDirectory("reveille-agent-footprint");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(AGENT_JVM_FLAGS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.reveille.agent.AgentMain",
                "--server", "127.0.0.1:41777", "--listen", "127.61.0.10:41776", "--probe-port", "41776",
                "--state-dir", state.toString()));
        long start = System.nanoTime();
        Process agent = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.contains("Agent ready")) {
                // wait for readiness
            }
            if (line == null) {
                throw new IllegalStateException("the agent exited before it was ready");
            }
            long readyMillis = (System.nanoTime() - start) / 1_000_000;
            Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "drain");
            drain.setDaemon(true);
            drain.start();
            long pid = agent.pid();
            long rssAtReady = rssKiB(pid);
            Thread.sleep(2000); // let start-up work settle before the idle window
            long cpuBefore = cpuTicks(pid);
            Thread.sleep(idleSeconds * 1000L);
            long cpuIdle = cpuTicks(pid) - cpuBefore;
            long rssIdle = rssKiB(pid);
            System.out.println("JVM flags: " + String.join(" ", AGENT_JVM_FLAGS));
            System.out.printf("ready in %d ms (process start to 'Agent ready')%n", readyMillis);
            System.out.printf("RSS at ready %.1f MiB, after %d s idle %.1f MiB (VmHWM %.1f MiB)%n", rssAtReady / 1024.0,
                    idleSeconds, rssIdle / 1024.0, status(pid, "VmHWM:") / 1024.0);
            System.out.printf("CPU while idle: %d ticks of 10 ms in %d s = %.3f%% of one core%n", cpuIdle, idleSeconds,
                    cpuIdle * 10.0 / (idleSeconds * 1000.0) * 100);
            System.out.printf("threads: %d%n", status(pid, "Threads:"));
        } finally {
            agent.destroy();
            agent.waitFor(10, TimeUnit.SECONDS);
            agent.destroyForcibly();
        }
    }

    private static long rssKiB(long pid) throws IOException {
        return status(pid, "VmRSS:");
    }

    private static long status(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
            }
        }
        throw new IOException(field + " not in /proc/" + pid + "/status");
    }

    /** utime + stime of the process, in clock ticks (USER_HZ, 100 on Linux). */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
