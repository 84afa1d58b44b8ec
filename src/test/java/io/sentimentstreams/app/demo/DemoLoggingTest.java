package io.sentimentstreams.app.demo;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import io.sentimentstreams.app.console.QuietConsole;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class DemoLoggingTest {

    @TempDir
    Path dir;

    @Test
    void shouldWriteEveryLineToTheFileWhileOpenAndNothingAfter() throws Exception {
        final Path file = dir.resolve("demo.log");
        try (DemoLogging ignored = DemoLogging.toFile(file)) {
            LoggerFactory.getLogger("io.sentimentstreams.stream.Example").warn("a model was published");
            LoggerFactory.getLogger("org.apache.kafka.streams.Example").warn("a routine Kafka warning");
        }
        LoggerFactory.getLogger("io.sentimentstreams.stream.Example").warn("after the demo");

        final String log = Files.readString(file);
        assertAll(
                () -> assertTrue(log.contains("a model was published"), log),
                () -> assertTrue(log.contains("a routine Kafka warning"), log),
                () -> assertTrue(!log.contains("after the demo"), log));
    }

    @Test
    void shouldShowOnlyProjectWarningsAndClientErrorsOnTheConsole() {
        final QuietConsole quiet = new QuietConsole();
        quiet.start();
        assertAll(
                () -> assertEquals(FilterReply.DENY, quiet.decide(event("io.sentimentstreams.stream.X", Level.INFO))),
                () -> assertEquals(FilterReply.NEUTRAL, quiet.decide(event("io.sentimentstreams.stream.X",
                        Level.WARN))),
                () -> assertEquals(FilterReply.DENY, quiet.decide(event("org.apache.kafka.streams.X", Level.WARN))),
                () -> assertEquals(FilterReply.NEUTRAL, quiet.decide(event("org.apache.kafka.streams.X",
                        Level.ERROR))),
                () -> assertEquals(FilterReply.DENY, quiet.decide(event("kafka.server.ReplicaManager",
                        Level.ERROR))),
                () -> assertEquals(FilterReply.DENY, quiet.decide(event("org.apache.kafka.storage.X",
                        Level.ERROR))));
        quiet.stop();
        assertEquals(FilterReply.NEUTRAL, quiet.decide(event("org.apache.kafka.streams.X", Level.INFO)),
                "a stopped filter lets everything through");
    }

    private static LoggingEvent event(final String logger, final Level level) {
        final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        return new LoggingEvent(DemoLoggingTest.class.getName(), context.getLogger(logger), level, "message", null,
                null);
    }
}
