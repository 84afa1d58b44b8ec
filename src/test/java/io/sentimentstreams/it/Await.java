package io.sentimentstreams.it;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.opentest4j.AssertionFailedError;

/** Bounded waits on a condition: checks it every few milliseconds until it holds or the deadline passes. */
final class Await {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final long CHECK_EVERY_MS = 20;

    private Await() {
    }

    /** Waits until {@code condition} holds; fails with {@code what} and {@code state} when it does not in time. */
    static void until(final String what, final Duration timeout, final BooleanSupplier condition,
                      final Supplier<String> state) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionFailedError("Timed out after " + timeout.toSeconds() + " s waiting until " + what
                        + "; " + state.get());
            }
            try {
                Thread.sleep(CHECK_EVERY_MS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionFailedError("Interrupted while waiting until " + what, e);
            }
        }
    }

    static void until(final String what, final BooleanSupplier condition, final Supplier<String> state) {
        until(what, DEFAULT_TIMEOUT, condition, state);
    }
}
