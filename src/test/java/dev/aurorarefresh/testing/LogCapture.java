package dev.aurorarefresh.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/** Collects what the job logs (logger "aurora-refresh") while open: level and formatted message. */
public final class LogCapture extends Handler implements AutoCloseable {
    /** One logged line. */
    public record Line(Level level, String message) {
    }

    private final Logger logger = Logger.getLogger("aurora-refresh");
    public final List<Line> lines = new ArrayList<>();

    public LogCapture() {
        logger.addHandler(this);
    }

    public List<Line> at(Level level) {
        return lines.stream().filter(l -> l.level().equals(level)).toList();
    }

    @Override
    public synchronized void publish(LogRecord r) {
        lines.add(new Line(r.getLevel(), r instanceof ExtLogRecord ext ? ext.getFormattedMessage() : r.getMessage()));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
