package org.reveille.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One thread's name and CPU time (ns) from /proc/PID/task/TID/{comm,schedstat}: the benchmarks' per-thread account of
 * a process's CPU (docs/benchmarks.md). schedstat counts nanoseconds on a CPU, not the 4 ms ticks of /proc/PID/stat.
 * Linux only; a thread that ends between two snapshots takes its time with it.
 */
public record ThreadCpu(String name, long nanos) {

    /** Every thread of a process now, by thread id; empty when the process is gone. */
    public static Map<Long, ThreadCpu> snapshot(long pid) throws IOException {
        Map<Long, ThreadCpu> threads = new LinkedHashMap<>();
        Path dir = Path.of("/proc/" + pid + "/task");
        if (!Files.isDirectory(dir)) {
            return threads;
        }
        try (Stream<Path> tasks = Files.list(dir)) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim();
                    long nanos = Long.parseLong(Files.readString(task.resolve("schedstat")).trim().split(" ")[0]);
                    threads.put(Long.parseLong(task.getFileName().toString()), new ThreadCpu(name, nanos));
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        }
        return threads;
    }

    /** CPU time (ns) used between two snapshots, by thread name (digits stripped); a new thread counts from zero. */
    public static Map<String, Long> since(Map<Long, ThreadCpu> before, Map<Long, ThreadCpu> after) {
        Map<String, Long> byName = new TreeMap<>();
        after.forEach((tid, now) -> {
            ThreadCpu then = before.get(tid);
            long used = now.nanos() - (then == null ? 0 : then.nanos());
            byName.merge(now.name().replaceAll("[0-9]+", "#"), used, Long::sum);
        });
        return byName;
    }

    /** The sum of a {@link #since} account, in ns. */
    public static long total(Map<String, Long> byName) {
        return byName.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The {@code n} busiest thread groups of an account, each as {@code name value} with the value in ns / divisor. */
    public static String top(Map<String, Long> byName, int n, double divisor, String format) {
        return byName.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n)
                .map(e -> e.getKey() + " " + String.format(java.util.Locale.ROOT, format, e.getValue() / divisor))
                .collect(Collectors.joining(", "));
    }
}
