package io.sentimentstreams.app;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C for a command that loops: on JVM shutdown it marks the stop as requested, runs {@code onStop} (such as
 * waking a blocked consumer) and waits a bounded time for the command to finish its own clean-up. Closing it
 * removes the hook, so commands run in-process (tests) leave nothing behind.
 */
final class StopSignal implements AutoCloseable {

    private static final long CLEAN_UP_SECONDS = 30;

    private final AtomicBoolean requested = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    StopSignal(final String name, final Runnable onStop) {
        hook = new Thread(() -> {
            requested.set(true);
            onStop.run();
            try {
                finished.await(CLEAN_UP_SECONDS, TimeUnit.SECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Whether Ctrl-C (or another shutdown) asked the command to stop. */
    boolean requested() {
        return requested.get();
    }

    @Override
    public void close() {
        finished.countDown();
        if (!requested.get()) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (final IllegalStateException shuttingDown) {
                // the JVM is already shutting down; the hook sees 'finished' and returns
            }
        }
    }
}
