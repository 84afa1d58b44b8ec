package io.sentimentstreams.it;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps the log events of this JVM that pass the configured levels, from creation until closed. */
final class LogCapture implements AutoCloseable {

    private final ch.qos.logback.classic.Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory())
            .getLogger(Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();

    LogCapture() {
        events.start();
        root.addAppender(events);
    }

    /** The events at {@code level} or above so far, as "LEVEL logger - message" lines. */
    List<String> atLeast(final Level level) {
        synchronized (events) {   // the list is appended to under the appender's lock
            return events.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(level))
                    .map(e -> e.getLevel() + " " + e.getLoggerName() + " - " + e.getFormattedMessage()).toList();
        }
    }

    @Override
    public void close() {
        root.detachAppender(events);
        events.stop();
    }
}
