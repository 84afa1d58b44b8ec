package io.sentimentstreams.app.console;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C (SIGINT) and SIGTERM for a command that loops, through the JVM's own shutdown hooks: while open, a
 * signal marks the stop as requested and runs {@code onStop} (such as waking a blocked consumer), then holds the
 * JVM's shutdown until the command has left its loop, finished its work (summary, report, closing clients) and
 * closed this, or until {@link #GRACE} has passed. The process then ends with the usual status for the signal
 * (130 for SIGINT, 143 for SIGTERM). Closing unregisters the hook, so commands run in-process (tests) leave nothing
 * behind. Resources the command closes after this one may be cut short: open it first.
 */
public final class StopSignal implements AutoCloseable {

    /** Longest the JVM's shutdown waits for the command to finish its work. */
    static final Duration GRACE = Duration.ofSeconds(60);

    private final AtomicBoolean requested = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    public StopSignal(final Runnable onStop) {
        hook = new Thread(() -> {
            requested.set(true);
            onStop.run();
            try {
                finished.await(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "stop-signal");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Whether Ctrl-C or SIGTERM asked the command to stop. */
    public boolean requested() {
        return requested.get();
    }

    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (final IllegalStateException shutdownUnderWay) {
            // the hook is running: the count-down above lets the JVM's shutdown go on
        }
    }
}
