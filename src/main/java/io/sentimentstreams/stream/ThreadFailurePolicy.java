package io.sentimentstreams.stream;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a streams client does when one of its stream threads dies: it replaces the thread at most
 * {@code failure.thread.replacements} times within {@code failure.window.ms}, so that a passing failure (a broker
 * that went away at the wrong moment) costs a rebalance and nothing more; the next failure within the window is
 * taken as one that will keep coming back, and shuts the client down ({@code SHUTDOWN_CLIENT}) rather than loop
 * forever. The reason is kept as {@link #fatal()}. Thread-safe; time is injected.
 */
public final class ThreadFailurePolicy implements StreamsUncaughtExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ThreadFailurePolicy.class);

    private final String client;
    private final int maxReplacements;
    private final long windowMs;
    private final LongSupplier clockMs;
    private final Deque<Long> replacements = new ArrayDeque<>();
    private final AtomicReference<String> fatal = new AtomicReference<>();
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();

    /**
     * @param client          the client's name in messages ({@code scorer}, {@code trainer})
     * @param maxReplacements threads replaced at most within the window; 0 shuts down at the first failure
     * @param windowMs        the window, in ms
     * @param clockMs         the clock, in ms
     */
    public ThreadFailurePolicy(final String client, final int maxReplacements, final long windowMs,
                               final LongSupplier clockMs) {
        if (maxReplacements < 0 || windowMs < 1) {
            throw new IllegalArgumentException("expected maxReplacements >= 0 and windowMs >= 1, got "
                    + maxReplacements + " and " + windowMs);
        }
        this.client = Objects.requireNonNull(client, "client");
        this.maxReplacements = maxReplacements;
        this.windowMs = windowMs;
        this.clockMs = Objects.requireNonNull(clockMs, "clockMs");
    }

    /** The policy of {@code settings} for the client named {@code client}. */
    public static ThreadFailurePolicy of(final String client, final StreamsSettings settings,
                                         final LongSupplier clockMs) {
        return new ThreadFailurePolicy(client, settings.failureThreadReplacements(), settings.failureWindowMs(),
                clockMs);
    }

    @Override
    public StreamThreadExceptionResponse handle(final Throwable exception) {
        firstFailure.compareAndSet(null, exception);
        final String cause = describe(exception);
        final long now = clockMs.getAsLong();
        synchronized (replacements) {
            while (!replacements.isEmpty() && replacements.peekFirst() <= now - windowMs) {
                replacements.removeFirst();
            }
            if (replacements.size() < maxReplacements) {
                replacements.addLast(now);
                LOG.error("A stream thread of the {} failed and is being replaced ({} of at most {} replacements"
                                + " within {}): {}", client, replacements.size(), maxReplacements, window(), cause,
                        exception);
                return StreamThreadExceptionResponse.REPLACE_THREAD;
            }
        }
        final String reason = "the " + client + "'s stream threads failed " + (maxReplacements == 0 ? "once" : maxReplacements + 1 + " times") + " within "
                + window() + " (failure.thread.replacements=" + maxReplacements + "); the last failure: " + cause;
        fatal.compareAndSet(null, reason);
        LOG.error("Shutting the {} down: {}", client, reason, exception);
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    /** Why the client was shut down, if it was. */
    public Optional<String> fatal() {
        return Optional.ofNullable(fatal.get());
    }

    /** The first failure of a stream thread of the client, replaced or not. */
    public Optional<Throwable> firstFailure() {
        return Optional.ofNullable(firstFailure.get());
    }

    private String window() {
        final Duration window = Duration.ofMillis(windowMs);
        return window.toSecondsPart() == 0 && window.toMillisPart() == 0 && window.toMinutes() > 0
                ? window.toMinutes() + " min" : windowMs % 1000 == 0 ? windowMs / 1000 + " s" : windowMs + " ms";
    }

    /** The innermost cause in one line: its class and message. */
    static String describe(final Throwable exception) {
        Throwable root = exception;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        final String message = root.getMessage() == null ? "" : ": " + root.getMessage().replace('\n', ' ');
        return root.getClass().getSimpleName() + message;
    }
}
