package io.sentimentstreams.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM for a command that loops: while open, the first signal only marks the stop as
 * requested and runs {@code onStop} (such as waking a blocked consumer), so the command leaves its loop, finishes
 * its work (summary, report, closing clients) and returns its exit code normally. A second signal exits at once
 * with the usual 128 + signal number. Closing restores the previous handlers, so commands run in-process (tests)
 * leave nothing behind.
 *
 * <p>The JVM's own handling would start shutdown at the first signal and halt as soon as the shutdown hooks end,
 * cutting the command's clean-up short wherever it happens to be.
 */
final class StopSignal implements AutoCloseable {

    private static final List<String> SIGNALS = List.of("INT", "TERM");
    private static final int SIGNAL_EXIT_BASE = 128;

    private final AtomicBoolean requested = new AtomicBoolean();
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();

    StopSignal(final Runnable onStop) {
        final SignalHandler handler = signal -> {
            if (requested.compareAndSet(false, true)) {
                onStop.run();
            } else {
                System.err.println("stopping at once (second SIG" + signal.getName() + ")");
                System.exit(SIGNAL_EXIT_BASE + signal.getNumber());
            }
        };
        for (final String name : SIGNALS) {
            final Signal signal = new Signal(name);
            try {
                previous.put(signal, Signal.handle(signal, handler));
            } catch (final IllegalArgumentException reservedByTheJvm) {
                // e.g. with -Xrs the JVM leaves this signal alone; its default action applies
            }
        }
    }

    /** Whether Ctrl-C or SIGTERM asked the command to stop. */
    boolean requested() {
        return requested.get();
    }

    @Override
    public void close() {
        previous.forEach(Signal::handle);
        previous.clear();
    }
}
