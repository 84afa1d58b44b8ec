package io.sentimentstreams.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

/** The policy for failing stream threads, on an injected clock. */
class ThreadFailurePolicyTest {

    private static final long WINDOW_MS = 600_000;

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final ThreadFailurePolicy policy = new ThreadFailurePolicy("scorer", 3, WINDOW_MS, now::get);

    private static StreamsException failure() {
        return new StreamsException("task 0_1 failed", new IllegalStateException("boom"));
    }

    @Test
    void shouldReplaceAThreadAsOftenAsAllowedWithinTheWindow() {
        for (int i = 0; i < 3; i++) {
            now.addAndGet(1_000);
            assertEquals(StreamThreadExceptionResponse.REPLACE_THREAD, policy.handle(failure()));
        }
        assertTrue(policy.fatal().isEmpty());
    }

    @Test
    void shouldShutTheClientDownAtTheFailureAfterTheLastAllowedReplacement() {
        for (int i = 0; i < 3; i++) {
            policy.handle(failure());
        }
        now.addAndGet(WINDOW_MS - 1);

        assertEquals(StreamThreadExceptionResponse.SHUTDOWN_CLIENT, policy.handle(failure()));
        assertEquals("the scorer's stream threads failed 4 times within 10 min (failure.thread.replacements=3);"
                + " the last failure: IllegalStateException: boom", policy.fatal().orElseThrow());
    }

    @Test
    void shouldForgetReplacementsOlderThanTheWindow() {
        for (int i = 0; i < 3; i++) {
            policy.handle(failure());
        }
        now.addAndGet(WINDOW_MS);

        assertEquals(StreamThreadExceptionResponse.REPLACE_THREAD, policy.handle(failure()));
        assertTrue(policy.fatal().isEmpty());
    }

    @Test
    void shouldShutDownAtTheFirstFailureWhenNoReplacementIsAllowed() {
        final ThreadFailurePolicy strict = new ThreadFailurePolicy("trainer", 0, WINDOW_MS, now::get);

        assertEquals(StreamThreadExceptionResponse.SHUTDOWN_CLIENT, strict.handle(failure()));
        assertTrue(strict.fatal().orElseThrow().startsWith("the trainer's stream threads failed once within 10 min"));
    }

    @Test
    void shouldKeepTheFirstFailure() {
        final StreamsException first = failure();
        policy.handle(first);
        policy.handle(failure());

        assertEquals(first, policy.firstFailure().orElseThrow());
    }
}
