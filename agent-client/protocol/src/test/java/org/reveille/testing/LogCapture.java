package org.reveille.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/** Collects the log lines of the org.reveille loggers (System.Logger routes to java.util.logging). */
public final class LogCapture implements AutoCloseable {

    private final Logger logger = Logger.getLogger("org.reveille");
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record.getLoggerName() + " " + record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    public LogCapture() {
        logger.addHandler(handler);
    }

    public List<String> linesContaining(String text) {
        return lines.stream().filter(line -> line.contains(text)).collect(Collectors.toList());
    }

    /** Waits up to {@code millis} for at least one line containing {@code text}. */
    public List<String> awaitLines(String text, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (linesContaining(text).isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        return linesContaining(text);
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
