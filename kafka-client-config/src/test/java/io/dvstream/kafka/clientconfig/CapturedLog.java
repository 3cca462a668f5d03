package io.dvstream.kafka.clientconfig;

import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Test fixture: every log line of the JVM that the log configuration lets through (formatted, with its
 * throwable's messages) while open, so that a test can check what really reaches the log, not what a method returns.
 */
public final class CapturedLog extends AbstractAppender implements AutoCloseable {

    private final List<String> lines = new ArrayList<>();

    private CapturedLog() {
        super("captured-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        LoggerConfig root = context.getConfiguration().getRootLogger();
        start();
        // At the levels the log configuration lets through: what a user's log file would hold.
        root.addAppender(this, Level.ALL, null);
        context.updateLoggers();
    }

    public static CapturedLog open() {
        return new CapturedLog();
    }

    @Override
    public synchronized void append(LogEvent event) {
        StringBuilder line = new StringBuilder(event.getLevel() + " " + event.getLoggerName() + " "
                + event.getMessage().getFormattedMessage());
        for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
            line.append(" | ").append(t);
        }
        lines.add(line.toString());
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** All lines as one text. */
    public synchronized String text() {
        return String.join("\n", lines);
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        LoggerConfig root = config.getRootLogger();
        root.removeAppender(getName());
        context.updateLoggers();
        stop();
    }
}
