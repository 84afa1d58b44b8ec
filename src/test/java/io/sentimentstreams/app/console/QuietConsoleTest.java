package io.sentimentstreams.app.console;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class QuietConsoleTest {

    private static final LoggerContext CONTEXT = (LoggerContext) LoggerFactory.getILoggerFactory();

    @Test
    void shouldKeepClientWarningsOffTheConsoleAppenderWhileOpenAndNothingAfter() {
        final Appender<ILoggingEvent> console = CONTEXT.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                .getAppender("STDERR");
        final LoggingEvent retry = event("org.apache.kafka.clients.NetworkClient", Level.WARN);
        try (QuietConsole ignored = QuietConsole.attach()) {
            assertAll(
                    () -> assertEquals(FilterReply.DENY, console.getFilterChainDecision(retry)),
                    () -> assertEquals(FilterReply.NEUTRAL, console.getFilterChainDecision(
                            event("org.apache.kafka.clients.NetworkClient", Level.ERROR))),
                    () -> assertEquals(FilterReply.NEUTRAL, console.getFilterChainDecision(
                            event("io.sentimentstreams.app.X", Level.WARN))));
        }
        assertEquals(FilterReply.NEUTRAL, console.getFilterChainDecision(retry), "closed, it filters nothing");
    }

    private static LoggingEvent event(final String logger, final Level level) {
        return new LoggingEvent(QuietConsoleTest.class.getName(), CONTEXT.getLogger(logger), level, "message", null,
                null);
    }
}
