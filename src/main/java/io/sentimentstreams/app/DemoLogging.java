package io.sentimentstreams.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The demo's terminal shows its own progress lines: while open, every log line also goes to a file, and the console
 * shows only this project's warnings and the Kafka clients' errors. Kafka's routine warnings (such as a state
 * directory under /tmp) and the embedded broker's own log stay in the file: the broker logs, as ERROR, the
 * out-of-order sequences it rejects for the client to retry while a transaction is still being registered
 * (Kafka 4 transactions, KAFKA-18202), which are part of normal exactly-once operation.
 */
final class DemoLogging implements AutoCloseable {

    private static final String PROJECT_LOGGERS = "io.sentimentstreams";
    private static final String CONSOLE_APPENDER = "STDERR";
    private static final List<String> BROKER_LOGGERS = List.of("kafka.", "org.apache.kafka.server",
            "org.apache.kafka.storage", "org.apache.kafka.controller", "org.apache.kafka.raft",
            "org.apache.kafka.metadata", "org.apache.kafka.image", "org.apache.kafka.coordinator",
            "org.apache.kafka.queue", "org.apache.kafka.snapshot");

    private final Logger root;
    private final FileAppender<ILoggingEvent> file;
    private final QuietConsole quiet;

    private DemoLogging(final Logger root, final FileAppender<ILoggingEvent> file, final QuietConsole quiet) {
        this.root = root;
        this.file = file;
        this.quiet = quiet;
    }

    /** Starts logging to {@code logFile}; a no-op when logback is not the logging backend. */
    static DemoLogging toFile(final Path logFile) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return new DemoLogging(null, null, null);
        }
        final Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        final PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n");
        encoder.start();
        final FileAppender<ILoggingEvent> file = new FileAppender<>();
        file.setContext(context);
        file.setName("demo-file");
        file.setFile(logFile.toString());
        file.setAppend(false);
        file.setEncoder(encoder);
        file.start();
        root.addAppender(file);
        final QuietConsole quiet = new QuietConsole();
        quiet.start();
        final Appender<ILoggingEvent> console = root.getAppender(CONSOLE_APPENDER);
        if (console != null) {
            console.addFilter(quiet);
        }
        return new DemoLogging(root, file, quiet);
    }

    @Override
    public void close() {
        if (root == null) {
            return;
        }
        quiet.stop();
        root.detachAppender(file);
        file.stop();
    }

    /** Lets through this project's warnings and errors and the clients' errors; neutral once stopped. */
    static final class QuietConsole extends Filter<ILoggingEvent> {

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
    }
}
