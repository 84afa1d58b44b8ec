package io.sentimentstreams.app.demo;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import io.sentimentstreams.app.console.QuietConsole;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * The demo's terminal shows its own progress lines: while open, every log line also goes to a file, and the console
 * shows only this project's warnings and the Kafka clients' errors ({@link QuietConsole}). Kafka's routine warnings
 * (such as a state directory under /tmp) and the embedded broker's own log stay in the file: the broker logs, as
 * ERROR, the out-of-order sequences it rejects for the client to retry while a transaction is still being registered
 * (Kafka 4 transactions, KAFKA-18202), which are part of normal exactly-once operation.
 */
public final class DemoLogging implements AutoCloseable {

    private final Logger root;
    private final FileAppender<ILoggingEvent> file;
    private final QuietConsole quiet;

    private DemoLogging(final Logger root, final FileAppender<ILoggingEvent> file, final QuietConsole quiet) {
        this.root = root;
        this.file = file;
        this.quiet = quiet;
    }

    /** Starts logging to {@code logFile}; a no-op when logback is not the logging backend. */
    public static DemoLogging toFile(final Path logFile) {
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
        return new DemoLogging(root, file, QuietConsole.attach());
    }

    @Override
    public void close() {
        if (root == null) {
            return;
        }
        quiet.close();
        root.detachAppender(file);
        file.stop();
    }
}
