package io.sentimentstreams.app.console;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Keeps the console for a command's own output: while open, logback's console appender ({@code STDERR} in
 * {@code logback.xml}) shows only this project's warnings and errors and the Kafka clients' errors. The clients'
 * routine warnings (such as a client retrying a broker that does not answer, or a state directory under /tmp) and
 * an embedded broker's own log stay off it. Closing it lets everything through again.
 */
public final class QuietConsole extends Filter<ILoggingEvent> implements AutoCloseable {

    private static final String PROJECT_LOGGERS = "io.sentimentstreams";
    private static final String CONSOLE_APPENDER = "STDERR";
    private static final List<String> BROKER_LOGGERS = List.of("kafka.", "org.apache.kafka.server",
            "org.apache.kafka.storage", "org.apache.kafka.controller", "org.apache.kafka.raft",
            "org.apache.kafka.metadata", "org.apache.kafka.image", "org.apache.kafka.coordinator",
            "org.apache.kafka.queue", "org.apache.kafka.snapshot");

    /** Starts a filter and puts it on the console appender; it filters nothing where logback is not in use. */
    public static QuietConsole attach() {
        final QuietConsole quiet = new QuietConsole();
        quiet.start();
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            final Appender<ILoggingEvent> console = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                    .getAppender(CONSOLE_APPENDER);
            if (console != null) {
                console.addFilter(quiet);
            }
        }
        return quiet;
    }

    /** Lets through this project's warnings and errors and the clients' errors; neutral once stopped. */
    @Override
    public FilterReply decide(final ILoggingEvent event) {
        if (!isStarted()) {
            return FilterReply.NEUTRAL;
        }
        final String name = event.getLoggerName();
        if (BROKER_LOGGERS.stream().anyMatch(name::startsWith)) {
            return FilterReply.DENY;
        }
        final Level least = name.startsWith(PROJECT_LOGGERS) ? Level.WARN : Level.ERROR;
        return event.getLevel().isGreaterOrEqual(least) ? FilterReply.NEUTRAL : FilterReply.DENY;
    }

    /** Stops filtering (logback cannot take a filter off an appender; a stopped one lets everything through). */
    @Override
    public void close() {
        stop();
    }
}
